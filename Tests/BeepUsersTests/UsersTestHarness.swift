import BeepPlatformCore
import BeepStorage
import BeepStorageTestSupport
import BeepUsers
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Synchronization
import Testing

/// A clock tests move by hand (TOTP steps, token expiry).
final class TestClock: Sendable {
    private let current: Mutex<Date>
    init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) { current = Mutex(start) }
    var now: Date { current.withLock { $0 } }
    func advance(_ seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

/// One users service on a fresh database of one dialect, with its HTTP routes.
struct UsersHarness {
    let database: Database
    let service: UsersService
    let clock: TestClock
    let filesDirectory: URL
    let location: DatabaseLocation

    static func make(_ dialect: DatabaseDialect, configuration: UsersConfiguration? = nil) async throws -> UsersHarness {
        let location = try await TestDatabases.location(dialect)
        let database = try await Database.open(location, logger: TestDatabases.logger)
        do {
            let store = SQLUserStore(database: database)
            try await store.migrate()
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("beep-files-\(UUID().uuidString)")
            let service = try await UsersService(
                store: store, files: LocalFileStore(directory: directory), signingKey: .generate(),
                configuration: configuration ?? UsersConfiguration(passwordParameters: .testingOnly),
                logger: TestDatabases.logger)
            return UsersHarness(database: database, service: service, clock: TestClock(), filesDirectory: directory,
                                location: location)
        } catch {
            try? await database.shutdown()
            TestDatabases.removeFiles(of: location)
            throw error
        }
    }

    /// Runs `body` with a fresh harness and an HTTP test client, then shuts down.
    static func run(_ dialect: DatabaseDialect, configuration: UsersConfiguration? = nil,
                    _ body: @escaping @Sendable (UsersHarness, any TestClientProtocol) async throws -> Void) async throws {
        let harness = try await make(dialect, configuration: configuration)
        let router = Router(context: APIRequestContext.self)
        let clock = harness.clock
        UsersRoutes(service: harness.service, clock: { clock.now }).register(on: router)
        defer {
            TestDatabases.removeFiles(of: harness.location)
            try? FileManager.default.removeItem(at: harness.filesDirectory)
        }
        do {
            try await Application(router: router).test(.router) { client in try await body(harness, client) }
            try await harness.database.shutdown()
        } catch {
            try? await harness.database.shutdown()
            throw error
        }
    }
}

/// JSON helpers over the test client.
extension TestClientProtocol {
    func send(_ method: HTTPRequest.Method, _ uri: String, json: String? = nil, token: String? = nil,
              body: ByteBuffer? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if let token { headers[.authorization] = "Bearer \(token)" }
        if json != nil { headers[.contentType] = "application/json" }
        return try await execute(uri: uri, method: method, headers: headers,
                                 body: json.map { ByteBuffer(string: $0) } ?? body)
    }

    func send<Body: Encodable>(_ method: HTTPRequest.Method, _ uri: String, _ value: Body, token: String? = nil) async throws -> TestResponse {
        let data = try JSONEncoder().encode(value)
        return try await send(method, uri, json: String(decoding: data, as: UTF8.self), token: token)
    }

    /// Signs up `name` (`name@example.com`, password `correct horse <name>`) and returns the auth response.
    func signUp(_ name: String, password: String? = nil) async throws -> AuthResponse {
        let request = SignUpRequest(firstName: "First \(name)", lastName: "Last", username: name,
                                    email: "\(name)@example.com", password: password ?? "correct horse \(name)")
        let response = try await send(.post, "/api/v1/auth/sign-up", request)
        #expect(response.status == .created, "sign-up \(name): \(String(buffer: response.body))")
        return try response.decode(AuthResponse.self)
    }

    func signIn(_ email: String, _ password: String) async throws -> TestResponse {
        try await send(.post, "/api/v1/auth/sign-in", SignInRequest(email: email, password: password))
    }
}

extension TestResponse {
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(body.readableBytesView))
    }

    var error: APIError.Body? { try? decode(APIError.Body.self) }
}

extension AuthResponse {
    var accessToken: String { tokens?.accessToken ?? "" }
    var refreshToken: String { tokens?.refreshToken ?? "" }
    var userID: UserID { user?.id ?? Snowflake(rawValue: 0) }
}
