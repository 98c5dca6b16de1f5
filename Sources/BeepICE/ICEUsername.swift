import BeepSTUN

/// The USERNAME of an ICE connectivity check: "receiverUfrag:senderUfrag" (RFC 8445 §7.2.2).
///
/// The UDP driver uses ``receiverUfrag(of:)`` to find which local agent a check from a new
/// 5-tuple is meant for, before any agent sees it.
public enum ICEUsername {
    /// The two ufrags of `username`, split at the first colon; nil when there is no colon or
    /// either side is empty.
    public static func split(_ username: String) -> (receiver: String, sender: String)? {
        guard let colon = username.firstIndex(of: ":") else { return nil }
        let receiver = String(username[..<colon])
        let sender = String(username[username.index(after: colon)...])
        guard !receiver.isEmpty, !sender.isEmpty else { return nil }
        return (receiver, sender)
    }

    /// The ufrag of the agent a Binding request is addressed to (the part before the colon),
    /// or nil when the message is not a Binding request with a well-formed USERNAME. This does
    /// not authenticate anything: the agent still checks MESSAGE-INTEGRITY.
    public static func receiverUfrag(of message: STUNMessage) -> String? {
        guard message.method == .binding, message.messageClass == .request,
              let username = message.username else { return nil }
        return split(username)?.receiver
    }
}
