import BeepGateway
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// The web client's routes (`docs/web-client.md`): the shell for client routes, files with
/// content types and ETags, no path escapes, and the security headers on every answer.
@Suite struct WebAppRoutesTests {
    /// A throwaway web root with `app/index.html`, `app/main.js`, `app/i18n/en.js` and a
    /// secret file next to the folder that must never be reachable.
    func makeFolder() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("beep-web-\(UUID().uuidString)")
        let app = root.appendingPathComponent("app")
        try FileManager.default.createDirectory(at: app.appendingPathComponent("i18n"), withIntermediateDirectories: true)
        try Data("<!doctype html><title>Beep</title>".utf8).write(to: app.appendingPathComponent("index.html"))
        try Data("export const x = 1;".utf8).write(to: app.appendingPathComponent("main.js"))
        try Data("export default {};".utf8).write(to: app.appendingPathComponent("i18n/en.js"))
        try Data("secret".utf8).write(to: root.appendingPathComponent("secret.js"))
        return root
    }

    func makeApp(_ root: URL) -> some ApplicationProtocol {
        Gateway.makeApplication(configuration: GatewayConfiguration(host: "127.0.0.1", port: 0), version: "test",
                                webAppFolder: root.appendingPathComponent("app"), logger: Logger(label: "test"))
    }

    @Test(arguments: ["/", "/login", "/servers/1/channels/2", "/invite/AbC123", "/settings"])
    func clientRoutesAnswerTheShell(path: String) async throws {
        let root = try makeFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try await makeApp(root).test(.router) { client in
            try await client.execute(uri: path, method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                #expect(response.headers[.cacheControl] == "no-store")
                #expect(String(buffer: response.body).contains("<title>Beep</title>"))
            }
        }
    }

    @Test func modulesHaveTheirTypeAndRevalidateWithETag() async throws {
        let root = try makeFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try await makeApp(root).test(.router) { client in
            let tag = try await client.execute(uri: "/app/i18n/en.js", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/javascript; charset=utf-8")
                #expect(response.headers[.cacheControl] == "no-cache")
                #expect(String(buffer: response.body) == "export default {};")
                return response.headers[.eTag]
            }
            let etag = try #require(tag)
            try await client.execute(uri: "/app/i18n/en.js", method: .get, headers: [.ifNoneMatch: etag]) { response in
                #expect(response.status == .notModified)
                #expect(response.body.readableBytes == 0)
            }
            try await client.execute(uri: "/app/main.js", method: .get, headers: [.ifNoneMatch: etag]) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.eTag] != etag)
            }
        }
    }

    @Test(arguments: ["/app/../secret.js", "/app/%2e%2e/secret.js", "/app/.hidden.js", "/app/main.exe", "/app/i18n/nope.js",
                      "/app/a/b/c/d/e.js", "/app/i18n%2fen.js"])
    func refusesAnythingButPlainFiles(path: String) async throws {
        let root = try makeFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try await makeApp(root).test(.router) { client in
            try await client.execute(uri: path, method: .get) { response in
                #expect(response.status == .notFound)
                #expect(!String(buffer: response.body).contains("secret"))
            }
        }
    }

    @Test(arguments: ["/", "/app/main.js", "/health", "/nope"])
    func everyAnswerCarriesTheSecurityHeaders(path: String) async throws {
        let root = try makeFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try await makeApp(root).test(.router) { client in
            try await client.execute(uri: path, method: .get) { response in
                let csp = try #require(response.headers[.contentSecurityPolicy])
                let directives = Set(csp.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) })
                #expect(directives.contains("script-src 'self'"))
                #expect(directives.contains("object-src 'none'"))
                #expect(directives.contains("base-uri 'none'"))
                #expect(directives.contains("frame-ancestors 'none'"))
                // The test client's requests name "localhost" as their authority (Host).
                #expect(directives.contains("connect-src 'self' ws://localhost wss://localhost"))
                #expect(!csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"))
                let nosniff = try #require(HTTPField.Name("X-Content-Type-Options"))
                let referrer = try #require(HTTPField.Name("Referrer-Policy"))
                #expect(response.headers[values: nosniff] == ["nosniff"])
                #expect(response.headers[values: referrer] == ["no-referrer"])
                #expect(response.headers[.setCookie] == nil)
            }
        }
    }

    @Test func websocketsOfTheSameHostAreAllowed() {
        let csp = SecurityHeaders.contentSecurityPolicy(host: "beep.example:8080")
        #expect(csp.contains("connect-src 'self' ws://beep.example:8080 wss://beep.example:8080;"))
    }

    @Test func theLiveServerNamesItsOwnHost() async throws {
        let root = try makeFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try await makeApp(root).test(.live) { client in
            try await client.execute(uri: "/", method: .get) { response in
                let csp = try #require(response.headers[.contentSecurityPolicy])
                #expect(csp.contains("connect-src 'self' ws://"))
                #expect(csp.contains(" wss://"))
            }
        }
    }

    @Test func aHostWithOddCharactersStaysOutOfThePolicy() {
        let csp = SecurityHeaders.contentSecurityPolicy(host: "evil.example; script-src *")
        #expect(csp.contains("connect-src 'self';"))
        #expect(!csp.contains("evil"))
    }
}
