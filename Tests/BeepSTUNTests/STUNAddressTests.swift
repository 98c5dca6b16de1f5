import BeepSTUN
import BeepWire
import Testing

/// Addresses: RFC 8489 §14.1 families, and RFC 5952 §4 text.
struct STUNAddressTests {
    /// RFC 5952 §4.2.1-§4.2.3 and §4.3 examples of the canonical text form, and §5's mixed
    /// notation for IPv4-mapped addresses.
    @Test("RFC 5952 §4: canonical IPv6 text", arguments: [
        ("2001:db8:0:0:0:0:2:1", "2001:db8::2:1"),
        ("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"),
        ("2001:0:0:1:0:0:0:1", "2001:0:0:1::1"),
        ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),
        ("2001:DB8::1", "2001:db8::1"),
        ("::", "::"),
        ("::1", "::1"),
        ("::ffff:192.0.2.1", "::ffff:192.0.2.1"),
        ("::ffff:c000:201", "::ffff:192.0.2.1"),
    ])
    func ipv6Text(input: String, canonical: String) throws {
        let address = try #require(STUNAddress(host: input, port: 3478))
        #expect(address.family == .ipv6)
        #expect(address.hostDescription == canonical)
        #expect(address.description == "[\(canonical)]:3478")
        #expect(STUNAddress(address.description) == address)
    }

    @Test("IPv4 text and host:port parsing")
    func ipv4Text() {
        let address = STUNAddress.ipv4(192, 0, 2, 1, port: 32853)
        #expect(address.description == "192.0.2.1:32853")
        #expect(STUNAddress("192.0.2.1:32853") == address)
        #expect(STUNAddress(host: "192.0.2.1", port: 32853) == address)
    }

    @Test("not address literals", arguments: [
        "example.org:3478", "1.2.3:80", "1.2.3.256:80", "1.2.3.4", "[::1]", "[::1]:70000",
        "2001:db8::1:3478", "[1::2::3]:1", "[12345::]:1", "[1:2:3:4:5:6:7:8:9]:1", "[:1]:1", "",
    ])
    func rejectsNonLiterals(text: String) {
        #expect(STUNAddress(text) == nil)
    }

    @Test("RFC 8489 §14.1: the byte count must match the family")
    func familyLength() throws {
        #expect(throws: WireError.self) { try STUNAddress(family: .ipv4, addressBytes: [1, 2, 3], port: 1) }
        #expect(throws: WireError.self) { try STUNAddress(family: .ipv6, addressBytes: [1, 2, 3, 4], port: 1) }
        let address = try STUNAddress(family: .ipv4, addressBytes: [10, 0, 0, 1], port: 9)
        #expect(address == .ipv4(10, 0, 0, 1, port: 9))
    }
}
