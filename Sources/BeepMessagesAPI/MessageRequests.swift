import BeepMessages
import BeepPlatformCore
import Hummingbird

/// `POST /channels/{id}/messages`.
struct SendMessageRequest: Decodable, Sendable {
    var content: String
    var replyToId: Snowflake?
    var nonce: String?
}

/// `PATCH /channels/{id}/messages/{messageId}`.
struct EditMessageRequest: Decodable, Sendable {
    var content: String
}

/// A list of messages: `{"items":[...]}`.
public struct MessageListJSON: Codable, Sendable, ResponseEncodable {
    /// The messages.
    public var items: [MessageJSON]
}

/// Search results: `{"items":[...],"nextCursor":"..."}`.
public struct MessageSearchJSON: Codable, Sendable, ResponseEncodable {
    /// The matching messages.
    public var items: [MessageJSON]
    /// The cursor of the next page, absent on the last one.
    public var nextCursor: String?
}

extension MessageJSON: ResponseEncodable {}
