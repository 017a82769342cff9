/// Usage lines and `--help` text, in swift-argument-parser's layout (OVERVIEW, USAGE, ARGUMENTS, OPTIONS,
/// SUBCOMMANDS), so the client reads like other Swift tools.
extension CommandSpec {
    static let programName = "nsbackup"

    /// The command as typed: `nsbackup backups create`.
    static func commandLine(_ path: [String]) -> String {
        ([programName] + path).joined(separator: " ")
    }

    /// One usage line for the command at `path` (this spec being the one at `path`).
    func usage(path: [String]) -> String {
        var parts = [Self.commandLine(path)]
        if !subcommands.isEmpty {
            parts.append("<subcommand>")
        } else {
            parts += arguments.map { "<\($0.name)>" }
            parts += options.map(\.usageFragment)
            parts.append("[<global-options>]")
        }
        return parts.joined(separator: " ")
    }

    /// The complete help text for the command at `path`, ending with a line break.
    func helpText(path: [String]) -> String {
        let labels =
            arguments.map { "<\($0.name)>" } + (options + Self.globalOptions).map(\.helpLabel)
            + subcommands.map(\.name)
        let width = min(labels.map(\.count).max() ?? 0, 28) + 4
        let columns = { (rows: [(String, String)]) in Self.columns(rows, width: width) }
        var sections = ["OVERVIEW: \(abstract)"]
        if !discussion.isEmpty { sections.append(discussion) }
        sections.append("USAGE: \(usage(path: path))")
        if !arguments.isEmpty {
            sections.append("ARGUMENTS:\n" + columns(arguments.map { ("<\($0.name)>", $0.help) }))
        }
        if !options.isEmpty {
            sections.append("OPTIONS:\n" + columns(options.map { ($0.helpLabel, $0.help) }))
        }
        sections.append("GLOBAL OPTIONS:\n" + columns(Self.globalOptions.map { ($0.helpLabel, $0.help) }))
        if !subcommands.isEmpty {
            sections.append("SUBCOMMANDS:\n" + columns(subcommands.map { ($0.name, $0.abstract) }))
            sections.append("  See '\(Self.commandLine(path + ["<subcommand>"])) --help' for detailed help.")
        }
        return sections.joined(separator: "\n\n") + "\n"
    }

    /// What a usage error prints after its message.
    func usageErrorText(path: [String]) -> String {
        "Usage: \(usage(path: path))\n  See '\(Self.commandLine(path)) --help' for more information.\n"
    }

    /// Two columns, labels padded to `width` (a longer label puts its help on the next line), as
    /// swift-argument-parser aligns them.
    private static func columns(_ rows: [(String, String)], width: Int) -> String {
        rows.map { label, help in
            let left = "  " + label
            if left.count + 2 <= width {
                return left + String(repeating: " ", count: width - left.count) + help
            }
            return left + "\n" + String(repeating: " ", count: width) + help
        }.joined(separator: "\n")
    }
}
