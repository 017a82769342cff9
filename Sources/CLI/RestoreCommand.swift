import HTTP

/// `nsbackup restore BACKUP-ID --namespace N [--safety-backup] [--yes] [--no-wait]`.
enum RestoreCommand {
    static let spec = CommandSpec(
        name: "restore",
        abstract: "Replace a namespace's whole content with a backup's.",
        discussion: """
            Everything in the target namespace is replaced atomically: readers see the old content until the restore
            commits, the backup's after it. Asks for confirmation unless --yes is given; without a terminal, --yes is
            required. Waits for the restore and prints its report unless --no-wait is given.
            """,
        options: [
            .value("namespace", help: "The namespace to overwrite (name or id).", required: true),
            .flag("safety-backup", help: "Back up the namespace first; restore only if that succeeded."),
            .flag("yes", short: "y", help: "Restore without asking for confirmation."),
            .flag("no-wait", help: "Return as soon as the server accepted the job."),
        ],
        arguments: [ArgumentSpec(name: "backup-id", help: "The backup to restore (see 'nsbackup backups list').")],
        handler: run
    )

    static func run(_ run: Invocation) throws {
        let api = try run.api()
        let namespace = try run.resolveNamespace(run.command.value("namespace")!)
        let (backup, _) = try api.get(APIClient.path("v1", "backups", run.command.argument(0)), as: BackupResource.self)
        try run.confirm(
            "Are you sure you want to overwrite \"\(namespace.name)\" with the selected backup? "
                + "You will lose all unsaved work in \"\(namespace.name)\".",
            refusal: "Not restoring backup \"\(backup.name)\" into \"\(namespace.name)\""
        )
        let waits = !run.command.flag("no-wait")
        let spinner =
            waits
            ? Spinner.start("Restoring backup \"\(backup.name)\" into \"\(namespace.name)\"…", console: run.console)
            : nil
        defer { spinner?.stop() }
        var response = try api.send(
            .post,
            APIClient.path("v1", "namespaces", namespace.id, "restore"),
            query: waits ? [HTTPQueryItem(name: "wait", value: "10")] : [],
            json: ["backupId": backup.id, "safetyBackup": run.command.flag("safety-backup")]
        )
        var restore = try response.decode(RestoreResource.self)
        if waits && restore.isRunning {
            let path = APIClient.path("v1", "restores", restore.id)
            (restore, response) = try JobPolling.wait(for: "the restore into \"\(namespace.name)\"") {
                let (current, currentResponse) = try api.get(path, as: RestoreResource.self)
                return current.isRunning ? nil : (current, currentResponse)
            }
        }
        spinner?.stop()
        if run.json {
            run.printJSON(response)
        } else {
            run.console.write(report(restore, backup: backup, namespace: namespace))
        }
        if restore.status == "failed" {
            throw CommandFailure(
                "The restore of \"\(backup.name)\" into \"\(namespace.name)\" failed; its content is unchanged: "
                    + (restore.error ?? "the server gave no reason."),
                code: "restore_failed"
            )
        }
    }

    /// What a person reads after a restore: what came in, from which schema version, the safety backup, and
    /// the warnings that need attention.
    static func report(_ restore: RestoreResource, backup: BackupResource, namespace: NamespaceResource) -> String {
        let subject = "backup \"\(backup.name)\" into \"\(namespace.name)\""
        switch restore.status {
        case "running":
            return "Restoring \(subject) (restore \(restore.id)). Follow it with GET /v1/restores/\(restore.id).\n"
        case "failed":
            return "Restore of \(subject) failed (restore \(restore.id)).\n"
        default:
            break
        }
        let report = restore.report
        var rows: [(String, String)] = [
            ("Folders", report?.folders.map(String.init) ?? "-"),
            ("Items", report?.items.map(String.init) ?? "-"),
            ("Migrated from", report?.migratedFromSchemaVersion.map { "schema version \($0)" } ?? "- (current schema)"),
            ("Safety backup", report?.safetyBackupId ?? "none"),
        ]
        let warnings = report?.warnings ?? []
        rows.append(("Warnings", warnings.isEmpty ? "none" : "\(warnings.count)"))
        var text = "Restored \(subject) (restore \(restore.id)).\n"
        for (label, value) in rows {
            text += "  " + DisplayWidth.pad(label + ":", to: 15) + value + "\n"
        }
        for warning in warnings {
            text += "  Warning: \(Table.clean(warning))\n"
        }
        return text
    }
}
