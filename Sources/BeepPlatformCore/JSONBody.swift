import Foundation
import Hummingbird
import NIOCore

/// Reads a JSON request body with a size limit and turns decoding failures into 400s that
/// name the field, so clients get `{"code":"invalid","field":"email",...}` instead of a 500.
public enum JSONBody {
    /// Default limit for JSON bodies: 64 KiB.
    public static let defaultMaxBytes = 64 * 1024

    /// Decodes `T` from the body of `request`.
    /// - Throws: 413 ``APIError`` past `maxBytes`; 400 naming the field for a missing key,
    ///   wrong type or bad value; 400 with field `nil` for malformed JSON.
    public static func decode<T: Decodable>(_ type: T.Type, from request: Request, maxBytes: Int = defaultMaxBytes) async throws -> T {
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: maxBytes)
        } catch is NIOTooManyBytesError {
            throw APIError.payloadTooLarge(maxBytes: maxBytes)
        }
        return try decode(type, from: Data(buffer.readableBytesView))
    }

    /// Decodes `T` from raw JSON bytes with the same error mapping.
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws(APIError) -> T {
        guard !data.isEmpty else { throw APIError.invalid(field: nil, message: "A JSON body is required.") }
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            throw apiError(for: error)
        } catch {
            throw APIError.invalid(field: nil, message: "The body is not valid JSON.")
        }
    }

    private static func apiError(for error: DecodingError) -> APIError {
        switch error {
        case .keyNotFound(let key, let context):
            let field = path(context.codingPath + [key])
            return APIError.invalid(field: field, message: "\(field) is required.")
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            let field = path(context.codingPath)
            return APIError.invalid(field: field.isEmpty ? nil : field, message: "\(field.isEmpty ? "body" : field) has the wrong type.")
        case .dataCorrupted(let context):
            let field = path(context.codingPath)
            if field.isEmpty { return APIError.invalid(field: nil, message: "The body is not valid JSON.") }
            return APIError.invalid(field: field, message: "\(field) is not valid.")
        @unknown default:
            return APIError.invalid(field: nil, message: "The body is not valid JSON.")
        }
    }

    private static func path(_ codingPath: [any CodingKey]) -> String {
        codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
    }
}
