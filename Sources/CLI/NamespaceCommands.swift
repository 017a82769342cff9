import HTTP

/// `nsbackup namespaces list|create|delete`.
enum NamespaceCommands {
    static let spec = CommandSpec(
        name: "namespaces",
        abstract: "List, create and delete namespaces.",
        subcommands: [
            CommandSpec(
                name: "list",
                abstract: "List the namespaces this token may see, sorted by name.",
                handler: list
            ),
            CommandSpec(
                name: "create",
                abstract: "Create an empty namespace (needs a global admin token).",
                arguments: [ArgumentSpec(name: "name", help: "The new namespace's name (1–100 characters, unique).")],
                handler: create
            ),
            CommandSpec(
                name: "delete",
                abstract: "Delete a namespace and its content; its backups are kept.",
                discussion: "Asks for confirmation unless --yes is given; without a terminal, --yes is required.",
                options: [.flag("yes", short: "y", help: "Delete without asking for confirmation.")],
                arguments: [ArgumentSpec(name: "name-or-id", help: "The namespace's name or id.")],
                handler: delete
            ),
        ]
    )

    static func list(_ run: Invocation) throws {
        let response = try run.api().send(.get, "/v1/namespaces")
        if run.json { return run.printJSON(response) }
        let namespaces = try response.decode(NamespaceList.self).namespaces
        guard !namespaces.isEmpty else { return run.console.print("No namespaces.") }
        run.console.write(table(namespaces).render())
    }

    static func create(_ run: Invocation) throws {
        let response = try run.api().send(.post, "/v1/namespaces", json: ["name": run.command.argument(0)])
        if run.json { return run.printJSON(response) }
        let namespace = try response.decode(NamespaceResource.self)
        run.console.write(table([namespace]).render())
    }

    static func delete(_ run: Invocation) throws {
        let namespace = try run.resolveNamespace(run.command.argument(0))
        try run.confirm(
            "Are you sure you want to delete namespace \"\(namespace.name)\"?",
            refusal: "Not deleting namespace \"\(namespace.name)\""
        )
        _ = try run.api().send(.delete, APIClient.path("v1", "namespaces", namespace.id))
        if run.json { return try run.printJSONObject(["id": namespace.id, "deleted": true]) }
        run.console.print("Deleted namespace \"\(namespace.name)\". Its backups are kept.")
    }

    /// Name, ID, Folders, Items, Size, Created.
    static func table(_ namespaces: [NamespaceResource]) -> Table {
        Table(
            columns: [
                .init("Name"), .init("ID"), .init("Folders", alignment: .right), .init("Items", alignment: .right),
                .init("Size", alignment: .right), .init("Creation Date"),
            ],
            rows: namespaces.map { namespace in
                [
                    namespace.name, namespace.id, namespace.folderCount.map(String.init) ?? "-",
                    namespace.itemCount.map(String.init) ?? "-", namespace.totalBytes.map(ByteFormat.size) ?? "-",
                    DateDisplay.format(namespace.createdAt),
                ]
            }
        )
    }
}
