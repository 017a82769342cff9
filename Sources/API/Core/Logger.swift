import Foundation

/// A small structured logger: one `key=value` line per event, written to a ``LogSink`` (standard error by default).
///
/// A value type passed as a parameter rather than read from a global (swift-log's "accepting loggers" advice):
/// a request handler gets a logger that already carries `request_id=…`, so every line it writes can be
/// matched with the access log line and with the `requestId` of a 500 answer.
public struct Logger: Sendable {
    /// Severity, lowest first. Lines below ``level`` are dropped.
    public enum Level: Int, Sendable, Comparable, CustomStringConvertible {
        case debug, info, notice, warning, error

        public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rawValue < rhs.rawValue }

        public var description: String {
            switch self {
            case .debug: "debug"
            case .info: "info"
            case .notice: "notice"
            case .warning: "warning"
            case .error: "error"
            }
        }

        /// Parses `debug`, `info`, `notice`, `warning` or `error` (case-insensitive).
        public init?(name: String) {
            switch name.lowercased() {
            case "debug": self = .debug
            case "info": self = .info
            case "notice": self = .notice
            case "warning", "warn": self = .warning
            case "error": self = .error
            default: return nil
            }
        }
    }

    /// Names the component, e.g. `nsbackup.api`.
    public var label: String
    /// The lowest level written.
    public var level: Level
    /// Fields added to every line, in order (e.g. `request_id`).
    public private(set) var metadata: [(key: String, value: String)] = []
    /// Where the lines go.
    public var sink: LogSink

    public init(label: String, level: Level = .info, sink: LogSink = .standardError) {
        self.label = label
        self.level = level
        self.sink = sink
    }

    /// A copy that adds `key=value` to every line it writes.
    public func with(_ key: String, _ value: String) -> Logger {
        var copy = self
        copy.metadata.append((key, value))
        return copy
    }

    /// Writes one line: `time=… level=… label=… msg="…" key=value …` (values quoted when they need it).
    public func log(_ level: Level, _ message: @autoclosure () -> String, _ fields: KeyValuePairs<String, String> = [:])
    {
        guard level >= self.level else { return }
        var line = "time=\(LogFormat.timestamp(Date())) level=\(level) label=\(label) msg=\(LogFormat.quote(message()))"
        for (key, value) in metadata { line += " \(key)=\(LogFormat.quote(value))" }
        for (key, value) in fields { line += " \(key)=\(LogFormat.quote(value))" }
        sink.write(line)
    }

    public func debug(_ message: @autoclosure () -> String, _ fields: KeyValuePairs<String, String> = [:]) {
        log(.debug, message(), fields)
    }

    public func info(_ message: @autoclosure () -> String, _ fields: KeyValuePairs<String, String> = [:]) {
        log(.info, message(), fields)
    }

    public func notice(_ message: @autoclosure () -> String, _ fields: KeyValuePairs<String, String> = [:]) {
        log(.notice, message(), fields)
    }

    public func warning(_ message: @autoclosure () -> String, _ fields: KeyValuePairs<String, String> = [:]) {
        log(.warning, message(), fields)
    }

    public func error(_ message: @autoclosure () -> String, _ fields: KeyValuePairs<String, String> = [:]) {
        log(.error, message(), fields)
    }
}
