import BeepSFUServer
import Testing

/// ICE-restart aliases in the session directory (RFC 8445 §9): the UDP driver finds the
/// session hosted under its first ufrag from the new one.
@Suite struct SessionDirectoryRestartTests {
    @Test("a restart alias names the hosting ufrag and the new password until withdrawn")
    func aliases() {
        let directory = SessionDirectory()
        #expect(directory.restart(localUfrag: "new1") == nil)
        directory.announceRestart(RestartedCredentials(hostingUfrag: "first", localUfrag: "new1",
                                                       localPassword: "password-new-1-0123456789"))
        directory.announceRestart(RestartedCredentials(hostingUfrag: "first", localUfrag: "new2",
                                                       localPassword: "password-new-2-0123456789"))
        directory.announceRestart(RestartedCredentials(hostingUfrag: "other", localUfrag: "x1",
                                                       localPassword: "password-x-1-0123456789"))
        #expect(directory.restart(localUfrag: "new2")?.hostingUfrag == "first")
        #expect(directory.restart(localUfrag: "new1")?.localPassword == "password-new-1-0123456789")
        directory.withdrawRestarts(hostingUfrag: "first")
        #expect(directory.restart(localUfrag: "new1") == nil)
        #expect(directory.restart(localUfrag: "new2") == nil)
        #expect(directory.restart(localUfrag: "x1")?.hostingUfrag == "other")
    }
}
