import Foundation
import HTTP
import TestSupport
import Testing

/// The real `nsbackup` binary against a real `nsbackup serve` on port 0 with its own database, run as
/// subprocesses with no terminal: the commands, their output and exit statuses, refusals without `--yes`.
///
/// Skipped until the executable has `serve` (branch `api`), dispatches the client's commands, and a database is
/// configured (scripts/test); the namespace and backup routes come from branches `content` and `backup`.
@Suite(
    .serialized,
    .timeLimit(.minutes(5)),
    .enabled(if: TestDatabase.isConfigured, "DATABASE_URL is not set: run scripts/test"),
    .enabled(
        if: NsbackupBinary.runsClientCommands,
        "the nsbackup executable does not dispatch the client's commands yet"
    ),
    .enabled(if: NsbackupBinary.supportsServe, "the nsbackup executable has no `serve` yet")
)
struct EndToEndTests {
    /// Runs `body` with a server on a fresh database, and a client runner for it (admin token by default).
    private func withServer(_ body: (ServerProcess, Client) throws -> Void) throws {
        try TestDatabase.withTestDatabase { database in
            let server = try ServerProcess(databaseURL: database.conninfo)
            defer { server.stop() }
            try body(server, Client(server: server))
        }
    }

    struct Client {
        let server: ServerProcess

        func callAsFunction(_ arguments: String..., token: String? = nil, in directory: URL? = nil) throws
            -> Subprocess.Result
        {
            try NsbackupBinary.client(
                arguments,
                url: server.url,
                token: token ?? server.adminToken,
                directory: directory
            )
        }

