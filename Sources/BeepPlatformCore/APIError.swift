import Foundation
import HTTPTypes
import Hummingbird

/// An error returned to API clients as `{"code", "message", "field"?}` JSON with an HTTP status
/// (`docs/api.md`). Throw it from a route: Hummingbird renders it through ``response(from:context:)``.
public struct APIError: Error, Sendable, Equatable, HTTPResponseError {
    /// The HTTP status.
    public var status: HTTPResponse.Status
    /// A stable machine-readable code (`unauthorized`, `invalid`, `conflict`, ...).
    public var code: String
    /// A human-readable message (English).
    public var message: String
    /// The request field at fault (400/409), as a dotted JSON path.
    public var field: String?
    /// Seconds to wait before retrying (429): sent as `Retry-After`.
    public var retryAfter: Int?

    /// Creates an error.
    public init(status: HTTPResponse.Status, code: String, message: String, field: String? = nil, retryAfter: Int? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.field = field
        self.retryAfter = retryAfter
    }

    /// 401: no valid credentials. The message never says which part was wrong.
    public static func unauthorized(_ message: String = "Authentication required.") -> APIError {
        APIError(status: .unauthorized, code: "unauthorized", message: message)
    }

    /// 403: authenticated, but not allowed.
    public static func forbidden(_ message: String = "You do not have permission to do this.") -> APIError {
        APIError(status: .forbidden, code: "forbidden", message: message)
    }

    /// 404: absent, or someone else's (the two are indistinguishable on purpose).
    public static func notFound(_ what: String) -> APIError {
        APIError(status: .notFound, code: "not_found", message: "\(what) not found.")
    }

    /// 400 with the offending field.
    public static func invalid(field: String?, message: String) -> APIError {
        APIError(status: .badRequest, code: "invalid", message: message, field: field)
    }

    /// 409: a unique value (username, email, ...) is taken.
    public static func conflict(field: String?, message: String) -> APIError {
        APIError(status: .conflict, code: "conflict", message: message, field: field)
    }

    /// 429 with `Retry-After` in whole seconds (at least 1).
    public static func tooManyRequests(retryAfter: Int) -> APIError {
        APIError(status: .tooManyRequests, code: "rate_limited", message: "Too many requests; try again later.",
                 retryAfter: max(1, retryAfter))
    }

    /// 413: the body exceeds the route's limit.
    public static func payloadTooLarge(maxBytes: Int) -> APIError {
        APIError(status: .contentTooLarge, code: "payload_too_large",
                 message: "Request body larger than \(maxBytes) bytes.")
    }

    /// The JSON body.
    public struct Body: Codable, Sendable, Equatable {
        /// See ``APIError/code``.
        public var code: String
        /// See ``APIError/message``.
        public var message: String
        /// See ``APIError/field``.
        public var field: String?
    }

    /// Renders the JSON body, `Content-Type: application/json` and `Retry-After` when set.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(Body(code: code, message: message, field: field))
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
