import API
import CLI
import Foundation
import Postgres

/// `nsbackup <command> [options]`: finds the command in ``Commands``, parses its arguments, runs it and maps the
/// outcome to an exit status — 0 success, 64 usage mistakes (``UsageError``), 1 anything else.
@main
enum NSBackupTool {
    static func main() {
        let status = run(Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment)
        exit(status)
    }

    static func run(_ arguments: [String], environment: [String: String]) -> Int32 {
        // The command-line client (namespaces, backups, restore, tokens) has its own parser and help.
        if ClientCommands.handles(arguments) {
            return ClientCommands.run(arguments, environment: environment)
        }
        if ["help", "--help", "-h"].contains(arguments.first ?? ""), arguments.count > 1,
           ClientCommands.names.contains(arguments[1]) {
            return ClientCommands.run([arguments[1], "--help"] + arguments.dropFirst(2), environment: environment)
        }
        guard let first = arguments.first else {
            Console.error(Commands.usage)
            return UsageError.exitCode
        }
        if ["help", "--help", "-h"].contains(first) {
            guard arguments.count > 1 else {
                Console.out(Commands.usage)
                return 0
            }
            guard let command = Commands.named(arguments[1]) else {
                return fail(UsageError("there is no command '\(arguments[1])'."))
            }
            Console.out(command.usage)
            return 0
        }
        guard let commandType = Commands.named(first) else {
            return fail(UsageError("there is no command '\(first)'."))
        }
        var scanner = ArgumentScanner(Array(arguments.dropFirst()), command: commandType.name)
        if scanner.wantsHelp {
            Console.out(commandType.usage)
            return 0
        }
        do {
            let command = try commandType.init(arguments: &scanner, environment: environment)
            try scanner.finish()
            return try command.run()
        } catch {
            return fail(error)
        }
    }

    /// Prints `error` for a person and returns the exit status for it.
    static func fail(_ error: any Error) -> Int32 {
        if let usage = error as? UsageError {
            let help = usage.command.map { "nsbackup help \($0)" } ?? "nsbackup help"
            Console.error("nsbackup: \(usage.message)\nRun '\(help)' for the usage.")
            return UsageError.exitCode
        }
        Console.error("nsbackup: error: \(describe(error))")
        return 1
    }

    /// A person-readable sentence: the message of the errors we know, never a dump.
    static func describe(_ error: any Error) -> String {
        switch error {
        case let database as PostgresError: database.message
        case let problem as Problem: problem.detail
        default: String(describing: error)
        }
    }
}
