/// Where a command's output goes and what it knows of the terminal: standard output for results,
/// standard error for messages, progress and prompts.
///
/// ``StandardConsole`` is the process's own; tests substitute one that records. Implementations are
/// thread-safe: a spinner redraws from its own thread while the command's thread works.
protocol Console: AnyObject, Sendable {
    /// Writes to standard output (results: tables, JSON, the secret of a new token).
    func write(_ text: String)
    /// Writes to standard error (errors, progress, prompts).
    func writeError(_ text: String)
    /// Whether standard input is a terminal a person can answer prompts on.
    var isInputTerminal: Bool { get }
    /// Whether standard error is a terminal (progress bars and spinners are drawn only then).
    var isErrorTerminal: Bool { get }
    /// Columns of the terminal on standard error (80 when unknown).
    var errorTerminalWidth: Int { get }
    /// Reads one line of standard input without its line break; nil at end of input.
    func readLine() -> String?
}

extension Console {
    /// Writes `text` and a line break to standard output.
    func print(_ text: String) {
        write(text + "\n")
    }

    /// Writes `text` and a line break to standard error.
    func printError(_ text: String) {
        writeError(text + "\n")
    }
}
