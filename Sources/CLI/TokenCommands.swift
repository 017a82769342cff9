import HTTP

/// `nsbackup tokens create|list|delete` (global admin tokens only, as the contract says).
enum TokenCommands {
    static let roles = ["reader", "operator", "admin"]

    static let spec = CommandSpec(
        name: "tokens",
        abstract: "Create, list and delete API tokens (needs a global admin token).",
        subcommands: [
            CommandSpec(
                name: "create",
                abstract: "Create a token; its secret is printed this once.",
                discussion: """
                    Roles: reader (read, download), operator (reader + write content, create and upload backups),
                    admin (operator + restore, delete backups). Scope it to namespaces with --namespace (repeatable)
                    or to all of them with --all.
                    """,
                options: [
                    .value("name", help: "A name to recognise the token by.", required: true),
                    .value("role", help: "reader, operator or admin.", required: true),
                    .value(
                        "namespace",
                        help: "A namespace it may see (name or id); repeat for several.",
                        repeatable: true
                    ),
                    .flag("all", help: "It may see every namespace (with --role admin: a global admin)."),
                ],
                handler: create
            ),
            CommandSpec(name: "list", abstract: "List tokens (never their secrets).", handler: list),
            CommandSpec(
                name: "delete",
                abstract: "Delete a token; it stops working at once.",
                arguments: [ArgumentSpec(name: "token-id", help: "The token's id (see 'nsbackup tokens list').")],
                handler: delete
            ),
        ]
    )

    static func create(_ run: Invocation) throws {
        let role = run.command.value("role")!
        guard roles.contains(role) else {
            throw run.command.usageError(
                "Invalid value '\(role)' for '--role <role>': expected one of \(roles.joined(separator: ", "))."
            )
        }
        let names = run.command.allValues("namespace")
        let all = run.command.flag("all")
        guard all != !names.isEmpty else {
            throw run.command.usageError(
                all
                    ? "Pass either --all or --namespace, not both."
                    : "Missing scope: pass --all or --namespace <namespace>."
            )
        }
        let scope: Any = all ? "*" : try names.map { try run.resolveNamespace($0).id }
        let response = try run.api().send(
            .post,
            "/v1/tokens",
            json: ["name": run.command.value("name")!, "role": role, "namespaces": scope]
        )
        if run.json { return run.printJSON(response) }
        let token = try response.decode(TokenResource.self)
        let scopeText = try describe(token.namespaces, run: run)
        run.console.print("Created token \"\(token.name)\" (id \(token.id)): \(token.role) on \(scopeText).")
        run.console.print("Its secret is shown only this once; store it now:")
        run.console.print(token.token ?? "(the server sent no secret)")
    }

    static func list(_ run: Invocation) throws {
        let response = try run.api().send(.get, "/v1/tokens")
        if run.json { return run.printJSON(response) }
        let tokens = try response.decode(TokenList.self).tokens
        guard !tokens.isEmpty else { return run.console.print("No tokens.") }
        let table = Table(
            columns: [.init("Name"), .init("Role"), .init("Namespaces"), .init("Creation Date"), .init("ID")],
            rows: try tokens.map { token in
                [
                    token.name, token.role, try describe(token.namespaces, run: run),
                    DateDisplay.format(token.createdAt), token.id,
                ]
            }
        )
        run.console.write(table.render())
    }

    static func delete(_ run: Invocation) throws {
        let id = run.command.argument(0)
        _ = try run.api().send(.delete, APIClient.path("v1", "tokens", id))
        if run.json { return try run.printJSONObject(["id": id, "deleted": true]) }
        run.console.print("Deleted token \(id).")
    }

    /// `all namespaces`, or the names of the namespaces (ids of ones not visible, e.g. deleted, as they are).
    static func describe(_ scope: TokenResource.Scope, run: Invocation) throws -> String {
        switch scope {
        case .all:
            return "all namespaces"
        case .namespaces(let ids):
            if ids.isEmpty { return "no namespaces" }
            let known = try run.namespaces()
            return ids.map { id in known.first { $0.id == id }.map { "\"\($0.name)\"" } ?? id }.joined(separator: ", ")
        }
    }
}
