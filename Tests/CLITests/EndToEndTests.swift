import Foundation
import HTTP
import TestSupport
import Testing

/// The real `nsbackup` binary against a real `nsbackup serve` on port 0 with its own database, run as
/// subprocesses with no terminal: namespaces and tokens, output and exit statuses, refusals without `--yes`.
///
/// Skipped until the executable has `serve` (branch `api`) and dispatches the client's commands, and without a
/// database (scripts/test provides one).
@Suite(
    .serialized,
    .timeLimit(.minutes(5)),
    .enabled(if: TestDatabase.isConfigured, "DATABASE_URL is not set: run scripts/test")
)
struct EndToEndTests {
    @Test func namespaces() throws {
        try EndToEnd.withServer { _, nsbackup in
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

    @Test func tokensAndRoles() throws {
        try EndToEnd.withServer { _, nsbackup in
            #expect(try nsbackup("namespaces", "create", "ACME Corp.").status == 0)
            #expect(try nsbackup("namespaces", "create", "Jane's Services").status == 0)
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
            let listing = try nsbackup("tokens", "list")
            #expect(listing.output.contains("ci reader"))
            #expect(listing.output.contains("\"ACME Corp.\""))
            #expect(!listing.output.contains(secret))

            let scoped = try nsbackup("namespaces", "list", token: secret)
            #expect(scoped.status == 0, "\(scoped.error)")
            #expect(scoped.output.contains("ACME Corp."))
            #expect(!scoped.output.contains("Jane's Services"), "a reader of ACME sees only ACME")
            let forbidden = try nsbackup("namespaces", "create", "Not allowed", token: secret)
            #expect(forbidden.status == 1)
            #expect(forbidden.error.contains("(forbidden)"))

            #expect(try nsbackup("tokens", "delete", id).status == 0)
            let revoked = try nsbackup("namespaces", "list", token: secret)
            #expect(revoked.status == 1)
            #expect(revoked.error.contains("(unauthorized)"))
        }
    }
}

/// The binary's exit statuses where no server is needed.
@Suite
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
        ("nsbackup listening on http://127.0.0.1:43121", 43121),
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