        /// A JSON object from `--json` output.
        func json(_ arguments: String...) throws -> [String: Any] {
            let result = try NsbackupBinary.client(arguments + ["--json"], url: server.url, token: server.adminToken)
            guard result.status == 0,
                let object = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any]
            else { throw ServerStartFailure("\(arguments) failed: \(result.status) \(result.error)") }
            return object
        }
    }

    @Test func namespaces() throws {
        try withServer { server, nsbackup in
            let created = try nsbackup("namespaces", "create", "Jane's Services")
            #expect(created.status == 0, "\(created.error)")
            #expect(created.output.contains("Jane's Services"))

            let duplicate = try nsbackup("namespaces", "create", "Jane's Services")
            #expect(duplicate.status == 1)
            #expect(duplicate.error.hasPrefix("Error: "))
            #expect(duplicate.error.contains("(namespace_exists)"))
            #expect(duplicate.output.isEmpty)

            let listed = try nsbackup.json("namespaces", "list")
            let names = (listed["namespaces"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
            #expect(names == ["Jane's Services"])

            let refused = try nsbackup("namespaces", "delete", "Jane's Services")
            #expect(refused.status == 1)
            #expect(refused.error.contains("Pass --yes"))
            #expect(try nsbackup("namespaces", "list").output.contains("Jane's Services"))

            let deleted = try nsbackup("namespaces", "delete", "Jane's Services", "--yes")
            #expect(deleted.status == 0, "\(deleted.error)")
            let gone = try nsbackup("namespaces", "delete", "Jane's Services", "--yes")
            #expect(gone.status == 1)
            #expect(gone.error.contains("No namespace named or with id \"Jane's Services\""))
        }
    }

    @Test func backupWalkthrough() throws {
        try withServer { server, nsbackup in
            #expect(try nsbackup("namespaces", "create", "Jane's Services").status == 0)
            #expect(try nsbackup("namespaces", "create", "ACME Corp.").status == 0)
            try putItem(
                server,
                namespace: "Jane's Services",
                path: ["Orders", "Order Service"],
                bytes: Array("<bpmn/>".utf8)
            )

            let created = try nsbackup(
                "backups",
                "create",
                "--namespace",
                "Jane's Services",
                "--name",
                "Jane's first backup"
            )
            #expect(created.status == 0, "\(created.error)")
            #expect(created.output.contains("(Ready)"))
            #expect(created.error.isEmpty, "no progress without a terminal: \(created.error)")

            let table = try nsbackup("backups", "list")
            #expect(table.status == 0)
            let row = try #require(table.output.split(separator: "\n").first { $0.hasPrefix("Jane's first backup") })
            #expect(row.contains("Jane's Services"))
            #expect(row.firstMatch(of: /\d\d-\d\d-\d{4} \d\d:\d\d:\d\d/) != nil)
            #expect(row.contains("(Ready)"))

            let backups = try #require(try nsbackup.json("backups", "list")["backups"] as? [[String: Any]])
            let backupID = try #require(backups.first?["id"] as? String)

            let directory = try TestPaths.makeTemporaryDirectory("cli-e2e")
            defer { try? FileManager.default.removeItem(at: directory) }
            let download = try nsbackup("backups", "download", backupID, in: directory)
            #expect(download.status == 0, "\(download.error)")
            let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            #expect(files.count == 1)
            let file = try #require(files.first)
            #expect(file.firstMatch(of: /^Jane's first backup_\d{4}-\d\d-\d\d_\d\d-\d\d\.zip$/) != nil, "\(file)")
            let archive = directory.appendingPathComponent(file)
            if FileManager.default.isExecutableFile(atPath: "/usr/bin/unzip") {
                #expect(try Subprocess.run("/usr/bin/unzip", ["-tq", archive.path]).status == 0)
            }

            let uploaded = try nsbackup(
                "backups",
                "upload",
                archive.path,
                "--namespace",
                "ACME Corp.",
                "--name",
                "Janes MASTER backup",
                "--json"
            )
            #expect(uploaded.status == 0, "\(uploaded.error)")
            let uploadedObject = try JSONSerialization.jsonObject(with: Data(uploaded.output.utf8)) as? [String: Any]
            let uploadedID = try #require(uploadedObject?["id"] as? String)
            #expect(uploadedObject?["origin"] as? String == "uploaded")

            let refused = try nsbackup("restore", uploadedID, "--namespace", "ACME Corp.")
            #expect(refused.status == 1)
            #expect(refused.error.contains("Pass --yes"))

            let restored = try nsbackup("restore", uploadedID, "--namespace", "ACME Corp.", "--yes")
            #expect(restored.status == 0, "\(restored.error)")
            #expect(restored.output.contains("Restored backup \"Janes MASTER backup\" into \"ACME Corp.\""))
            #expect(restored.output.contains("Items:         1\n"))
            #expect(restored.output.contains("Warning: "), "restoring into another namespace warns about permissions")

            let deleteRefused = try nsbackup("backups", "delete", backupID)
            #expect(deleteRefused.status == 1)
            #expect(deleteRefused.error.contains("Not deleting backup \"Jane's first backup\""))
            let deleted = try nsbackup("backups", "delete", backupID, "--yes")
            #expect(deleted.status == 0)
            #expect(!(try nsbackup("backups", "list").output.contains("Jane's first backup")))
        }
    }

    @Test func downloadResumesFromAPartialFile() throws {
        try withServer { server, nsbackup in
            #expect(try nsbackup("namespaces", "create", "ACME Corp.").status == 0)
            try putItem(
                server,
                namespace: "ACME Corp.",
                path: ["Big"],
                bytes: (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
            )
            let backup = try nsbackup.json(
                "backups",
                "create",
                "--namespace",
                "ACME Corp.",
                "--name",
                "First ACME Backup"
            )
            let id = try #require(backup["id"] as? String)
            let directory = try TestPaths.makeTemporaryDirectory("cli-e2e")
            defer { try? FileManager.default.removeItem(at: directory) }
            let whole = directory.appendingPathComponent("whole.zip")
            #expect(try nsbackup("backups", "download", id, "-o", whole.path).status == 0)
            let bytes = try Data(contentsOf: whole)
            let resumed = directory.appendingPathComponent("resumed.zip")
            try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: resumed.path + ".part"))
            let run = try nsbackup("backups", "download", id, "-o", resumed.path)
            #expect(run.status == 0, "\(run.error)")
            #expect(run.error.contains("Resumed '\(resumed.path).part'"))
            #expect(try Data(contentsOf: resumed) == bytes)
        }
    }

    @Test func tokensAndRoles() throws {
        try withServer { server, nsbackup in
            #expect(try nsbackup("namespaces", "create", "ACME Corp.").status == 0)
            let created = try nsbackup.json(
                "tokens",
                "create",
                "--name",
                "ci reader",
                "--role",
                "reader",
                "--namespace",
                "ACME Corp."
            )
            let secret = try #require(created["token"] as? String)
            let id = try #require(created["id"] as? String)
            #expect(try nsbackup("tokens", "list").output.contains("ci reader"))

            let listed = try nsbackup("backups", "list", token: secret)
            #expect(listed.status == 0, "\(listed.error)")
            let forbidden = try nsbackup("namespaces", "create", "Not allowed", token: secret)
            #expect(forbidden.status == 1)
            #expect(forbidden.error.contains("(forbidden)") || forbidden.error.contains("(unauthorized)"))

            #expect(try nsbackup("tokens", "delete", id).status == 0)
            let revoked = try nsbackup("namespaces", "list", token: secret)
            #expect(revoked.status == 1)
            #expect(revoked.error.contains("(unauthorized)"))
        }
    }

    /// `PUT /v1/namespaces/{id}/items/{path}?kind=service` with the admin token (content comes from the API).
    private func putItem(_ server: ServerProcess, namespace: String, path: [String], bytes: [UInt8]) throws {
        let client = try HTTPClient(url: server.url)
        var headers: HTTPHeaders = ["Authorization": "Bearer \(server.adminToken)"]
        let namespaces = try JSONSerialization.jsonObject(
            with: Data(client.get("/v1/namespaces", headers: headers).body)
        )
        let id = try #require(
            ((namespaces as? [String: Any])?["namespaces"] as? [[String: Any]])?
                .first { $0["name"] as? String == namespace }?["id"] as? String
        )
        headers.add(name: "Content-Type", value: "application/xml")
        let target = "/v1/namespaces/\(id)/items" + PercentEncoding.encodePath(path) + "?kind=service"
        let response = try client.execute(
            HTTPClientRequest(method: .put, target: target, headers: headers, body: .bytes(bytes))
        )
        #expect((200..<300).contains(response.status.code), "PUT item: \(response.text)")
    }
}

