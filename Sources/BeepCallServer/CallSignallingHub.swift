import BeepCalls
import Foundation
import Logging
import NIOConcurrencyHelpers
import ServiceLifecycle

/// The one owner of the call rooms' signalling state: WebSocket connections submit frames,
/// the media side submits SDP and speaker events; one task applies them in order to
/// `CallRoomsState` and carries out its outputs (frames to connections, commands to media).
public final class CallSignallingHub: Service, Sendable {
    private enum Event: Sendable {
        case opened(ConnectionID, AsyncStream<String>.Continuation)
        case input(CallInput)
        case admin(CallAdminCommand, CheckedContinuation<CallAdminError?, Never>)
        case tuning(CheckedContinuation<CallTuning, Never>)
    }

    private let events: AsyncStream<Event>
    private let continuation: AsyncStream<Event>.Continuation
    private let verifier: JoinTokenVerifier
    private let iceServerIssuer: ICEServerIssuer
    private let configuration: CallRoomsConfiguration
    private let nextConnection = NIOLockedValueBox<UInt64>(1)
    private let media = NIOLockedValueBox<(@Sendable (MediaCommand) -> Void)?>(nil)
    private let logger: Logger

    /// How often the hub sends ``CallInput/tick`` (grace periods end within this much).
    static let tickInterval: Duration = .milliseconds(250)

    /// A hub verifying join tokens with `verifier`; participants entering a call get the TURN
    /// servers and credentials `iceServerIssuer` issues (``TURNJoinCredentials``);
    /// `configuration` sets the resume grace period.
    public init(verifier: JoinTokenVerifier, iceServerIssuer: ICEServerIssuer = .none,
                configuration: CallRoomsConfiguration = CallRoomsConfiguration(), logger: Logger) {
        (events, continuation) = AsyncStream.makeStream(of: Event.self)
        self.verifier = verifier
        self.iceServerIssuer = iceServerIssuer
        self.configuration = configuration
        self.logger = logger
    }

    /// Where media commands go (the call media coordinator).
    public func attachMedia(_ handler: @escaping @Sendable (MediaCommand) -> Void) {
        media.withLockedValue { $0 = handler }
    }

    /// Carries out an operator's change in order with the signalling inputs; throws when it is
    /// refused (nothing changed then).
    public func administer(_ command: CallAdminCommand) async throws(CallAdminError) {
        let refusal = await withCheckedContinuation { (reply: CheckedContinuation<CallAdminError?, Never>) in
            if case .terminated = continuation.yield(.admin(command, reply)) {
                reply.resume(returning: CallAdminError(.notSupported, "signalling is shutting down"))
            }
        }
        if let refusal { throw refusal }
    }

    /// The operator settings in force (an empty tuning when the hub no longer runs).
    public func tuning() async -> CallTuning {
        await withCheckedContinuation { (reply: CheckedContinuation<CallTuning, Never>) in
            if case .terminated = continuation.yield(.tuning(reply)) { reply.resume(returning: CallTuning()) }
        }
    }

    /// Registers a new WebSocket connection; returns its id and the frames to write to it.
    public func open() -> (ConnectionID, AsyncStream<String>) {
        let id = nextConnection.withLockedValue { value in
            defer { value &+= 1 }
            return ConnectionID(rawValue: value)
        }
        let (frames, writer) = AsyncStream.makeStream(of: String.self, bufferingPolicy: .bufferingNewest(256))
        continuation.yield(.opened(id, writer))
        return (id, frames)
    }

    /// Feeds one input (a frame, a disconnect, an SFU event) to the state.
    public func submit(_ input: CallInput) {
        continuation.yield(.input(input))
    }

    /// Applies inputs until graceful shutdown.
    public func run() async throws {
        var state = CallRoomsState(verifier: verifier, iceServerIssuer: iceServerIssuer, configuration: configuration)
        var writers: [ConnectionID: AsyncStream<String>.Continuation] = [:]
        let ticker = Task { [continuation] in
            while !Task.isCancelled {
                try? await Task.sleep(for: Self.tickInterval)
                continuation.yield(.input(.tick))
            }
        }
        defer { ticker.cancel() }
        await withGracefulShutdownHandler {
            for await event in events {
                switch event {
                case .opened(let id, let writer):
                    writers[id] = writer
                case .input(let input):
                    if case .tick = input, (state.nextDeadline.map { $0 > Date() } ?? true) { continue }
                    carryOut(state.handle(input, now: Date()), writers: &writers)
                    if case .disconnected(let id) = input { writers.removeValue(forKey: id)?.finish() }
                case .admin(let command, let reply):
                    do throws(CallAdminError) {
                        carryOut(try state.administer(command, now: Date()), writers: &writers)
                        reply.resume(returning: nil)
                    } catch {
                        reply.resume(returning: error)
                    }
                case .tuning(let reply):
                    reply.resume(returning: state.tuning)
                }
            }
        } onGracefulShutdown: {
            self.continuation.finish()
        }
        for writer in writers.values { writer.finish() }
    }

    /// Sends frames, media commands and closes, in order.
    private func carryOut(_ outputs: [CallOutput], writers: inout [ConnectionID: AsyncStream<String>.Continuation]) {
        for output in outputs {
            switch output {
            case .send(let id, let envelope):
                writers[id]?.yield(String(decoding: envelope.jsonFrame(), as: UTF8.self))
            case .media(let command):
                media.withLockedValue { $0 }?(command)
            case .close(let id):
                writers.removeValue(forKey: id)?.finish()
            }
        }
    }
}
