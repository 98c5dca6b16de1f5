import BeepBot
import Testing

@Suite struct BotScriptTests {
    @Test func parsesEveryStep() throws {
        let script = try BotScript.parse("join; wait 1.5; mute\nunmute; speak; camera off; wait 0; camera on; leave; wait 2")
        #expect(script.steps == [.join, .wait(.milliseconds(1500)), .mute, .unmute, .speak, .camera(on: false),
                                 .wait(.zero), .camera(on: true), .leave, .wait(.seconds(2))])
    }

    @Test func toleratesCaseBlanksAndEmptySteps() throws {
        let script = try BotScript.parse("  JOIN ;; Wait   3 ;\n\n Camera  OFF ; ")
        #expect(script.steps == [.join, .wait(.seconds(3)), .camera(on: false)])
    }

    @Test(arguments: [
        ("", "first step must be `join`"),
        ("wait 1; join", "first step must be `join`"),
        ("join; join", "only once"),
        ("join; dance", "unknown step `dance`"),
        ("join; wait", "unknown step `wait`"),
        ("join; wait -1", "`wait` takes seconds"),
        ("join; wait nan", "`wait` takes seconds"),
        ("join; wait 99999", "`wait` takes seconds"),
        ("join; camera sideways", "unknown step"),
        ("join; share screen", "screen sharing"),
        ("join; leave; mute", "only `wait` may follow `leave`"),
    ])
    func refusesBadScripts(text: String, reason: String) {
        #expect {
            try BotScript.parse(text)
        } throws: { error in
            guard let error = error as? BotError else { return false }
            return error.code == .badArguments && error.reason.contains(reason)
        }
    }

    @Test func stayScript() {
        #expect(BotScript.stay(seconds: 2.5).steps == [.join, .wait(.milliseconds(2500)), .leave])
    }

    @Test func stepDescriptionsReadLikeTheScript() {
        #expect(BotStep.camera(on: false).description == "camera off")
        #expect(BotStep.wait(.milliseconds(1500)).description == "wait 1.5")
    }

    @Test(arguments: [
        ("http://127.0.0.1:18090", "ws://127.0.0.1:18090/call/ws"),
        ("http://127.0.0.1:18090/", "ws://127.0.0.1:18090/call/ws"),
        ("ws://127.0.0.1:1/call/ws", "ws://127.0.0.1:1/call/ws"),
        ("ws://localhost:8080/other", "ws://localhost:8080/other"),
    ])
    func signallingURLs(base: String, expected: String) throws {
        #expect(try BotOptions.signallingURL(from: base) == expected)
    }

    @Test(arguments: ["ftp://x", "127.0.0.1:80", "ws://", "http:///call/ws", "wss://secure.example/call/ws"])
    func refusesOtherURLs(base: String) {
        #expect(throws: BotError.self) { try BotOptions.signallingURL(from: base) }
    }

    @Test func exitCodesAreDistinct() {
        let codes = BotError.Code.allCases.map(\.exitCode)
        #expect(Set(codes).count == codes.count)
        #expect(!codes.contains(0) && !codes.contains(1))
    }
}
