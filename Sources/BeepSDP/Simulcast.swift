/// `a=simulcast`: which rids are sent or received as simulcast streams (RFC 8853 §5.1).
///
/// `send 1;2,3;~4` lists three streams; the second has two alternative rids, the third is paused.
public struct Simulcast: Hashable, Sendable {
    /// One rid inside a stream's alternatives, possibly paused (`~`).
    public struct Alternative: Hashable, Sendable {
        /// The rid.
        public var rid: String
        /// Whether it is initially paused (written with a leading `~`).
        public var paused: Bool

        /// Creates an alternative.
        public init(rid: String, paused: Bool = false) {
            self.rid = rid
            self.paused = paused
        }

        /// The text form, `~rid` when paused.
        public var sdpValue: String { paused ? "~" + rid : rid }
    }

    /// One simulcast stream: the rids that may carry it, in preference order.
    public typealias Stream = [Alternative]

    /// A direction with its stream list, e.g. `send 1;2;3`.
    public struct List: Hashable, Sendable {
        /// `send` or `recv`.
        public var direction: RestrictionIdentifier.Direction
        /// The streams, separated by `;` in the text.
        public var streams: [Stream]

        /// Creates a list.
        public init(direction: RestrictionIdentifier.Direction, streams: [Stream]) {
            self.direction = direction
            self.streams = streams
        }

        /// The text form `send a;b,c`.
        public var sdpValue: String {
            direction.rawValue + " "
                + streams.map { $0.map(\.sdpValue).joined(separator: ",") }.joined(separator: ";")
        }
    }

    /// The lists in written order (at most one send and one recv).
    public var lists: [List]

    /// Creates the attribute from lists.
    public init(lists: [List]) {
        self.lists = lists
    }

    /// Creates a send-only simulcast with one rid per stream, e.g. `send h;m;l`.
    public init(send rids: [String]) {
        self.lists = [List(direction: .send, streams: rids.map { [Alternative(rid: $0)] })]
    }

    /// The send streams, empty when there is no send list.
    public var send: [Stream] { lists.first { $0.direction == .send }?.streams ?? [] }
    /// The receive streams, empty when there is no recv list.
    public var recv: [Stream] { lists.first { $0.direction == .recv }?.streams ?? [] }

    /// Parses `send|recv <list> [SP send|recv <list>]`.
    public static func parse(_ value: Substring) throws(SDPParseError) -> Simulcast {
        let f = SDPText.fields(value)
        guard f.count == 2 || f.count == 4 else {
            throw SDPParseError(f.count < 2 ? .missingField : .malformedLine,
                                "simulcast needs 'send|recv <streams>' once or twice, has \(f.count) fields")
        }
        var lists: [List] = []
        var index = 0
        while index + 1 < f.count {
            guard let direction = RestrictionIdentifier.Direction(rawValue: String(f[index])) else {
                throw SDPParseError(.invalidValue, "simulcast direction '\(SDPText.clip(f[index]))' is not send/recv")
            }
            guard !lists.contains(where: { $0.direction == direction }) else {
                throw SDPParseError(.invalidValue, "simulcast lists '\(direction.rawValue)' twice")
            }
            lists.append(List(direction: direction, streams: try parseStreams(f[index + 1])))
            index += 2
        }
        return Simulcast(lists: lists)
    }

    private static func parseStreams(_ text: Substring) throws(SDPParseError) -> [Stream] {
        var streams: [Stream] = []
        for streamText in SDPText.split(text, on: ";", omittingEmpty: false) {
            var stream: Stream = []
            for alternative in SDPText.split(streamText, on: ",", omittingEmpty: false) {
                let paused = alternative.unicodeScalars.first == "~"
                let rid = paused ? Substring(alternative.unicodeScalars.dropFirst()) : alternative
                guard !rid.isEmpty else { throw SDPParseError(.invalidValue, "simulcast has an empty rid") }
                stream.append(Alternative(rid: String(rid), paused: paused))
            }
            streams.append(stream)
        }
        return streams
    }

    /// The attribute value.
    public var sdpValue: String { lists.map(\.sdpValue).joined(separator: " ") }
}
