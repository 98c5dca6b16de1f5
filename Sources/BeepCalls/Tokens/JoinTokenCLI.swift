import Foundation

/// `beep token create --room R --identity I [--name N] [--ttl 3600] [--permissions a,b]`
/// (issue 4 item 4): prints one join token for operators and tests.
///
/// Written as a function so the `beep` executable only forwards its arguments.
public enum JoinTokenCLI {
    /// What the command prints and how it exits.
    public struct Result: Sendable, Equatable {
        /// Text for standard output (the token and a newline), empty on failure.
        public var standardOutput: String
        /// Text for standard error (usage or the failure), empty on success.
        public var standardError: String
        /// The process exit code: 0 on success, 64 (EX_USAGE) for bad arguments, 1 otherwise.
        public var exitCode: Int32
    }

    /// Usage text.
    public static let usage = """
        usage: beep token create --room ROOM --identity ID [--name NAME] [--ttl SECONDS]
                                 [--permissions publishAudio,publishVideo,publishScreen,subscribe]
        The signing key comes from $\(JoinTokenKeyStore.environmentVariable) or ./data/\(JoinTokenKeyStore.fileName) (created on first use).
        """

    /// Runs `token <arguments>`; `arguments` start after the word `token` (e.g. `["create", "--room", "r"]`).
    public static func run(arguments: [String],
                           environment: [String: String] = ProcessInfo.processInfo.environment,
                           dataDirectory: URL = URL(fileURLWithPath: "data"),
                           now: Date = Date()) async -> Result {
        let request: CreateRequest
        switch CreateRequest.parse(arguments) {
        case .success(let parsed): request = parsed
        case .failure(let problem): return Result(standardOutput: "", standardError: "\(problem.reason)\n\(usage)\n", exitCode: 64)
        }
        do {
            let key = try JoinTokenKeyStore.loadOrCreate(environment: environment, dataDirectory: dataDirectory)
            let token = try await JoinTokenIssuer(privateKey: key).issue(
                room: request.room, identity: request.identity, name: request.name,
                permissions: request.permissions, issuedAt: now, lifetime: request.lifetime)
            return Result(standardOutput: token + "\n", standardError: "", exitCode: 0)
        } catch {
            return Result(standardOutput: "", standardError: "beep token: \(error)\n", exitCode: 1)
        }
    }
}

/// The parsed arguments of `token create`.
struct CreateRequest: Equatable {
    var room: String
    var identity: String
    var name: String?
    var lifetime: TimeInterval
    var permissions: Set<CallPermission>

    struct Problem: Error, Equatable {
        var reason: String
    }

    static func parse(_ arguments: [String]) -> Swift.Result<CreateRequest, Problem> {
        guard arguments.first == "create" else { return .failure(Problem(reason: "expected `token create`")) }
        var values: [String: String] = [:]
        var rest = arguments.dropFirst()
        while let flag = rest.popFirst() {
            guard ["--room", "--identity", "--name", "--ttl", "--permissions"].contains(flag) else {
                return .failure(Problem(reason: "unknown option \(flag)"))
            }
            guard let value = rest.popFirst() else { return .failure(Problem(reason: "\(flag) needs a value")) }
            values[flag] = value
        }
        guard let room = values["--room"], !room.isEmpty,
              room.utf8.count <= SignallingLimits.maximumNameLength
        else { return .failure(Problem(reason: "--room is required")) }
        guard let identity = values["--identity"], !identity.isEmpty,
              identity.utf8.count <= SignallingLimits.maximumNameLength
        else { return .failure(Problem(reason: "--identity is required")) }
        var lifetime = JoinTokenIssuer.defaultLifetime
        if let ttl = values["--ttl"] {
            guard let seconds = Int(ttl), seconds > 0, seconds <= 86_400 * 30 else {
                return .failure(Problem(reason: "--ttl must be 1 to 2592000 seconds"))
            }
            lifetime = TimeInterval(seconds)
        }
        var permissions = Set(CallPermission.allCases)
        if let list = values["--permissions"] {
            var chosen: Set<CallPermission> = []
            for name in list.split(separator: ",", omittingEmptySubsequences: true) {
                guard let permission = CallPermission(rawValue: String(name)) else {
                    return .failure(Problem(reason: "unknown permission \(name)"))
                }
                chosen.insert(permission)
            }
            permissions = chosen
        }
        return .success(CreateRequest(room: room, identity: identity, name: values["--name"],
                                      lifetime: lifetime, permissions: permissions))
    }
}
