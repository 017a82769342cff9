/// The dispatch table: every subcommand of `nsbackup`, in the order `nsbackup help` lists them.
///
/// To add a command, write it in its own file as a ``Command`` and add ONE line under the heading of your area.
import CLI

enum Commands {
    static var all: [any Command.Type] {
        [
            // The server (issue 3).
            ServeCommand.self,
            MigrateCommand.self,
            VersionCommand.self,

            // The command-line client (issue 7): add commands below this line.

        ]
    }

    /// The command called `name`, or nil.
    static func named(_ name: String) -> (any Command.Type)? {
        all.first { $0.name == name }
    }

    /// The general usage text.
    static var usage: String {
        let width = (all.map { $0.name.count } + ClientCommands.summaries.map { $0.name.count } + [4]).max() ?? 4
        func pad(_ name: String) -> String { name + String(repeating: " ", count: width + 2 - name.count) }
        var text = "usage: nsbackup <command> [options]\n\ncommands:\n"
        for command in all {
            text += "  " + pad(command.name) + command.summary + "\n"
        }
        for client in ClientCommands.summaries {
            text += "  " + pad(client.name) + client.abstract + "\n"
        }
        text += "  " + pad("help") + "show the help of a command\n"
        text += "\nRun 'nsbackup help <command>' or 'nsbackup <command> --help' for a command's options."
        return text
    }
}
