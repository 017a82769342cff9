/// The entry point of the command-line client, called by the `nsbackup` executable for the client's
/// subcommands (`namespaces`, `backups`, `restore`, `tokens`).
///
/// ```swift
/// let arguments = Array(CommandLine.arguments.dropFirst())
/// if ClientCommands.handles(arguments) {
///     exit(ClientCommands.run(arguments, environment: ProcessInfo.processInfo.environment))
/// }
/// ```
public enum ClientCommands {
    /// The first words this module handles.
    public static let names: Set<String> = Set(CommandTree.root.subcommands.map(\.name))

    /// Whether `arguments` (the command line after the program name) is a client command: its first word that is
    /// not a global client option (`--url <url>`, `--token <token>`, `--json`) is one of ``names``. Lets the
    /// executable hand over `nsbackup --url http://… backups list` as well as `nsbackup backups list`.
    public static func handles(_ arguments: [String]) -> Bool {
        var index = 0
        while index < arguments.count {
            let word = arguments[index]
            switch word {
            case "--url", "--token": index += 2
            case "--json": index += 1
            case _ where word.hasPrefix("--url=") || word.hasPrefix("--token="): index += 1
            default: return names.contains(word)
            }
        }
        return false
    }

    /// One line per client command (name, summary) for the executable's own `--help`.
    public static let summaries: [(name: String, abstract: String)] =
        CommandTree.root.subcommands.map { ($0.name, $0.abstract) }

    /// Runs one client command and returns the process's exit status.
    ///
    /// - Parameters:
    ///   - arguments: the command line after the program name, starting with one of ``names``
    ///     (`["backups", "list", "--json"]`); global options (`--url`, `--token`, `--json`) may come anywhere.
    ///   - environment: the process environment (`NSBACKUP_URL`, `NSBACKUP_TOKEN`).
    /// - Returns: 0 on success (and for `--help`), 1 when the work failed (the reason is on standard error),
    ///   64 for a usage mistake (the message and the usage are on standard error).
    public static func run(_ arguments: [String], environment: [String: String]) -> Int32 {
        run(arguments, environment: environment, console: StandardConsole())
    }

    /// ``run(_:environment:)`` with the console given (tests record what is written).
    static func run(_ arguments: [String], environment: [String: String], console: any Console) -> Int32 {
        let parser = CommandLineParser(root: CommandTree.root)
        do {
            switch try parser.parse(arguments) {
            case .help(let path):
                console.write(CommandTree.root.descendant(at: path)!.helpText(path: path))
                return ExitStatus.success
            case .run(let command):
                let settings = ClientSettings(command, environment: environment)
                let invocation = Invocation(command: command, settings: settings, console: console)
                try command.spec.handler!(invocation)
                return ExitStatus.success
            }
        } catch let error as UsageError {
            let spec = CommandTree.root.descendant(at: error.commandPath) ?? CommandTree.root
            console.writeError("Error: \(error.message)\n" + spec.usageErrorText(path: error.commandPath))
            return ExitStatus.usage
        } catch let failure as CommandFailure {
            console.printError("Error: \(failure)")
            return ExitStatus.failure
        } catch {
            console.printError("Error: \(error)")
            return ExitStatus.failure
        }
    }
}

/// The client's exit statuses (sysexits.h for usage).
enum ExitStatus {
    static let success: Int32 = 0
    static let failure: Int32 = 1
    /// `EX_USAGE`.
    static let usage: Int32 = 64
}
