/// A mistake in how the command was called (unknown command or option, bad value): the message and a pointer to
/// the help go to standard error and the process exits 64 (`EX_USAGE`, sysexits(3)).
struct UsageError: Error, CustomStringConvertible {
    var message: String
    /// The command concerned (for the "see its help" hint), or nil for the general usage.
    var command: String?

    init(_ message: String, command: String? = nil) {
        self.message = message
        self.command = command
    }

    var description: String { message }

    static let exitCode: Int32 = 64
}
