/// The client's commands, built once: `nsbackup namespaces|backups|restore|tokens …`.
enum CommandTree {
    static let root = CommandSpec(
        name: CommandSpec.programName,
        abstract: "Back up and restore namespaces on an nsbackup server.",
        discussion: """
            The client talks to a running server (--url or NSBACKUP_URL, default \(ClientSettings.defaultURL)) with a
            bearer token (--token or NSBACKUP_TOKEN). Namespaces may be given by name or by id everywhere. Exit
            status: 0 on success, 1 when the work failed (the server's reason is printed), 64 for a usage mistake.
            """,
        subcommands: [NamespaceCommands.spec, BackupCommands.spec, RestoreCommand.spec, TokenCommands.spec]
    )
}
