import Foundation

/// Writes lines to standard output and standard error without buffering, so a parent process reading a pipe
/// (scripts, tests waiting for the "listening" line) sees each line at once.
enum Console {
    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
