import BeepLogging
import Foundation
import Logging
import Testing

/// Collects lines written by the handler.
final class LineCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []
    var lines: [String] { lock.withLock { stored } }
    var sink: LogSink { LogSink { line in self.lock.withLock { self.stored.append(line) } } }
}

@Suite struct JSONLogTests {
    let fixedDate = Date(timeIntervalSince1970: 1_696_163_696.5)  // 2023-10-01T12:34:56.500Z

    func makeLogger(_ collector: LineCollector, style: BeepLogHandler.Style = .json) -> Logger {
        let formatter = JSONLogFormatter(service: "beep", containerID: "abc123")
        let date = fixedDate
        return Logger(label: "beep.test") { label in
            BeepLogHandler(label: label, level: .debug, style: style, formatter: formatter,
                           sink: collector.sink, now: { date })
        }
    }

    @Test func seedSection2_5_1ApplicationLogFields() throws {
        let collector = LineCollector()
        makeLogger(collector).info("User authentication successful",
                                   metadata: ["user_id": "42", "response_status": .stringConvertible(200)])
        let line = try #require(collector.lines.first)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["level"] as? String == "INFO")
        #expect(object["timestamp"] as? String == "2023-10-01T12:34:56.500Z")
        #expect(object["service"] as? String == "beep")
        #expect(object["container_id"] as? String == "abc123")
        #expect(object["message"] as? String == "User authentication successful")
        #expect(object["user_id"] as? String == "42")
        #expect(object["logger"] as? String == "beep.test")
        #expect(object["response_status"] as? Int == 200)
    }

    @Test func levelsBelowThresholdAreDropped() {
        let collector = LineCollector()
        var logger = makeLogger(collector)
        logger.logLevel = .warning
        logger.info("hidden")
        logger.error("shown")
        #expect(collector.lines.count == 1)
        #expect(collector.lines.first?.contains("\"level\":\"ERROR\"") == true)
    }

    @Test func secretsAreRedacted() {
        let collector = LineCollector()
        makeLogger(collector).warning("login", metadata: [
            "password": "hunter2", "sessionToken": "abc", "nested": ["api_key": "k"],
        ])
        let line = collector.lines.joined()
        #expect(!line.contains("hunter2"))
        #expect(!line.contains("\"abc\""))
        #expect(!line.contains("\"k\""))
        #expect(line.contains("[redacted]"))
    }

    @Test func controlCharactersAreEscapedSoEachRecordIsOneLine() throws {
        let collector = LineCollector()
        makeLogger(collector).info("line one\nline \"two\"\u{01}")
        let line = try #require(collector.lines.first)
        #expect(!line.contains("\n"))
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        #expect(object?["message"] as? String == "line one\nline \"two\"\u{01}")
    }

    @Test func humanStyleIsReadable() throws {
        let collector = LineCollector()
        makeLogger(collector, style: .human).notice("listening", metadata: ["port": "8080"])
        let line = try #require(collector.lines.first)
        #expect(line == "12:34:56.500Z NOTICE beep.test: listening port=8080")
    }

    @Test func containerIDPrefersExplicitSetting() {
        #expect(LoggingBootstrap.containerID(environment: ["BEEP_CONTAINER_ID": "c1", "HOSTNAME": "h"]) == "c1")
        #expect(LoggingBootstrap.containerID(environment: ["HOSTNAME": "h"]) == "h")
    }
}
