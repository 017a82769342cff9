/// Parses the client's arguments against the command tree, by hand (no packages), with
/// swift-argument-parser's conventions:
///
/// - words select subcommands until a leaf: `backups create`;
/// - `--name value`, `--name=value`, `-o value`; flags take no value; `--` ends options;
/// - options may come anywhere after the leaf's word; before it only global options are known;
/// - `-h`/`--help` anywhere asks for the help of the deepest command named;
/// - a value may not look like an option (`--name --json` is a missing value): write `--name=-x` for that.
struct CommandLineParser {
    enum Outcome {
        /// Print the help of the command at this path and exit 0.
        case help(path: [String])
        case run(ParsedCommand)
    }

    let root: CommandSpec

    /// - Throws: ``UsageError`` naming the first mistake and the command it concerns.
    func parse(_ arguments: [String]) throws(UsageError) -> Outcome {
        if let path = helpPath(arguments) { return .help(path: path) }
        var spec = root
        var parsed = ParsedCommand(path: [], spec: root)
        var index = 0
        var optionsEnded = false
        while index < arguments.count {
            let token = arguments[index]
            index += 1
            if !optionsEnded && token == "--" {
                optionsEnded = true
                continue
            }
            if !optionsEnded && token.hasPrefix("-") && token.count > 1 {
                try parseOption(token, in: spec, parsed: &parsed, arguments: arguments, index: &index)
                continue
            }
            if !spec.subcommands.isEmpty {
                guard let next = spec.subcommand(named: token) else {
                    let known = spec.subcommands.map(\.name)
                    throw UsageError(
                        "Unknown subcommand '\(token)' for '\(CommandSpec.commandLine(parsed.path))'."
                            + Self.suggestion(for: token, among: known)
                            + " Expected one of: \(known.joined(separator: ", ")).",
                        commandPath: parsed.path
                    )
                }
                spec = next
                parsed.path.append(token)
                parsed.spec = next
                continue
            }
            guard parsed.arguments.count < spec.arguments.count else {
                throw UsageError("Unexpected argument '\(token)'.", commandPath: parsed.path)
            }
            parsed.arguments.append(token)
        }
        try validate(parsed)
        return .run(parsed)
    }

    private func parseOption(
        _ token: String,
        in spec: CommandSpec,
        parsed: inout ParsedCommand,
        arguments: [String],
        index: inout Int
    ) throws(UsageError) {
        var name = token
        var inlineValue: String?
        if token.hasPrefix("--"), let equals = token.firstIndex(of: "=") {
            name = String(token[..<equals])
            inlineValue = String(token[token.index(after: equals)...])
        } else if !token.hasPrefix("--"), token.count > 2, token.dropFirst(2).hasPrefix("=") {
            name = String(token.prefix(2))
            inlineValue = String(token.dropFirst(3))
        }
        let available = spec.subcommands.isEmpty ? spec.options + CommandSpec.globalOptions : CommandSpec.globalOptions
        guard let option = Self.option(named: name, in: available) else {
            let names = available.map { "--\($0.name)" }
            throw UsageError(
                "Unknown option '\(name)'." + Self.suggestion(for: name, among: names),
                commandPath: parsed.path
            )
        }
        if option.isFlag {
            guard inlineValue == nil else {
                throw UsageError("The flag '--\(option.name)' takes no value.", commandPath: parsed.path)
            }
            parsed.flags.insert(option.name)
            return
        }
        let value: String
        if let inlineValue {
            value = inlineValue
        } else if index < arguments.count, !Self.looksLikeOption(arguments[index]) {
            value = arguments[index]
            index += 1
        } else {
            throw UsageError("Missing value for '\(option.synopsis)'.", commandPath: parsed.path)
        }
        parsed.values[option.name, default: []].append(value)
    }

    private func validate(_ parsed: ParsedCommand) throws(UsageError) {
        let spec = parsed.spec
        guard spec.subcommands.isEmpty else {
            throw UsageError(
                "Missing subcommand for '\(CommandSpec.commandLine(parsed.path))'. Expected one of: "
                    + spec.subcommands.map(\.name).joined(separator: ", ") + ".",
                commandPath: parsed.path
            )
        }
        if parsed.arguments.count < spec.arguments.count {
            let missing = spec.arguments[parsed.arguments.count]
            throw UsageError("Missing expected argument '<\(missing.name)>'.", commandPath: parsed.path)
        }
        for option in spec.options where option.isRequired && parsed.values[option.name] == nil {
            throw UsageError("Missing expected argument '\(option.synopsis)'.", commandPath: parsed.path)
        }
    }

    /// The path of the command whose help was asked for, or nil when no `-h`/`--help` comes before `--`.
    private func helpPath(_ arguments: [String]) -> [String]? {
        let options = arguments.prefix { $0 != "--" }
        guard options.contains(where: { $0 == "--help" || $0 == "-h" }) else { return nil }
        var spec = root
        var path: [String] = []
        for word in options where !word.hasPrefix("-") {
            guard let next = spec.subcommand(named: word) else { continue }
            spec = next
            path.append(word)
        }
        return path
    }

    /// The option `token` names (`--output`, `-o`) among `options`.
    private static func option(named token: String, in options: [OptionSpec]) -> OptionSpec? {
        if token.hasPrefix("--") {
            let name = token.dropFirst(2)
            return options.first { $0.name == name }
        }
        guard token.count == 2, let letter = token.last else { return nil }
        return options.first { $0.shortName == letter }
    }

    private static func looksLikeOption(_ token: String) -> Bool {
        token.count > 1 && token.hasPrefix("-")
    }

    /// ` Did you mean 'x'?` when a known word is within two edits of `word`, else "".
    static func suggestion(for word: String, among candidates: [String]) -> String {
        let scored = candidates.map { ($0, editDistance(word, $0)) }.filter { $0.1 <= 2 }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return "" }
        return " Did you mean '\(best.0)'?"
    }

    /// Levenshtein distance over characters (inputs are short command words).
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            previous = current
        }
        return previous[b.count]
    }
}
