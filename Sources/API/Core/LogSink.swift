import Foundation
import Synchronization

/// Where log lines go: standard error in production, a buffer in tests.
public struct LogSink: Sendable {
    private let writeLine: @Sendable (String) -> Void

    public init(_ writeLine: @escaping @Sendable (String) -> Void) {
        self.writeLine = writeLine
    }

    /// Writes one line (a newline is added).
    public func write(_ line: String) {
        writeLine(line)
    }

    /// Standard error, one `write(2)` per line so lines from different threads never interleave.
    /// (`FileHandle.standardError`: Swift 6 mode rejects the C `stderr` global.)
    public static let standardError = LogSink { line in
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// Drops everything.
    public static let discard = LogSink { _ in }
}

/// Keeps log lines in memory (for tests that assert what was logged), optionally echoing them to another sink.
public final class LogBuffer: Sendable {
    private let lines = Mutex<[String]>([])
    private let echo: LogSink?

    public init(echo: LogSink? = nil) {
        self.echo = echo
    }

    /// A sink that appends to this buffer.
    public var sink: LogSink {
        LogSink { [self] line in
            lines.withLock { $0.append(line) }
            echo?.write(line)
        }
    }

    /// Every line written so far.
    public var contents: [String] { lines.withLock { $0 } }
}

/// Formatting shared by the logger's lines.
enum LogFormat {
    /// `2021-03-11T15:47:11.123Z`.
    static func timestamp(_ date: Date) -> String { RFC3339.format(date) }

    /// The value as is when it is a plain token, else in double quotes with `"` and `\` escaped and
    /// control characters written as `\n`, `\t` or `\u{…}` (a log line stays one line).
    static func quote(_ value: String) -> String {
        let plain =
            !value.isEmpty
            && value.unicodeScalars.allSatisfy { scalar in
                scalar.value > 0x20 && scalar.value < 0x7F && scalar != "\"" && scalar != "=" && scalar != "\\"
            }
        if plain { return value }
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F: out += "\\u{\(String(scalar.value, radix: 16))}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
