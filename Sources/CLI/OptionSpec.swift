/// One option a command accepts: a flag (`--yes`) or an option with a value (`--name <name>`).
struct OptionSpec: Sendable {
    /// The long name without dashes (`name`); also the key under which its values are parsed.
    var name: String
    /// A one-letter alias (`o` for `-o`), if any.
    var shortName: Character?
    /// The placeholder shown in usage (`name` → `<name>`); nil for a flag.
    var valueName: String?
    /// One line of help.
    var help: String
    /// Whether the command can't run without it (shown without brackets in usage).
    var isRequired = false
    /// Whether it may be given several times, each value kept (`--namespace A --namespace B`).
    var isRepeatable = false

    var isFlag: Bool { valueName == nil }

    /// `--name <name>` or `--yes`.
    var synopsis: String {
        guard let valueName else { return "--\(name)" }
        return "--\(name) <\(valueName)>"
    }

    /// `-o, --output <file>` as the help's left column shows it.
    var helpLabel: String {
        guard let shortName else { return synopsis }
        return "-\(shortName), \(synopsis)"
    }

    /// How the usage line shows it: `--name <name>`, `[--no-wait]`, `[--namespace <namespace> ...]`.
    var usageFragment: String {
        let core = isRepeatable ? "\(synopsis) ..." : synopsis
        return isRequired ? core : "[\(core)]"
    }

    static func flag(_ name: String, short: Character? = nil, help: String) -> OptionSpec {
        OptionSpec(name: name, shortName: short, valueName: nil, help: help)
    }

    static func value(
        _ name: String,
        short: Character? = nil,
        valueName: String? = nil,
        help: String,
        required: Bool = false,
        repeatable: Bool = false
    ) -> OptionSpec {
        OptionSpec(
            name: name,
            shortName: short,
            valueName: valueName ?? name,
            help: help,
            isRequired: required,
            isRepeatable: repeatable
        )
    }
}

/// One positional argument of a command (`<backup-id>`).
struct ArgumentSpec: Sendable {
    /// The placeholder without brackets: `backup-id`.
    var name: String
    var help: String
}
