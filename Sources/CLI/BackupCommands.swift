import HTTP

/// `nsbackup backups list|create|download|upload|delete`.
enum BackupCommands {
    static let spec = CommandSpec(
        name: "backups",
        abstract: "List, create, download, upload and delete backups.",
        subcommands: [
            CommandSpec(
                name: "list",
                abstract: "List backups, sorted by creation date.",
                options: [.value("namespace", help: "Only the backups listed under this namespace (name or id).")],
                handler: list
            ),
            CommandSpec(
                name: "create",
                abstract: "Back up a namespace.",
                discussion: "Waits until the backup is ready (with progress on a terminal) unless --no-wait is given.",
                options: [
                    .value("namespace", help: "The namespace to back up (name or id).", required: true),
                    .value("name", help: "The backup's name (1–200 characters).", required: true),
                    .flag("no-wait", help: "Return as soon as the server accepted the job."),
                ],
                handler: create
            ),
            DownloadCommand.spec,
            UploadCommand.spec,
            CommandSpec(
                name: "delete",
                abstract: "Delete a backup and its archive.",
                discussion: "Asks for confirmation unless --yes is given; without a terminal, --yes is required.",
                options: [.flag("yes", short: "y", help: "Delete without asking for confirmation.")],
                arguments: [ArgumentSpec(name: "backup-id", help: "The backup's id (see 'nsbackup backups list').")],
                handler: delete
            ),
        ]
    )

    static func list(_ run: Invocation) throws {
        var query: [HTTPQueryItem] = []
        if let namespace = run.command.value("namespace") {
            query.append(HTTPQueryItem(name: "namespaceId", value: try run.resolveNamespace(namespace).id))
        }
        let response = try run.api().send(.get, "/v1/backups", query: query)
        if run.json { return run.printJSON(response) }
        let backups = try response.decode(BackupList.self).backups
        guard !backups.isEmpty else { return run.console.print("No backups.") }
        run.console.write(table(backups).render())
    }

    static func create(_ run: Invocation) throws {
        let namespace = try run.resolveNamespace(run.command.value("namespace")!)
        let name = run.command.value("name")!
        let waits = !run.command.flag("no-wait")
        let api = try run.api()
        let spinner =
            waits ? Spinner.start("Creating backup \"\(name)\" of \"\(namespace.name)\"…", console: run.console) : nil
        defer { spinner?.stop() }
        var response = try api.send(
            .post,
            APIClient.path("v1", "namespaces", namespace.id, "backups"),
            query: waits ? [HTTPQueryItem(name: "wait", value: "10")] : [],
            json: ["name": name]
        )
        var backup = try response.decode(BackupResource.self)
        if waits && backup.isCreating {
            let path = APIClient.path("v1", "backups", backup.id)
            (backup, response) = try JobPolling.wait(for: "backup \"\(name)\"") {
                let (current, currentResponse) = try api.get(path, as: BackupResource.self)
                return current.isCreating ? nil : (current, currentResponse)
            }
        }
        spinner?.stop()
        if run.json { run.printJSON(response) } else { run.console.write(table([backup]).render()) }
        if backup.status == "failed" {
            throw CommandFailure(
                "Backup \"\(backup.name)\" of namespace \"\(namespace.name)\" failed: \(backup.error ?? "the server gave no reason.")",
                code: "backup_failed"
            )
        }
    }

    static func delete(_ run: Invocation) throws {
        let api = try run.api()
        let path = APIClient.path("v1", "backups", run.command.argument(0))
        let (backup, _) = try api.get(path, as: BackupResource.self)
        try run.confirm(
            "Are you sure you want to delete backup \"\(backup.name)\"?",
            refusal: "Not deleting backup \"\(backup.name)\""
        )
        _ = try api.send(.delete, path)
        if run.json { return try run.printJSONObject(["id": backup.id, "deleted": true]) }
        run.console.print("Deleted backup \"\(backup.name)\".")
    }

    /// The seed's columns (Name, Namespace, Creation Date, Status) plus Size and ID.
    static func table(_ backups: [BackupResource]) -> Table {
        Table(
            columns: [
                .init("Name"), .init("Namespace"), .init("Creation Date"), .init("Status"),
                .init("Size", alignment: .right), .init("ID"),
            ],
            rows: backups.map { backup in
                [
                    backup.name, backup.namespace?.name ?? "-", DateDisplay.format(backup.createdAt),
                    statusLabel(backup.status), backup.sizeBytes.map(ByteFormat.size) ?? "-", backup.id,
                ]
            }
        )
    }

    /// `(Ready)`, `(Creating)`, `(Failed)`: the status as the seed's page shows it.
    static func statusLabel(_ status: String) -> String {
        "(\(status.prefix(1).uppercased() + status.dropFirst()))"
    }
}
