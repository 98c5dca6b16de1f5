import CBeepOpenSSL

/// This thread's OpenSSL error queue.
enum OpenSSLErrorQueue {
    /// Pops every queued error and joins their texts with "; " (empty when none).
    static func drain() -> String {
        var messages: [String] = []
        var buffer = [CChar](repeating: 0, count: 256)
        while beep_ERR_pop_string(&buffer, buffer.count) != 0 {
            let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
            messages.append(String(decoding: bytes, as: UTF8.self))
        }
        return messages.joined(separator: "; ")
    }

    /// Clears the queue so later errors are not mixed with stale ones.
    static func clear() {
        ERR_clear_error()
    }

    /// A reason string: `context`, then OpenSSL's texts if it queued any.
    static func reason(_ context: String) -> String {
        let queued = drain()
        return queued.isEmpty ? context : "\(context): \(queued)"
    }
}
