import BeepSRTP
import BenchSupport
import CSRTPReference

/// A sender and a receiver session of libsrtp2 driven through the C reference target, with
/// the same keys as ``SRTPPair``: what SRTP costs without BeepSRTP's wrapper.
final class ReferenceSRTPPair {
    let sender: OpaquePointer
    let receiver: OpaquePointer

    init(_ profile: SRTPProfile) {
        // The sender protects and the receiver unprotects the same direction's keys.
        let (key, salt) = SRTPPair.keying(profile, senderToReceiver: true)
        let material = key + salt
        guard let sender = material.withUnsafeBufferPointer({
                  beep_srtp_reference_create(profile.rawValue, $0.baseAddress, $0.count, 1) }),
              let receiver = material.withUnsafeBufferPointer({
                  beep_srtp_reference_create(profile.rawValue, $0.baseAddress, $0.count, 0) }) else {
            fail("libsrtp refused the \(profile.name) reference sessions")
        }
        self.sender = sender
        self.receiver = receiver
    }

    deinit {
        beep_srtp_reference_free(sender)
        beep_srtp_reference_free(receiver)
    }
}
