import BeepCalls
import Foundation

/// The admin API's write actions for adaptive video (docs/bandwidth-estimation.md "The
/// subscriber's request, operator limits and the test hook"), as JSON-in/JSON-out handlers by action name; the gateway serves
/// them as `POST /admin/subscribers/limits` and `POST /admin/test/link` behind the admin token.
/// Replies are ``AdminActionReply`` documents, like the room tuning's.
extension CallMediaCoordinator {
    /// One action: the request body in, an HTTP status and a JSON body out.
    public typealias AdminAction = @Sendable ([UInt8]) async -> (status: Int, json: String)

    /// `subscriber.limits` always; `test.link` only when `testHooks` (the process runs with
    /// `BEEP_TEST_HOOKS=1`).
    public func adminActions(testHooks: Bool) -> [String: AdminAction] {
        var actions: [String: AdminAction] = [
            "subscriber.limits": { [self] body in
                let action = "subscriber.limits"
                guard let request = try? JSONDecoder().decode(SubscriberLimitsRequest.self, from: Data(body)) else {
                    return Self.failure(400, action, nil,
                                        "expected {\"participant\": id, \"maxBitrate\"?: bps, \"maxSpatialLayer\"?: 0-2}")
                }
                if let reason = request.invalidReason { return Self.failure(400, action, request.participant, reason) }
                let limits = SubscriberLimits(maxBitrate: request.maxBitrate, maxSpatialLayer: request.maxSpatialLayer)
                guard await setLimits(limits, for: ParticipantID(rawValue: request.participant)) else {
                    return Self.failure(404, action, request.participant, "the participant has no media on this node")
                }
                return Self.success(action, request.participant)
            },
        ]
        if testHooks {
            actions["test.link"] = { [self] body in
                let action = "test.link"
                guard let request = try? JSONDecoder().decode(LinkRequest.self, from: Data(body)) else {
                    return Self.failure(400, action, nil, "expected {\"participant\": id, \"bitsPerSecond\"?, \"dropRate\"?, "
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
                    return Self.failure(400, action, request.participant, "\(error)")
                }
                guard await setLinkHook(settings, for: ParticipantID(rawValue: request.participant)) else {
                    return Self.failure(404, action, request.participant, "the participant has no transport on this node")
                }
                return Self.success(action, request.participant)
            }
        }
        return actions
    }

    /// The media node's answer to the admin action `name` (see ``adminActions(testHooks:)``),
    /// or nil when this node has no such action (another handler, or a 404, answers).
    public func performAdminAction(_ name: String, body: Data, testHooks: Bool) async -> (status: Int, json: String)? {
        guard let action = adminActions(testHooks: testHooks)[name] else { return nil }
        return await action(Array(body))
    }

    /// The 404 for an admin action this node does not serve.
    public static func unknownAdminAction(_ name: String) -> (status: Int, json: String) {
        AdminActionReply(ok: false, action: String(name.prefix(64)), target: "node", code: "not_found",
                         error: "no such admin action").answer(status: 404)
    }

    private static func target(_ participant: String?) -> String {
        participant.map { "participant:\($0.prefix(64))" } ?? "node"
    }

    private static func success(_ action: String, _ participant: String) -> (status: Int, json: String) {
        AdminActionReply(ok: true, action: action, target: target(participant)).answer(status: 200)
    }

    private static func failure(_ status: Int, _ action: String, _ participant: String?,
                                _ reason: String) -> (status: Int, json: String) {
        AdminActionReply(ok: false, action: action, target: target(participant),
                         code: status == 404 ? "not_found" : "bad_request", error: reason).answer(status: status)
    }
}

/// Body of `POST /admin/subscribers/limits`; a missing field lifts that limit.
public struct SubscriberLimitsRequest: Codable, Sendable, Equatable {
    /// The subscriber (as `beep-stats` shows it, e.g. `p3`).
    public var participant: String
    /// The most Beep sends it, bits per second (at least ``minimumBitrate``).
    public var maxBitrate: Int64?
    /// The highest simulcast spatial layer it gets: 0 (q), 1 (h) or 2 (f).
    public var maxSpatialLayer: Int?

    /// The smallest accepted `maxBitrate`: below it not even audio fits.
    public static let minimumBitrate: Int64 = 8_000

    /// A request.
    public init(participant: String, maxBitrate: Int64? = nil, maxSpatialLayer: Int? = nil) {
        self.participant = participant
        self.maxBitrate = maxBitrate
        self.maxSpatialLayer = maxSpatialLayer
    }

    /// A request from an operator's units: kbit/s, and the layer as its rid (`q`, `h`, `f`) or
    /// index (`0`-`2`); nil when `layer` is neither.
    public init?(participant: String, maxBitrateKbps: Int?, layer: String?) {
        var spatial: Int?
        if let layer {
            guard let index = ["q", "h", "f"].firstIndex(of: layer) ?? Int(layer) else { return nil }
            spatial = index
        }
        let (bitrate, overflow) = Int64(maxBitrateKbps ?? 0).multipliedReportingOverflow(by: 1000)
        if overflow { return nil }
        self.init(participant: participant, maxBitrate: maxBitrateKbps == nil ? nil : bitrate, maxSpatialLayer: spatial)
    }

    /// Why the values are out of range, or nil when they are acceptable.
    public var invalidReason: String? {
        if let rate = maxBitrate, rate < Self.minimumBitrate { return "maxBitrate must be at least \(Self.minimumBitrate)" }
        if let layer = maxSpatialLayer, !(0...2).contains(layer) { return "maxSpatialLayer must be 0, 1 or 2" }
        return nil
    }
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
