import BeepCallServer
import BeepDTLS
import BeepSFUServer
import Foundation
import Logging
import Testing

/// The media node's admin actions (`POST /admin/subscribers/limits`, `POST /admin/test/link`)
/// and the request `beep-stats subscriber-limits` sends.
@Suite struct SubscriberLimitsActionTests {
    func coordinator() throws -> CallMediaCoordinator {
        let media = MediaServer(configuration: MediaServerConfiguration(host: "127.0.0.1", ports: 0...0),
                                logger: Logger(label: "test"))
        return CallMediaCoordinator(media: media, certificate: try DTLSCertificate(), addressPolicy: .loopbackOnly,
                                    signal: { _ in })
    }

    func reply(_ answer: (status: Int, json: String)?) throws -> (status: Int, reply: AdminActionReply) {
        let answer = try #require(answer)
        return (answer.status, try JSONDecoder().decode(AdminActionReply.self, from: Data(answer.json.utf8)))
    }

    @Test("beep-stats' options become the request: kbit/s to bit/s, layer by rid or index, nothing lifts the limit")
    func requestFromOperatorUnits() throws {
        let capped = try #require(SubscriberLimitsRequest(participant: "p3", maxBitrateKbps: 300, layer: "h"))
        #expect(capped == SubscriberLimitsRequest(participant: "p3", maxBitrate: 300_000, maxSpatialLayer: 1))
        #expect(capped.invalidReason == nil)
        #expect(SubscriberLimitsRequest(participant: "p3", maxBitrateKbps: nil, layer: "2")?.maxSpatialLayer == 2)
        #expect(SubscriberLimitsRequest(participant: "p3", maxBitrateKbps: nil, layer: nil)
                == SubscriberLimitsRequest(participant: "p3"))
        #expect(SubscriberLimitsRequest(participant: "p3", maxBitrateKbps: nil, layer: "x") == nil)
        #expect(SubscriberLimitsRequest(participant: "p3", maxBitrateKbps: Int.max, layer: nil) == nil)
        #expect(SubscriberLimitsRequest(participant: "p3", maxBitrateKbps: 7, layer: nil)?.invalidReason != nil)
        #expect(SubscriberLimitsRequest(participant: "p3", maxBitrateKbps: nil, layer: "3")?.invalidReason != nil)
        #expect(SubscriberLimitsRequest(participant: "p3", maxBitrateKbps: nil, layer: "-1")?.invalidReason != nil)
    }

    @Test("subscriber limits: a bad body or value is 400 bad_request, an unknown subscriber 404 not_found, as AdminActionReply")
    func subscriberLimitsRefusals() async throws {
        let media = try coordinator()
        let garbage = try reply(await media.performAdminAction("subscriber.limits", body: Data("{".utf8), testHooks: false))
        #expect(garbage.status == 400 && garbage.reply.code == "bad_request" && !garbage.reply.ok)
        let layer = try JSONEncoder().encode(SubscriberLimitsRequest(participant: "p1", maxSpatialLayer: 5))
        let outOfRange = try reply(await media.performAdminAction("subscriber.limits", body: layer, testHooks: false))
        #expect(outOfRange.status == 400 && outOfRange.reply.error == "maxSpatialLayer must be 0, 1 or 2")
        let valid = try JSONEncoder().encode(SubscriberLimitsRequest(participant: "p1", maxBitrate: 300_000))
        let unknown = try reply(await media.performAdminAction("subscriber.limits", body: valid, testHooks: false))
        #expect(unknown.status == 404 && unknown.reply.code == "not_found")
        #expect(unknown.reply.action == "subscriber.limits" && unknown.reply.target == "participant:p1")
    }

    @Test("the link test hook exists only with BEEP_TEST_HOOKS=1, and validates its settings")
    func linkHookOnlyWithTestHooks() async throws {
        let media = try coordinator()
        let body = Data("{\"participant\": \"p1\", \"dropRate\": 2}".utf8)
        #expect(await media.performAdminAction("test.link", body: body, testHooks: false) == nil)
        let refused = try reply(await media.performAdminAction("test.link", body: body, testHooks: true))
        #expect(refused.status == 400 && refused.reply.code == "bad_request")
        let unknown = CallMediaCoordinator.unknownAdminAction("room.limits")
        #expect(unknown.status == 404)
        #expect(await media.performAdminAction("room.limits", body: Data(), testHooks: true) == nil)
    }

    @Test("subscriber limits and the test hook are written to the audit log like the room tuning: target, values, result")
    func mediaActionsAreAudited() async throws {
        let media = try coordinator()
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("beep-media-audit-\(UInt64.random(in: 1...UInt64.max))")
        defer { try? FileManager.default.removeItem(at: directory) }
        let audit = AuditLog(dataDirectory: directory, logger: Logger(label: "test"))
        let limits = Data(#"{"participant":"p9","maxBitrate":300000,"maxSpatialLayer":0}"#.utf8)
        let unknown = try reply(await media.performAuditedAdminAction("subscriber.limits", body: limits, actor: "admin",
                                                                       testHooks: false, audit: audit))
        #expect(unknown.status == 404)
        let bad = try reply(await media.performAuditedAdminAction("subscriber.limits", body: Data("[1]".utf8),
                                                                   actor: "admin", testHooks: false, audit: audit))
        #expect(bad.status == 400)
        let link = Data(#"{"participant":"p9","dropRate":0.05}"#.utf8)
        let hook = try reply(await media.performAuditedAdminAction("test.link", body: link, actor: "admin",
                                                                    testHooks: true, audit: audit))
        #expect(hook.status == 404)
        #expect(await media.performAuditedAdminAction("room.limits", body: Data(), actor: "admin", testHooks: false,
                                                      audit: audit) == nil)
        let text = try String(contentsOf: directory.appendingPathComponent("audit.log"), encoding: .utf8)
        let lines = try text.split(separator: "\n").map { try JSONDecoder().decode(AuditEntry.self, from: Data($0.utf8)) }
        #expect(lines.map(\.action) == ["subscriber.limits", "subscriber.limits", "test.link"])
        #expect(lines.map(\.result) == ["not_found", "bad_request", "not_found"])
        #expect(lines.first?.target == "participant:p9")
        #expect(lines.first?.details == ["participant": "p9", "maxBitrate": "300000", "maxSpatialLayer": "0"])
        #expect(lines.dropFirst().first?.details == [:])
        #expect(lines.last?.details == ["participant": "p9", "dropRate": "0.05"])
        #expect(lines.allSatisfy { $0.actor == "admin" })
    }
}
