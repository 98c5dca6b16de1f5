import BeepCalls
import Foundation

/// Drives a ``CallRoomsState`` with JSON frames, as the WebSocket driver would.
struct CallRoomsHarness {
    var state: CallRoomsState
    var now = CallTestFixtures.now

    init(configuration: CallRoomsConfiguration = CallRoomsConfiguration()) throws {
        state = CallRoomsState(verifier: try CallTestFixtures.issuer().verifier, configuration: configuration)
    }

    mutating func send(_ connection: UInt64, _ json: String) -> [CallOutput] {
        state.handle(.frame(ConnectionID(rawValue: connection), CallTestFixtures.frame(json)), now: now)
    }

    mutating func join(_ connection: UInt64, identity: String, room: String = "general", media: Bool = true,
                       permissions: Set<CallPermission> = Set(CallPermission.allCases),
                       id: String = "j") async throws -> [CallOutput] {
        let token = try await CallTestFixtures.token(room: room, identity: identity, permissions: permissions)
        return send(connection, #"{"v":1,"id":"\#(id)","type":"join","token":"\#(token)","room":"\#(room)","media":\#(media)}"#)
    }

    mutating func handle(_ input: CallInput) -> [CallOutput] { state.handle(input, now: now) }
}

extension [CallOutput] {
    /// The server messages sent to one connection, in order.
    func sent(to connection: UInt64) -> [ServerEnvelope] {
        compactMap {
            if case .send(let target, let envelope) = $0, target.rawValue == connection { envelope } else { nil }
        }
    }

    /// The connections that received a message.
    var recipients: Set<UInt64> {
        Set(compactMap { if case .send(let target, _) = $0 { target.rawValue } else { nil } })
    }

    /// The SFU commands, in order.
    var media: [MediaCommand] {
        compactMap { if case .media(let command) = $0 { command } else { nil } }
    }

    /// The error codes sent to one connection.
    func errors(to connection: UInt64) -> [SignallingErrorCode] {
        sent(to: connection).compactMap { if case .error(let code, _) = $0.message { code } else { nil } }
    }
}

extension ServerEnvelope {
    var joined: JoinedInfo? { if case .joined(let info) = message { info } else { nil } }
    var presence: Presence? { if case .presence(let presence) = message { presence } else { nil } }
}
