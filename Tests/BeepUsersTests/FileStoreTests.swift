import BeepUsers
import Foundation
import Testing

/// The local file store refuses keys that could leave its directory.
@Suite struct FileStoreTests {
    @Test func roundTripAndUnsafeKeys() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("beep-fs-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = LocalFileStore(directory: directory)
        try await store.put(Data("one".utf8), key: "avatars/1/2.png")
        try await store.put(Data("two".utf8), key: "avatars/1/2.png")
        #expect(try await store.get("avatars/1/2.png") == Data("two".utf8))
        try await store.delete("avatars/1/2.png")
        #expect(try await store.get("avatars/1/2.png") == nil)
        try await store.delete("avatars/1/2.png")
        for key in ["", "../x", "a/../../x", "/etc/passwd", "a//b", "a/./b", "a\\b", "a b", String(repeating: "a", count: 300)] {
            await #expect(throws: FileStoreError.self, "\(key)") { try await store.put(Data(), key: key) }
            await #expect(throws: FileStoreError.self, "\(key)") { _ = try await store.get(key) }
        }
    }

    @Test func picturesAreRecognisedByContent() {
        #expect(PictureFormat.detect(Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0])) == .png)
        #expect(PictureFormat.detect(Data([0xFF, 0xD8, 0xFF, 0xE0])) == .jpeg)
        #expect(PictureFormat.detect(Data("RIFF\u{0}\u{0}\u{0}\u{0}WEBPVP8 ".utf8)) == .webp)
        #expect(PictureFormat.detect(Data("GIF87a".utf8)) == .gif)
        #expect(PictureFormat.detect(Data("<svg/>".utf8)) == nil)
        #expect(PictureFormat.detect(Data()) == nil)
        #expect(PictureFormat.detect(Data("RIFF".utf8)) == nil)
    }
}
