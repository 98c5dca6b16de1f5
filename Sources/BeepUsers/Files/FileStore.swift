import Foundation
import NIOPosix

/// Where uploaded files (profile pictures) live. Keys are relative paths made by the service
/// (`avatars/<user>/<id>.png`), never taken from the client.
public protocol FileStore: Sendable {
    /// Stores `data` under `key`, replacing any previous content.
    func put(_ data: Data, key: String) async throws
    /// The content under `key`, or `nil`.
    func get(_ key: String) async throws -> Data?
    /// Deletes `key` (no error if absent).
    func delete(_ key: String) async throws
}

/// A key that is not a safe relative path.
public struct FileStoreError: Error, Sendable, Equatable {
    /// Why.
    public var reason: String
}

/// ``FileStore`` in a local directory (default `data/files`). Writes go to a temporary file
/// renamed into place, so readers never see half a file; file IO runs on NIO's thread pool.
public struct LocalFileStore: FileStore {
    /// The root directory.
    public let directory: URL

    /// Creates the store (the directory is created on first write).
    public init(directory: URL) {
        self.directory = directory
    }

    func url(for key: String) throws(FileStoreError) -> URL {
        let parts = key.split(separator: "/", omittingEmptySubsequences: false)
        guard !key.isEmpty, key.utf8.count <= 255, !parts.isEmpty,
              parts.allSatisfy({ part in
                  !part.isEmpty && part != "." && part != ".."
                      && part.utf8.allSatisfy { c in
                          (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
                              || c == UInt8(ascii: "-") || c == UInt8(ascii: "_") || c == UInt8(ascii: ".")
                      }
              })
        else { throw FileStoreError(reason: "unsafe key \(key)") }
        return directory.appendingPathComponent(key)
    }

    /// Writes atomically.
    public func put(_ data: Data, key: String) async throws {
        let target = try url(for: key)
        try await NIOThreadPool.singleton.runIfActive {
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: target, options: .atomic)
        }
    }

    /// Reads, or `nil` when absent.
    public func get(_ key: String) async throws -> Data? {
        let target = try url(for: key)
        return try await NIOThreadPool.singleton.runIfActive {
            FileManager.default.fileExists(atPath: target.path) ? try Data(contentsOf: target) : nil
        }
    }

    /// Deletes if present.
    public func delete(_ key: String) async throws {
        let target = try url(for: key)
        try await NIOThreadPool.singleton.runIfActive {
            if FileManager.default.fileExists(atPath: target.path) { try FileManager.default.removeItem(at: target) }
        }
    }
}

/// Image types accepted as profile pictures, recognised by their magic bytes (the client's
/// Content-Type is not trusted).
public enum PictureFormat: String, Sendable, CaseIterable {
    /// PNG (`89 50 4E 47 0D 0A 1A 0A`).
    case png
    /// JPEG (`FF D8 FF`).
    case jpeg
    /// WebP (`RIFF....WEBP`).
    case webp
    /// GIF (`GIF87a` / `GIF89a`).
    case gif

    /// Largest accepted picture.
    public static let maxBytes = 2 * 1024 * 1024

    /// The format of `data`, or `nil`.
    public static func detect(_ data: Data) -> PictureFormat? {
        let bytes = [UInt8](data.prefix(12))
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if bytes.count >= 12, bytes.starts(with: Array("RIFF".utf8)), Array(bytes[8..<12]) == Array("WEBP".utf8) { return .webp }
        if bytes.starts(with: Array("GIF87a".utf8)) || bytes.starts(with: Array("GIF89a".utf8)) { return .gif }
        return nil
    }

    /// The MIME type.
    public var contentType: String {
        switch self {
        case .png: "image/png"
        case .jpeg: "image/jpeg"
        case .webp: "image/webp"
        case .gif: "image/gif"
        }
    }

    /// The format of a stored key (by extension).
    public static func of(key: String) -> PictureFormat? {
        guard let dot = key.lastIndex(of: ".") else { return nil }
        return PictureFormat(rawValue: String(key[key.index(after: dot)...]))
    }
}
