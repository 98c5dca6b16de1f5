import BeepSFUControl
import Testing

@Suite struct SFUAddressTests {
    @Test func parsesHostAndPort() throws {
        #expect(try SFUAddress(url: "grpc://127.0.0.1:9090") == SFUAddress(host: "127.0.0.1", port: 9090))
        #expect(try SFUAddress(url: "grpc://sfu.internal:9091/") == SFUAddress(host: "sfu.internal", port: 9091))
        #expect(try SFUAddress(url: "grpc://[::1]:9090") == SFUAddress(host: "::1", port: 9090))
        #expect(SFUAddress(host: "::1", port: 9090).description == "grpc://[::1]:9090")
    }

    @Test(arguments: ["http://127.0.0.1:9090", "grpc://127.0.0.1", "grpc://:9090", "grpc://h:0",
                      "grpc://h:70000", "grpc://h:x", "grpc://[::1]9090", ""])
    func refusesBadURLs(_ url: String) {
        let error = #expect(throws: SFUControlError.self) { try SFUAddress(url: url) }
        #expect(error?.code == .badURL)
    }
}
