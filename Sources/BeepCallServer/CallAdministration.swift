import BeepCalls
import Foundation

/// The admin API's changes (docs/operations.md, "Tuning"): decodes a request, has the
/// signalling hub carry it out, writes the audit line, and answers with an HTTP status and a
/// JSON ``AdminActionReply``. The HTTP routes and the token check are the gateway's.
public struct CallAdministration: Sendable {
    /// The changes, by their audit names.
    public enum Action: String, Sendable, CaseIterable {
        /// `POST /admin/rooms/{room}/limits` with a ``RoomLimits`` body.
        case roomLimits = "room.limits"
        /// `POST /admin/rooms/{room}/participants/{participant}/mute` with a ``ParticipantMuteRequest``.
        case mute = "participant.mute"
        /// `POST /admin/rooms/{room}/participants/{participant}/remove`.
        case remove = "participant.remove"
        /// `POST /admin/drain` with a ``DrainRequest``.
        case drain = "node.drain"
    }

    private let apply: @Sendable (CallAdminCommand) async throws(CallAdminError) -> Void
    private let audit: AuditLog
    private let clock: @Sendable () -> Date

    /// Changes carried out by `hub`, recorded in `audit`.
    public init(hub: CallSignallingHub, audit: AuditLog) {
        self.init(audit: audit, clock: { Date() }) { command throws(CallAdminError) in try await hub.administer(command) }
    }

    /// Changes carried out by `apply` (tests pass a state machine), recorded in `audit`.
    init(audit: AuditLog, clock: @escaping @Sendable () -> Date,
         apply: @escaping @Sendable (CallAdminCommand) async throws(CallAdminError) -> Void) {
        self.apply = apply
        self.audit = audit
        self.clock = clock
    }

    /// Carries out `action` (an ``Action`` raw value) on `room`/`participant` with the JSON
    /// `body`, on behalf of `actor`; returns the HTTP status and the reply's JSON.
    public func perform(action name: String, room: String?, participant: String?, body: Data,
                        actor: String) async -> (status: Int, json: String) {
        let parts = [room.map { "room:\($0)" }, participant.map { "participant:\($0)" }].compactMap { $0 }
        let target = parts.isEmpty ? "node" : parts.joined(separator: "/")
        guard let action = Action(rawValue: name) else {
            return reply(AdminActionReply(ok: false, action: name, target: target, code: "not_found",
                                          error: "no such admin action"), status: 404)
        }
        let command: CallAdminCommand
        let details: [String: String]
        do throws(CallAdminError) {
            (command, details) = try Self.command(action, room: room, participant: participant, body: body)
        } catch {
            return refuse(error, action: action, target: target, details: [:], actor: actor)
        }
        do throws(CallAdminError) {
            try await apply(command)
        } catch {
            return refuse(error, action: action, target: target, details: details, actor: actor)
        }
        audit.record(AuditEntry(time: clock(), actor: actor, action: action.rawValue, target: target,
                                details: details, result: "ok"))
        return reply(AdminActionReply(ok: true, action: action.rawValue, target: target), status: 200)
    }

    /// The command a request asks for, and its values for the audit line.
    static func command(_ action: Action, room: String?, participant: String?,
                        body: Data) throws(CallAdminError) -> (CallAdminCommand, [String: String]) {
        switch action {
        case .roomLimits:
            let limits: RoomLimits = try decode(body, default: RoomLimits())
            return (.setRoomLimits(room: try required(room, "room"), limits), [
                "maxParticipants": limits.maxParticipants.map(String.init) ?? "none",
                "maxBitrateKbps": limits.maxBitrateKbps.map(String.init) ?? "none",
            ])
        case .mute:
            let request: ParticipantMuteRequest = try decode(body, default: ParticipantMuteRequest())
            return (.mute(room: try required(room, "room"), participant: ParticipantID(rawValue: try required(participant, "participant")),
                          kind: request.kind, muted: request.muted),
                    ["kind": request.kind.rawValue, "muted": String(request.muted)])
        case .remove:
            return (.remove(room: try required(room, "room"),
                            participant: ParticipantID(rawValue: try required(participant, "participant"))), [:])
        case .drain:
            let request: DrainRequest = try decode(body, default: DrainRequest())
            return (.setDraining(request.draining), ["draining": String(request.draining)])
        }
    }

    private static func required(_ value: String?, _ name: String) throws(CallAdminError) -> String {
        guard let value, !value.isEmpty else { throw CallAdminError(.badRequest, "the \(name) is missing") }
        return value
    }

    private static func decode<Body: Decodable>(_ body: Data, default value: Body) throws(CallAdminError) -> Body {
        guard body.contains(where: { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }) else { return value }
        do {
            return try JSONDecoder().decode(Body.self, from: body)
        } catch {
            throw CallAdminError(.badRequest, "the body is not the expected JSON object (docs/operations.md, \"Tuning\")")
        }
    }

    private func refuse(_ error: CallAdminError, action: Action, target: String, details: [String: String],
                        actor: String) -> (status: Int, json: String) {
        audit.record(AuditEntry(time: clock(), actor: actor, action: action.rawValue, target: target,
                                details: details, result: error.code.rawValue))
        return reply(AdminActionReply(ok: false, action: action.rawValue, target: target,
                                      code: error.code.rawValue, error: error.reason), status: Self.status(error.code))
    }

    /// The HTTP status of a refusal.
    static func status(_ code: CallAdminError.Code) -> Int {
        switch code {
        case .badRequest: 400
        case .notFound: 404
        case .notPublished: 409
        case .notSupported: 501
        }
    }

    private func reply(_ value: AdminActionReply, status: Int) -> (status: Int, json: String) {
        value.answer(status: status)
    }
}
