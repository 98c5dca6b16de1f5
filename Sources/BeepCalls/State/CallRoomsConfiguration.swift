import Foundation

/// Tunables of ``CallRoomsState``.
public struct CallRoomsConfiguration: Sendable {
    /// How long a participant whose WebSocket dropped keeps its place, tracks and media
    /// before it is removed (docs/signalling.md, "Resuming"). Zero removes it at once.
    public var resumeGrace: TimeInterval
    /// Makes a fresh resume secret (at least 128 random bits, printable).
    public var makeResumeSecret: @Sendable () -> String

    /// The default grace period: 30 s.
    public static let defaultResumeGrace: TimeInterval = 30

    /// The environment variable that overrides ``resumeGrace`` (seconds, e.g. for tests).
    public static let resumeGraceEnvironmentVariable = "BEEP_CALL_RESUME_GRACE_SECONDS"

    /// A configuration with `resumeGrace` (30 s by default) and 256-bit random secrets.
    public init(resumeGrace: TimeInterval = defaultResumeGrace,
                makeResumeSecret: @escaping @Sendable () -> String = CallRoomsConfiguration.randomSecret) {
        self.resumeGrace = max(0, resumeGrace)
        self.makeResumeSecret = makeResumeSecret
    }

    /// The default configuration with the grace period from
    /// ``resumeGraceEnvironmentVariable`` when it holds a number of seconds from 0 to 3600.
    public static func fromEnvironment(_ environment: [String: String]) -> CallRoomsConfiguration {
        guard let text = environment[resumeGraceEnvironmentVariable], let seconds = TimeInterval(text),
              seconds.isFinite, (0...3_600).contains(seconds) else { return CallRoomsConfiguration() }
        return CallRoomsConfiguration(resumeGrace: seconds)
    }

    /// 32 bytes from the system's random generator, base64url (RFC 4648 §5).
    @Sendable public static func randomSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        return Base64URL.encode((0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }
}

/// Compares two secrets in time independent of where they differ.
func constantTimeEqual(_ lhs: String, _ rhs: String) -> Bool {
    let a = Array(lhs.utf8)
    let b = Array(rhs.utf8)
    guard a.count == b.count else { return false }
    var difference: UInt8 = 0
    for (x, y) in zip(a, b) { difference |= x ^ y }
    return difference == 0
}
