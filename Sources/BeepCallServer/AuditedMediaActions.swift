import Foundation

extension CallMediaCoordinator {
    /// Performs the media node's admin action `name` (see ``performAdminAction(_:body:testHooks:)``)
    /// on behalf of `actor` and records it in `audit` like the room tuning's changes
    /// (docs/operations.md, "Audit log"): the reply's target, the request's values as details,
    /// `ok` or the refusal's code. Nil, and nothing recorded, when this node has no such action.
    public func performAuditedAdminAction(_ name: String, body: Data, actor: String, testHooks: Bool,
                                          audit: AuditLog, now: Date = Date()) async -> (status: Int, json: String)? {
        guard let answer = await performAdminAction(name, body: body, testHooks: testHooks) else { return nil }
        let reply = try? JSONDecoder().decode(AdminActionReply.self, from: Data(answer.json.utf8))
        audit.record(AuditEntry(time: now, actor: actor, action: name, target: reply?.target ?? "node",
                                details: Self.auditDetails(body), result: reply.map { $0.ok ? "ok" : $0.code ?? "refused" } ?? "refused"))
        return answer
    }

    /// The request's scalar values as audit details: at most 8 fields, names and values cut to
    /// 64 characters; an unreadable body gives none. (The media actions carry no secrets.)
    static func auditDetails(_ body: Data) -> [String: String] {
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else { return [:] }
        var details: [String: String] = [:]
        for key in object.keys.sorted().prefix(8) {
            guard let value = object[key] else { continue }
            let text: String
            switch value {
            case let number as NSNumber: text = number.stringValue
            case let string as String: text = string
            default: continue
            }
            details[String(key.prefix(64))] = String(text.prefix(64))
        }
        return details
    }
}
