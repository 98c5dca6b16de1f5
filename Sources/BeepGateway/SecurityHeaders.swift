import HTTPTypes
import Hummingbird
import Logging

/// The security headers every gateway response carries (`docs/web-client.md`, "Security
/// headers"): a strict Content-Security-Policy (no inline script or style, no plugins, no
/// framing, no `<base>`; connections only to this origin and its WebSockets),
/// `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer`, a Permissions-Policy
/// that keeps the camera, microphone and screen capture to this origin, and
/// Cross-Origin-Opener-Policy. Beep sets no cookies (tokens travel in headers), so there is
/// no cookie policy to add.
public enum SecurityHeaders {
    /// The Content-Security-Policy (CSP Level 3) for a request whose `Host` header is `host`:
    /// `connect-src` lists `ws:`/`wss:` of that same host because CSP3's `'self'` covering
    /// WebSocket schemes is recent in browsers. A `Host` with characters outside a host name
    /// and port is left out (only `'self'` then).
    public static func contentSecurityPolicy(host: String?) -> String {
        var connect = "'self'"
        if let host, isPlainHost(host) { connect += " ws://\(host) wss://\(host)" }
        return [
            "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' blob:",
            "media-src 'self' blob: mediastream:", "font-src 'self'", "connect-src \(connect)",
            "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
            "frame-src 'none'", "worker-src 'none'", "manifest-src 'self'",
        ].joined(separator: "; ")
    }

    /// The other headers as (name, value) pairs.
    public static let fixed: [(String, String)] = [
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "no-referrer"),
        ("X-Frame-Options", "DENY"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
        ("Permissions-Policy", "camera=(self), microphone=(self), display-capture=(self), geolocation=()"),
    ]

    /// Sets every header on `response` (replacing values a route set itself).
    static func apply(to response: inout Response, host: String?) {
        response.headers[.contentSecurityPolicy] = contentSecurityPolicy(host: host)
        for (raw, value) in fixed {
            if let name = HTTPField.Name(raw) { response.headers[name] = value }
        }
    }

    /// Letters, digits, `.`, `-`, `:` and IPv6 brackets only, at most 255 characters.
    static func isPlainHost(_ host: String) -> Bool {
        guard !host.isEmpty, host.utf8.count <= 255 else { return false }
        return host.unicodeScalars.allSatisfy { scalar in
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", ".", "-", ":", "[", "]": return true
            default: return false
            }
        }
    }
}

/// Adds ``SecurityHeaders`` to every response, errors (404, 401, ...) included.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let host = request.head.authority
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(type(of: error))"])
            response = Response(status: .internalServerError)
        }
        SecurityHeaders.apply(to: &response, host: host)
        return response
    }
}
