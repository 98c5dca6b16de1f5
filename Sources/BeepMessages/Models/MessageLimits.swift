/// The caps of the messages service.
public struct MessageLimits: Sendable, Hashable {
    /// Longest content, in characters (Unicode grapheme clusters, as users count them).
    public var maxContentCharacters: Int
    /// Largest content in UTF-8 bytes (bounds scanning work for long grapheme clusters).
    public var maxContentBytes: Int
    /// Longest client nonce, in UTF-8 bytes.
    public var maxNonceBytes: Int
    /// Most distinct `@username` mentions resolved per message (further ones stay plain text).
    public var maxMentions: Int
    /// Most distinct `#channel` tags resolved per message.
    public var maxChannelTags: Int
    /// Most pinned messages per channel.
    public var maxPinsPerChannel: Int
    /// Largest history page.
    public var maxHistoryPage: Int
    /// Largest search page.
    public var maxSearchPage: Int

    /// The defaults: 4000 characters (at most 32 KiB), 64-byte nonces, 50 mentions, 20 tags, 50 pins, pages of 100 and 50.
    public init(maxContentCharacters: Int = 4000, maxContentBytes: Int = 32 * 1024, maxNonceBytes: Int = 64, maxMentions: Int = 50,
                maxChannelTags: Int = 20, maxPinsPerChannel: Int = 50, maxHistoryPage: Int = 100,
                maxSearchPage: Int = 50) {
        self.maxContentCharacters = maxContentCharacters
        self.maxContentBytes = maxContentBytes
        self.maxNonceBytes = maxNonceBytes
        self.maxMentions = maxMentions
        self.maxChannelTags = maxChannelTags
        self.maxPinsPerChannel = maxPinsPerChannel
        self.maxHistoryPage = maxHistoryPage
        self.maxSearchPage = maxSearchPage
    }
}
