import BeepEvents
import Foundation

/// An event ready to go out, with everything a process that did not make it needs to deliver
/// it: the body, who may receive it and the stream it is ordered in.
public struct StagedEvent: Sendable, Hashable {
    /// The event as clients see it.
    public var event: PublishedEvent
    /// The user ids (decimal, as the event hub keys sessions) who may receive it.
    public var audience: Set<String>
    /// Large servers' members (server id → user ids) who receive it only on sessions watching
    /// that server's member list (`presence.updated`, docs/events.md "Presence"); usually empty.
    public var memberListAudience: [String: Set<String>]
    /// The ordering stream, e.g. `channel:<id>`: events of one stream reach every client in the
    /// order their writes committed. At most 200 bytes.
    public var stream: String

    /// An event from its parts.
    public init(event: PublishedEvent, audience: Set<String>, memberListAudience: [String: Set<String>] = [:],
                stream: String) {
        self.event = event
        self.audience = audience
        self.memberListAudience = memberListAudience
        self.stream = stream
    }

    /// The stream of a channel's events (messages, typing).
    public static func channelStream(_ channelID: any CustomStringConvertible) -> String { "channel:\(channelID)" }

    /// `"<key>":0`: the member a body carries for a number not known yet when it is staged, which
    /// the write storing the event gives (e.g. a message's `position`). In encoded JSON this text
    /// can only be that member (a quote inside a string value is escaped), as long as `key` names
    /// one member of the body.
    public static func placeholder(_ key: String) -> String { "\"\(key)\":0" }

    /// The event with its body's ``placeholder(_:)`` for `key` replaced by `value` (the same
    /// replacement ``EventOutbox/writing(_:now:gate:stamp:)`` makes in SQL).
    public func stamping(_ key: String, _ value: Int64) -> StagedEvent {
        let body = event.dataJSON.replacingOccurrences(of: Self.placeholder(key), with: "\"\(key)\":\(value)")
        return StagedEvent(event: PublishedEvent(type: event.type, dataJSON: body), audience: audience,
                           memberListAudience: memberListAudience, stream: stream)
    }
}

/// One row of the outbox, read back by a receiving process.
public struct OutboxRecord: Sendable, Hashable {
    /// The row id (what `NOTIFY` carries).
    public var id: Int64
    /// The position of the event in its stream, from 1 without gaps.
    public var seq: Int64
    /// The event, its audience and its stream.
    public var staged: StagedEvent
    /// When it was written, milliseconds since the Unix epoch.
    public var createdAtMilliseconds: Int64

    /// A record from its parts.
    public init(id: Int64, seq: Int64, staged: StagedEvent, createdAtMilliseconds: Int64) {
        self.id = id
        self.seq = seq
        self.staged = staged
        self.createdAtMilliseconds = createdAtMilliseconds
    }
}
