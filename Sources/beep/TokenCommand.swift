import ArgumentParser
import BeepCalls
import Foundation

/// `beep token create --room R --identity I [--name N] [--ttl S] [--permissions a,b]`: prints a
/// signed call join token (see docs/signalling.md and docs/decisions/0004-join-tokens.md).
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "token", abstract: "Create call join tokens.")

    @Argument(parsing: .captureForPassthrough, help: "create --room R --identity I [--name N] [--ttl S] [--permissions ...]")
    var arguments: [String] = []

    func run() async throws {
        let result = await JoinTokenCLI.run(arguments: arguments)
        FileHandle.standardOutput.write(Data(result.standardOutput.utf8))
        FileHandle.standardError.write(Data(result.standardError.utf8))
        if result.exitCode != 0 { throw ExitCode(result.exitCode) }
    }
}
