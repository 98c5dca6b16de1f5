@testable import BeepCallServer
import BeepCalls
import Foundation
import Logging
import Synchronization
import Testing

/// The admin API's changes: request decoding, HTTP statuses and one audit line per change
/// (docs/operations.md "Tuning").
/// The commands an administration carried out.
final class AppliedCommands: Sendable {
    let commands = Mutex<[CallAdminCommand]>([])
}

@Suite struct CallAdministrationTests {
    private let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("beep-audit-\(UInt64.random(in: 1...UInt64.max))")
    private static let when = Date(timeIntervalSince1970: 1_800_000_000)

    /// An administration whose changes are recorded in `applied` and refused with `refusal`.
    private func administration(applied: AppliedCommands,
                                refusal: CallAdminError? = nil) -> CallAdministration {
        CallAdministration(audit: AuditLog(dataDirectory: directory, logger: Logger(label: "test")),
                           clock: { Self.when }) { command throws(CallAdminError) in
            if let refusal { throw refusal }
            applied.commands.withLock { $0.append(command) }
        }
    }

    private func auditLines() throws -> [AuditEntry] {
        let text = try String(contentsOf: directory.appendingPathComponent("audit.log"), encoding: .utf8)
        return try text.split(separator: "\n").map { try JSONDecoder().decode(AuditEntry.self, from: Data($0.utf8)) }
    }

    @Test("each change is carried out and written as one audit line: who, what, target, when")
    func changesAreAudited() async throws {
        let applied = AppliedCommands()
        let admin = administration(applied: applied)
        let limits = await admin.perform(action: "room.limits", room: "demo", participant: nil,
                                         body: Data(#"{"maxParticipants":3,"maxBitrateKbps":500}"#.utf8), actor: "admin")
        #expect(limits.status == 200)
        let mute = await admin.perform(action: "participant.mute", room: "demo", participant: "p2", body: Data(),
                                       actor: "admin")
        #expect(mute.status == 200)
        let remove = await admin.perform(action: "participant.remove", room: "demo", participant: "p3", body: Data(),
                                         actor: "admin")
        #expect(remove.status == 200)
        let drain = await admin.perform(action: "node.drain", room: nil, participant: nil,
                                        body: Data(#"{"draining":true}"#.utf8), actor: "admin")
        #expect(drain.status == 200)
        #expect(try JSONDecoder().decode(AdminActionReply.self, from: Data(drain.json.utf8))
            == AdminActionReply(ok: true, action: "node.drain", target: "node"))
        #expect(applied.commands.withLock { $0 } == [
            .setRoomLimits(room: "demo", RoomLimits(maxParticipants: 3, maxBitrateKbps: 500)),
            .mute(room: "demo", participant: ParticipantID(rawValue: "p2"), kind: .audio, muted: true),
            .remove(room: "demo", participant: ParticipantID(rawValue: "p3")),
            .setDraining(true),
        ])
        let lines = try auditLines()
        #expect(lines.map(\.action) == ["room.limits", "participant.mute", "participant.remove", "node.drain"])
        #expect(lines.map(\.target) == ["room:demo", "room:demo/participant:p2", "room:demo/participant:p3", "node"])
        #expect(lines.allSatisfy { $0.actor == "admin" && $0.result == "ok" && $0.time == "2027-01-15T08:00:00.000Z" })
        #expect(lines[0].details == ["maxParticipants": "3", "maxBitrateKbps": "500"])
        #expect(lines[1].details == ["kind": "audio", "muted": "true"])
        let mode = try FileManager.default.attributesOfItem(atPath: directory.appendingPathComponent("audit.log").path)[.posixPermissions]
        #expect((mode as? NSNumber)?.intValue == 0o600)
    }

    @Test("refusals map to HTTP statuses and are audited with their code; a bad body changes nothing")
    func refusals() async throws {
        let applied = AppliedCommands()
        let bad = await administration(applied: applied).perform(
            action: "room.limits", room: "demo", participant: nil, body: Data(#"{"maxParticipants":"many"}"#.utf8),
            actor: "admin")
        #expect(bad.status == 400)
        #expect(applied.commands.withLock { $0 }.isEmpty)
        let unknown = await administration(applied: applied).perform(
            action: "room.rename", room: "demo", participant: nil, body: Data(), actor: "admin")
        #expect(unknown.status == 404)
        let missing = await administration(applied: applied, refusal: CallAdminError(.notFound, "no p9")).perform(
            action: "participant.remove", room: "demo", participant: "p9", body: Data(), actor: "admin")
        #expect(missing.status == 404)
        let reply = try JSONDecoder().decode(AdminActionReply.self, from: Data(missing.json.utf8))
        #expect(reply.ok == false && reply.code == "not_found" && reply.error == "no p9")
        for (code, status) in [(CallAdminError.Code.notPublished, 409), (.notSupported, 501), (.badRequest, 400)] {
            #expect(CallAdministration.status(code) == status)
        }
        #expect(try auditLines().map(\.result) == ["bad_request", "not_found"])
    }
}
