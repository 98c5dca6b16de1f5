/// DTLS record boundaries (RFC 6347 §4.1): a 13-byte header (type, version, epoch,
/// sequence number, length) followed by `length` bytes. Used to split what OpenSSL
/// writes into a memory BIO (which concatenates records and datagrams) and to screen
/// received datagrams before OpenSSL sees them.
enum DTLSRecordFraming {
    /// Record header length: type 1, version 2, epoch 2, sequence number 6, length 2.
    static let headerLength = 13

    /// Splits concatenated records; nil if the bytes are not a whole number of
    /// well-formed records: content type 20...25 (RFC 7983 §7 reserves 20...63 for DTLS;
    /// these are the ones defined), a DTLS version (major byte 0xFE, RFC 6347 §4.1), and
    /// a length that fits.
    static func split(_ bytes: [UInt8]) -> [ArraySlice<UInt8>]? {
        var records: [ArraySlice<UInt8>] = []
        var offset = 0
        while offset < bytes.count {
            guard bytes.count - offset >= headerLength else { return nil }
            let contentType = bytes[offset]
            guard (20...25).contains(contentType), bytes[offset + 1] == 0xFE else { return nil }
            let bodyLength = Int(bytes[offset + 11]) << 8 | Int(bytes[offset + 12])
            guard bytes.count - offset - headerLength >= bodyLength else { return nil }
            let end = offset + headerLength + bodyLength
            records.append(bytes[offset..<end])
            offset = end
        }
        return records
    }

    /// Whether a record belongs to a handshake flight: a ChangeCipherSpec (content type
    /// 20) or a handshake message (22) (RFC 6347 §4.2.4: CCS counts as part of the flight).
    static func isHandshakeFlightRecord(_ record: ArraySlice<UInt8>) -> Bool {
        guard let contentType = record.first else { return false }
        return contentType == 20 || contentType == 22
    }

    /// Packs records, in order, into datagrams of at most `mtu` bytes (RFC 6347 §4.1.1:
    /// several records may share a datagram; none may span two). A record longer than
    /// `mtu` travels alone.
    static func pack(_ records: [ArraySlice<UInt8>], mtu: Int) -> [[UInt8]] {
        var datagrams: [[UInt8]] = []
        var current: [UInt8] = []
        for record in records {
            if !current.isEmpty, current.count + record.count > mtu {
                datagrams.append(current)
                current = []
            }
            current.append(contentsOf: record)
        }
        if !current.isEmpty { datagrams.append(current) }
        return datagrams
    }
}
