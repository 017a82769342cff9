/// A command of the client: a group of subcommands (`backups`) or a leaf that runs (`backups create`).
///
/// The tree is built once (``CommandTree``) and is immutable; parsing, help and usage all read it.
struct CommandSpec: Sendable {
    /// What runs a leaf command. It throws ``UsageError`` for a bad value, ``CommandFailure`` when the work
    /// failed; returning means success.
    typealias Handler = @Sendable (Invocation) throws -> Void

    /// The word that selects it (`create`); the root's is the program name.
    var name: String
    /// One-line summary for lists and the help's OVERVIEW.
    var abstract: String
    /// Further paragraphs of help (may be empty).
    var discussion: String = ""
    var options: [OptionSpec] = []
    var arguments: [ArgumentSpec] = []
    var subcommands: [CommandSpec] = []
    /// Nil for a group.
    var handler: Handler?

    /// The options every command accepts, shown under GLOBAL OPTIONS.
    static let globalOptions: [OptionSpec] = [
        .value("url", help: "The server's URL (default: $NSBACKUP_URL, else \(ClientSettings.defaultURL))."),
        .value("token", help: "The bearer token to send (default: $NSBACKUP_TOKEN)."),
        .flag("json", help: "Print the server's JSON objects instead of tables and sentences."),
        .flag("help", short: "h", help: "Show help information."),
    ]

    /// The subcommand named `name`, if this is a group that has it.
    func subcommand(named name: String) -> CommandSpec? {
        subcommands.first { $0.name == name }
    }

    /// The spec at `path` below this one (`["backups", "create"]`), or nil.
    func descendant(at path: [String]) -> CommandSpec? {
        var current = self
        for name in path {
            guard let next = current.subcommand(named: name) else { return nil }
            current = next
        }
        return current
    }
}
