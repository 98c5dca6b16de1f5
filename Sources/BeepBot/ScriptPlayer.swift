import NIOCore

/// Plays a ``BotScript`` against an engine: each step hops onto the engine's loop; `join`
/// waits for `joined` and then for media to connect, failing after the step timeout.
struct ScriptPlayer: Sendable {
    let options: BotOptions
    let engine: NIOLoopBound<BotEngine>

    /// How often the player looks at the engine's phase while waiting.
    static let pollInterval: Duration = .milliseconds(20)
    /// Media keeps flowing this long after `leave` is announced.
    static let leaveGrace: Duration = .milliseconds(300)

    func play() async throws {
        for step in options.script.steps {
            try await checkFailure()
            switch step {
            case .join:
                try await run { $0.join() }
                try await waitFor("joined", timeout: options.stepTimeout) { phase in
                    if case .joining = phase { return false }
                    return true
                }
                try await waitFor("media connected (ICE + DTLS)", timeout: options.stepTimeout) { phase in
                    phase == .mediaConnected
                }
            case .speak, .unmute:
                try await run { $0.setAudio(live: true) }
            case .mute:
                try await run { $0.setAudio(live: false) }
            case .camera(let on):
                try await run { $0.setCamera(on: on) }
            case .leave:
                try await run { $0.leave() }
                try await Task.sleep(for: Self.leaveGrace)
                try await run { $0.closeMedia() }
            case .wait(let duration):
                try await sleepWatching(duration)
            }
        }
        try await checkFailure()
        try await run { $0.scriptFinished = true }
    }

    private func run(_ body: @escaping @Sendable (BotEngine) -> Void) async throws {
        let engine = self.engine
        try await engine.eventLoop.submit { body(engine.value) }.get()
    }

    private func phase() async throws -> BotPhase {
        let engine = self.engine
        return try await engine.eventLoop.submit { engine.value.phase }.get()
    }

    private func checkFailure() async throws {
        if case .failed(let error) = try await phase() { throw error }
    }

    private func waitFor(_ what: String, timeout: Duration, until done: (BotPhase) -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while true {
            let phase = try await phase()
            if case .failed(let error) = phase { throw error }
            if done(phase) { return }
            guard ContinuousClock.now < deadline else {
                throw BotError(.callFailed, "timed out after \(timeout) waiting for \(what)")
            }
            try await Task.sleep(for: Self.pollInterval)
        }
    }

    /// Waits, ending early (with the error) when the call fails meanwhile.
    private func sleepWatching(_ duration: Duration) async throws {
        let deadline = ContinuousClock.now + duration
        while ContinuousClock.now < deadline {
            try await checkFailure()
            try await Task.sleep(for: min(.milliseconds(100), deadline - ContinuousClock.now))
        }
    }
}