/// The binary's exit statuses where no server is needed; skipped until the executable dispatches the client.
@Suite(
    .enabled(
        if: NsbackupBinary.runsClientCommands,
        "the nsbackup executable does not dispatch the client's commands yet"
    )
)
struct BinaryExitStatusTests {
    @Test func helpUsageAndConnectionRefused() throws {
        let help = try Subprocess.run(NsbackupBinary.path, ["backups", "download", "--help"])
        #expect(help.status == 0)
        #expect(help.output.contains("USAGE: nsbackup backups download <backup-id>"))

        let usage = try Subprocess.run(NsbackupBinary.path, ["backups", "create", "--token", "t"])
        #expect(usage.status == 64)
        #expect(usage.error.contains("Usage: nsbackup backups create"))

        let url = "http://127.0.0.1:\(try ClosedPort.make())"
        let refused = try NsbackupBinary.client(["namespaces", "list"], url: url, token: "t")
        #expect(refused.status == 1)
        #expect(refused.error.contains("Could not connect to the nsbackup server at \(url): connection refused."))
    }
}

@Suite struct ListenLineTests {
    @Test(arguments: [
        ("Listening on http://127.0.0.1:43121", 43121),
        ("nsbackup 0.1.0 listening on http://[::1]:8080 (2 workers)", 8080),
        ("level=info msg=listening host=127.0.0.1 port=5001", 5001),
        ("listening on 127.0.0.1:6000", 6000),
    ])
    func findsThePort(line: String, port: Int) {
        #expect(ListenLine.port(in: line) == port)
    }

    @Test(arguments: ["migrations: applied 3 in 12 ms", "2021-03-11T15:47:11Z GET /healthz 200 12 bytes"])
    func ignoresOtherLines(line: String) {
        #expect(ListenLine.port(in: line) == nil)
    }
}
