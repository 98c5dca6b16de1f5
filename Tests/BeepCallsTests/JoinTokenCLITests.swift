import BeepCalls
import Crypto
import Foundation
import Testing

@Suite("beep token create")
struct JoinTokenCLITests {
    private func temporaryDirectory() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("beep-calls-\(UUID().uuidString)")
    }

    @Test("creates the key file (mode 0600) on first use and prints a token it verifies")
    func createsKeyAndToken() async throws {
        let data = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: data) }
        let result = await JoinTokenCLI.run(
            arguments: ["create", "--room", "general", "--identity", "bob", "--name", "Bob", "--ttl", "120",
                        "--permissions", "publishAudio,subscribe"],
            environment: [:], dataDirectory: data, now: CallTestFixtures.now)
        #expect(result.exitCode == 0)
        #expect(result.standardError.isEmpty)
        let keyPath = data.appendingPathComponent(JoinTokenKeyStore.fileName).path
        let attributes = try FileManager.default.attributesOfItem(atPath: keyPath)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let key = try JoinTokenKeyStore.loadOrCreate(environment: [:], dataDirectory: data)
        let token = result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        let grant = try JoinTokenVerifier(publicKey: key.publicKey)
            .verify(token, room: "general", now: CallTestFixtures.now.addingTimeInterval(119))
        #expect(grant.identity == "bob")
        #expect(grant.name == "Bob")
        #expect(grant.permissions == [.publishAudio, .subscribe])
        #expect(!result.standardOutput.contains(try String(contentsOfFile: keyPath, encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)))
    }

    @Test("the key from BEEP_CALL_TOKEN_KEY wins over the data directory")
    func keyFromEnvironment() async throws {
        let data = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: data) }
        // RFC 8032 §7.1 TEST 1 secret key, base64url.
        let raw = Data(CallTestFixtures.bytes(hex: CallTestFixtures.rfc8032Test1SecretKeyHex))
        let text = raw.base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        let result = await JoinTokenCLI.run(arguments: ["create", "--room", "r", "--identity", "i"],
                                            environment: [JoinTokenKeyStore.environmentVariable: text],
                                            dataDirectory: data, now: CallTestFixtures.now)
        #expect(result.exitCode == 0)
        let token = result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(throws: Never.self) {
            try CallTestFixtures.issuer().verifier.verify(token, room: "r", now: CallTestFixtures.now)
        }
        #expect(!FileManager.default.fileExists(atPath: data.path))
    }

    @Test("bad arguments exit 64 with usage", arguments: [
        ["create", "--identity", "i"],
        ["create", "--room", "r"],
        ["create", "--room", "r", "--identity", "i", "--ttl", "-5"],
        ["create", "--room", "r", "--identity", "i", "--permissions", "fly"],
        ["create", "--room", "r", "--identity", "i", "--bogus", "x"],
        ["create", "--room"],
        ["delete"],
        [],
    ])
    func badArguments(arguments: [String]) async {
        let result = await JoinTokenCLI.run(arguments: arguments, environment: [:],
                                            dataDirectory: temporaryDirectory(), now: CallTestFixtures.now)
        #expect(result.exitCode == 64)
        #expect(result.standardOutput.isEmpty)
        #expect(result.standardError.contains("usage: beep token create"))
    }

    @Test("a malformed key in the environment fails without printing it")
    func badKey() async {
        let result = await JoinTokenCLI.run(arguments: ["create", "--room", "r", "--identity", "i"],
                                            environment: [JoinTokenKeyStore.environmentVariable: "c2VjcmV0"],
                                            dataDirectory: temporaryDirectory(), now: CallTestFixtures.now)
        #expect(result.exitCode == 1)
        #expect(!result.standardError.contains("c2VjcmV0"))
    }
}
