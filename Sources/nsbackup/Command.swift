/// One subcommand of `nsbackup` (`serve`, `migrate`, `version`, and the client commands).
///
/// A command parses its own arguments (everything after its name) in ``init(arguments:environment:)`` with an
/// ``ArgumentScanner``, throwing ``UsageError`` for mistakes, and does its work in ``run()``. It is listed once in
/// `Commands.swift`.
protocol Command {
    /// The word that selects it: `nsbackup <name> …`.
    static var name: String { get }
    /// One line for the command list.
    static var summary: String { get }
    /// The full help text (`nsbackup help <name>`, `nsbackup <name> --help`).
    static var usage: String { get }

    /// Parses the arguments after the command's name.
    ///
    /// - Throws: ``UsageError`` for an unknown option, a missing or malformed value.
    init(arguments: inout ArgumentScanner, environment: [String: String]) throws

    /// Does the work.
    ///
    /// - Returns: the process's exit status (0 on success).
    /// - Throws: any error: its message goes to standard error and the process exits 1 (64 for ``UsageError``).
    func run() throws -> Int32
}
