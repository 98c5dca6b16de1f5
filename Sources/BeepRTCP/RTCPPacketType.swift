/// RTCP packet type numbers (the second octet of every RTCP header).
///
/// RFC 3550 §12.1 (SR, RR, SDES, BYE, APP), RFC 4585 §6.1 (RTPFB, PSFB), RFC 3611 §2 (XR).
public enum RTCPPacketType {
    /// Sender report, RFC 3550 §6.4.1.
    public static let senderReport: UInt8 = 200
    /// Receiver report, RFC 3550 §6.4.2.
    public static let receiverReport: UInt8 = 201
    /// Source description, RFC 3550 §6.5.
    public static let sourceDescription: UInt8 = 202
    /// Goodbye, RFC 3550 §6.6.
    public static let goodbye: UInt8 = 203
    /// Application-defined, RFC 3550 §6.7.
    public static let applicationDefined: UInt8 = 204
    /// Transport-layer feedback (RTPFB), RFC 4585 §6.2.
    public static let transportFeedback: UInt8 = 205
    /// Payload-specific feedback (PSFB), RFC 4585 §6.3.
    public static let payloadFeedback: UInt8 = 206
    /// Extended report (XR), RFC 3611 §2.
    public static let extendedReport: UInt8 = 207
}

/// Feedback message types (the FMT field of RTPFB and PSFB headers).
public enum RTCPFeedbackFormat {
    /// RTPFB FMT 1: Generic NACK, RFC 4585 §6.2.1.
    public static let genericNACK: UInt8 = 1
    /// RTPFB FMT 15: transport-wide congestion control feedback,
    /// draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1.
    public static let transportWideCC: UInt8 = 15
    /// PSFB FMT 1: Picture Loss Indication, RFC 4585 §6.3.1.
    public static let pictureLossIndication: UInt8 = 1
    /// PSFB FMT 4: Full Intra Request, RFC 5104 §4.3.1.
    public static let fullIntraRequest: UInt8 = 4
    /// PSFB FMT 15: application-layer feedback (carries REMB), RFC 4585 §6.4.
    public static let applicationLayer: UInt8 = 15
}
