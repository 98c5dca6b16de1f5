import BeepCalls
import Foundation

/// The admin API's write actions for adaptive video (docs/bandwidth-estimation.md "Operator
/// limits and the test hook"), as JSON-in/JSON-out handlers the gateway mounts under
/// `POST <path>` behind the admin token.
extension CallMediaCoordinator {
    /// One action: the request body in, an HTTP status and a JSON body out.
    public typealias AdminAction = @Sendable ([UInt8]) async -> (status: Int, body: String)

    /// `POST /admin/subscribers/limits` always; `POST /admin/test/link` only when `testHooks`
    /// (the process runs with `BEEP_TEST_HOOKS=1`).
    public func adminActions(testHooks: Bool) -> [String: AdminAction] {
        var actions: [String: AdminAction] = [
            "/admin/subscribers/limits": { [self] body in
                guard let request = try? JSONDecoder().decode(LimitsRequest.self, from: Data(body)) else {
                    return Self.failure(400, "expected {\"participant\": id, \"maxBitrate\"?: bps, \"maxSpatialLayer\"?: 0-2}")
                }
                if let rate = request.maxBitrate, rate < 8_000 { return Self.failure(400, "maxBitrate must be at least 8000") }
                if let layer = request.maxSpatialLayer, !(0...2).contains(layer) {
                    return Self.failure(400, "maxSpatialLayer must be 0, 1 or 2")
                }
                let limits = SubscriberLimits(maxBitrate: request.maxBitrate, maxSpatialLayer: request.maxSpatialLayer)
                guard await setLimits(limits, for: ParticipantID(rawValue: request.participant)) else {
                    return Self.failure(404, "participant \(request.participant.prefix(64)) has no media on this node")
                }
                return (200, "{\"ok\":true}")
            },
        ]
        if testHooks {
            actions["/admin/test/link"] = { [self] body in
                guard let request = try? JSONDecoder().decode(LinkRequest.self, from: Data(body)) else {
                    return Self.failure(400, "expected {\"participant\": id, \"bitsPerSecond\"?, \"dropRate\"?, "
                                        + "\"delayMilliseconds\"?, \"maximumQueueMilliseconds\"?}")
                }
                let settings: LinkTestSettings
                do {
                    settings = try LinkTestSettings(
                        bitsPerSecond: request.bitsPerSecond, dropRate: request.dropRate ?? 0,
                        delayMilliseconds: request.delayMilliseconds ?? 0,
                        maximumQueueMilliseconds: request.maximumQueueMilliseconds
                            ?? LinkTestSettings.passThrough.maximumQueueMilliseconds).validated()
                } catch {
                    return Self.failure(400, "\(error)")
                }
                guard await setLinkHook(settings, for: ParticipantID(rawValue: request.participant)) else {
                    return Self.failure(404, "participant \(request.participant.prefix(64)) has no transport on this node")
                }
                return (200, "{\"ok\":true}")
            }
        }
        return actions
    }

    private static func failure(_ status: Int, _ reason: String) -> (status: Int, body: String) {
        let encoded = (try? JSONEncoder().encode(["error": reason])).map { String(decoding: $0, as: UTF8.self) }
        return (status, encoded ?? "{\"error\":\"bad request\"}")
    }
}

/// Body of `POST /admin/subscribers/limits`.
struct LimitsRequest: Codable {
    var participant: String
    var maxBitrate: Int64?
    var maxSpatialLayer: Int?
}

/// Body of `POST /admin/test/link`.
struct LinkRequest: Codable {
    var participant: String
    var bitsPerSecond: Int64?
    var dropRate: Double?
    var delayMilliseconds: Int64?
    var maximumQueueMilliseconds: Int64?
}

extension CallMediaCoordinator {
    /// True when the environment asks for the test hooks (`BEEP_TEST_HOOKS=1`).
    public static func testHooksRequested(_ environment: [String: String]) -> Bool {
        environment["BEEP_TEST_HOOKS"] == "1"
    }
}
