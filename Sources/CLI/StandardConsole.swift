#if canImport(Glibc)
    import Glibc
#endif

/// The process's standard input, output and error, written with `write(2)` (no C `stdio` buffers, so output
/// and error interleave as written, and Swift 6's rule against the `stdout` global does not apply).
final class StandardConsole: Console {
    init() {}

    func write(_ text: String) {
        Self.writeAll(text, to: STDOUT_FILENO)
    }

    func writeError(_ text: String) {
        Self.writeAll(text, to: STDERR_FILENO)
    }

    var isInputTerminal: Bool { isatty(STDIN_FILENO) == 1 }
    var isErrorTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    var errorTerminalWidth: Int {
        var size = winsize()
        guard ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return Int(size.ws_col)
    }

    func readLine() -> String? {
        Swift.readLine(strippingNewline: true)
    }

    /// Writes every byte, retrying on `EINTR` and short writes; gives up silently on other errors
    /// (a closed pipe: there is nobody left to tell).
    static func writeAll(_ text: String, to fd: Int32) {
        var text = text
        text.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }
}
