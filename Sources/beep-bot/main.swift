import ArgumentParser
import BeepBot
import Foundation

// beep-bot: parse (exit 2 on bad arguments), run, print the table or JSON, exit with the
// report's code and a one-line error on stderr when it is not 0 (docs/bot.md).

func fail(_ message: String, code: Int32) -> Never {
    FileHandle.standardError.write(Data("beep-bot: error: \(message)\n".utf8))
    exit(code)
}

if CommandLine.arguments.dropFirst().first == "load" {
    await runLoad(Array(CommandLine.arguments.dropFirst(2)))
}

/// Parses `arguments` as `C`; prints help and exits 0 when asked, exits 2 with one line otherwise.
func parseOrExit<C: ParsableCommand>(_: C.Type, _ arguments: [String]) -> C {
    do {
        return try C.parse(arguments)
    } catch {
        if C.exitCode(for: error) == .success {
            print(C.fullMessage(for: error))
            exit(0)
        }
        fail(C.message(for: error).split(separator: "\n").first.map(String.init) ?? "bad arguments",
             code: BotError.Code.badArguments.exitCode)
    }
}

let command = parseOrExit(BeepBotCommand.self, Array(CommandLine.arguments.dropFirst()))

let options: BotOptions
do {
    let environment = ProcessInfo.processInfo.environment
    options = try command.options(environmentToken: environment["BEEP_BOT_TOKEN"],
                                  turnPassword: environment["BEEP_BOT_TURN_PASSWORD"])
} catch {
    fail(error.reason, code: error.code.exitCode)
}

let report = await BotRunner(options: options).run()
print(command.common.json ? report.json() : report.table())
if report.exitCode != 0 {
    let reason = report.error ?? "media criteria missed: " + report.failures.joined(separator: "; ")
    fail(reason, code: report.exitCode)
}
exit(0)

/// `beep-bot load …`: parse, run, print, exit with the load's code (docs/bot.md, "Load mode").
func runLoad(_ arguments: [String]) async -> Never {
    let command = parseOrExit(LoadCommand.self, arguments)
    let options: LoadOptions
    do {
        options = try command.options(environment: ProcessInfo.processInfo.environment)
    } catch {
        fail(error.reason, code: error.code.exitCode)
    }
    let report = await LoadRunner(options: options).run()
    print(command.common.json ? report.json() : report.table())
    if report.exitCode != 0 {
        fail("load criteria missed: " + (report.failures.first ?? "see the report"), code: report.exitCode)
    }
    exit(0)
}
