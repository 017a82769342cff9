/// A command line after parsing: which leaf command, its option values, flags and positional arguments.
struct ParsedCommand: Sendable {
    /// The words that selected the command: `["backups", "create"]`.
    var path: [String]
    var spec: CommandSpec
    /// Values of options that take one, by long name, in the order given.
    var values: [String: [String]] = [:]
    /// Flags given, by long name.
    var flags: Set<String> = []
    /// Positional arguments, in order.
    var arguments: [String] = []

    /// The last value given for `name` (a repeated single-value option: the last one wins, as in
    /// swift-argument-parser).
    func value(_ name: String) -> String? {
        values[name]?.last
    }

    /// Every value given for a repeatable option.
    func allValues(_ name: String) -> [String] {
        values[name] ?? []
    }

    func flag(_ name: String) -> Bool {
        flags.contains(name)
    }

    /// The positional argument at `index` (presence is checked while parsing).
    func argument(_ index: Int) -> String {
        arguments[index]
    }

    /// A usage error about this command.
    func usageError(_ message: String) -> UsageError {
        UsageError(message, commandPath: path)
    }
}
