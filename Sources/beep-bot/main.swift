import ArgumentParser
import BeepBot
import Foundation

// beep-bot: parse (exit 2 on bad arguments), run, print the table or JSON, exit with the
// report's code and a one-line error on stderr when it is not 0 (docs/bot.md).

func fail(_ message: String, code: Int32) -> Never {
    FileHandle.standardError.write(Data("beep-bot: error: \(message)\n".utf8))
    exit(code)
}

let command: BeepBotCommand
do {
    command = try BeepBotCommand.parse(Array(CommandLine.arguments.dropFirst()))
} catch {
    if BeepBotCommand.exitCode(for: error) == .success {
        print(BeepBotCommand.fullMessage(for: error))
        exit(0)
    }
    fail(BeepBotCommand.message(for: error).split(separator: "\n").first.map(String.init) ?? "bad arguments",
         code: BotError.Code.badArguments.exitCode)
}

let options: BotOptions
do {
    options = try command.options(environmentToken: ProcessInfo.processInfo.environment["BEEP_BOT_TOKEN"])
} catch {
    fail(error.reason, code: error.code.exitCode)
}

let report = await BotRunner(options: options).run()
print(command.json ? report.json() : report.table())
if report.exitCode != 0 {
    let reason = report.error ?? "media criteria missed: " + report.failures.joined(separator: "; ")
    fail(reason, code: report.exitCode)
}
exit(0)
