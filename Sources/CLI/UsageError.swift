/// A mistake in how a command was typed: an unknown option, a missing argument, a bad value.
///
/// Reported on standard error with the usage of the command it concerns, exit status 64 (`EX_USAGE`,
/// as swift-argument-parser's `ValidationError`).
struct UsageError: Error, Sendable, CustomStringConvertible {
    /// What is wrong, as a sentence naming the input: `Unknown option '--nmae'.`
    var message: String
    /// The command whose usage is shown (`["backups", "create"]`), empty for the client's top level.
    var commandPath: [String]

    init(_ message: String, commandPath: [String]) {
        self.message = message
        self.commandPath = commandPath
    }

    var description: String { message }
}
