import BeepCalls
import BeepSFUControlProto
import GRPCCore
import Logging

/// The media node's side of `SFUControl`: each Connect stream's commands go to `handle` (the
/// call media coordinator) and the relay's events go back on the stream. One stream at a time:
/// a new Connect ends the previous one. When a stream ends, the participants it joined are
/// made to leave, so a restarted `beep` starts from empty rooms.
public struct SFUControlService: Beep_Sfu_V1_SFUControl.SimpleServiceProtocol {
    private let handle: @Sendable (MediaCommand) -> Void
    private let relay: SFUEventRelay
    private let version: String
    private let logger: Logger

    /// A service feeding commands to `handle` and streaming `relay`'s events back.
    public init(relay: SFUEventRelay, version: String, logger: Logger,
                handle: @escaping @Sendable (MediaCommand) -> Void) {
        self.handle = handle
        self.relay = relay
        self.version = version
        self.logger = logger
    }

    /// Serves one control stream until the client closes it, a newer stream replaces it, or
    /// the node shuts down.
    public func connect(request: RPCAsyncSequence<Beep_Sfu_V1_MediaCommandMessage, any Error>,
                        response: RPCWriter<Beep_Sfu_V1_MediaEventMessage>,
                        context: ServerContext) async throws {
        let (id, events) = relay.attach()
        logger.notice("control stream opened", metadata: ["peer": "\(context.remotePeer)", "stream": "\(id)"])
        let joined = JoinedParticipants()
        let handle = self.handle
        let logger = self.logger
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                do {
                    for try await message in request {
                        do {
                            let command = try MediaCommand(proto: message)
                            joined.record(command)
                            handle(command)
                        } catch {
                            logger.warning("refused control command", metadata: ["error": "\(error)"])
                        }
                    }
                } catch {
                    logger.warning("control stream failed", metadata: ["error": "\(error)"])
                }
            }
            group.addTask {
                for await input in events {
                    guard let message = MediaEvent.proto(input) else { continue }
                    do { try await response.write(message) } catch { return }
                }
            }
            await group.next()
            group.cancelAll()
        }
        relay.detach(id)
        let left = joined.drain()
        for (participant, room) in left { handle(.participantLeft(room: room, participant: participant)) }
        logger.notice("control stream closed", metadata: ["stream": "\(id)", "participants_left": "\(left.count)"])
    }

    /// Always serving while the process runs.
    public func health(request: Beep_Sfu_V1_HealthRequest,
                       context: ServerContext) async throws -> Beep_Sfu_V1_HealthResponse {
        var response = Beep_Sfu_V1_HealthResponse()
        response.status = "serving"
        response.version = version
        return response
    }
}
