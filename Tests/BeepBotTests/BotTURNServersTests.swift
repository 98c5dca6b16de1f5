import BeepBot
import BeepCalls
import BeepSTUN
import Testing

/// Which `joined.iceServers` entries a bot can use (docs/bot.md "Through TURN"; RFC 7065 §3 URIs).
struct BotTURNServersTests {
    @Test func udpTURNURIsWithIPLiteralsAreUsedWithTheEntrysCredentials() {
        let servers = BotTURNServers.usable([
            ICEServer(urls: ["turn:127.0.0.1:3478?transport=udp", "turn:127.0.0.1:3478?transport=tcp",
                             "turns:127.0.0.1:5349?transport=tcp"], username: "1800000000:bot", credential: "pw"),
        ])
        #expect(servers.map(\.address) == [STUNAddress.ipv4(127, 0, 0, 1, port: 3478)])
        #expect(servers.first?.username == "1800000000:bot")
        #expect(servers.first?.password == "pw")
        #expect(servers.first?.transport == .udp)
    }

    @Test(arguments: [
        ("turn:127.0.0.1", STUNAddress.ipv4(127, 0, 0, 1, port: 3478)),
        ("turn:10.0.0.2:3479", STUNAddress.ipv4(10, 0, 0, 2, port: 3479)),
        ("turn:[::1]:3478?transport=udp", STUNAddress.ipv6([0, 0, 0, 0, 0, 0, 0, 1], port: 3478)),
    ])
    func addressesOfUDPURIs(url: String, address: STUNAddress) {
        #expect(BotTURNServers.udpAddress(of: url) == address)
    }

    @Test(arguments: ["stun:127.0.0.1:3478", "turn:turn.example.org:3478", "turn:127.0.0.1:0", "turn:127.0.0.1:99999",
                      "turn:[::1", "turn:127.0.0.1:3478?transport=tcp", "turn:", ""])
    func unusableURIsAreSkipped(url: String) {
        #expect(BotTURNServers.udpAddress(of: url) == nil)
    }

    @Test func entriesWithoutCredentialsAreSkipped() {
        #expect(BotTURNServers.usable([ICEServer(urls: ["turn:127.0.0.1:3478"])]).isEmpty)
    }
}
