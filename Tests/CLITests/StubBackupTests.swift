import Foundation
import HTTP
import Synchronization
import Testing

@testable import CLI

/// The backup commands over real HTTP against ``StubServer``: tables, waiting, failures with the server's detail.
@Suite(.timeLimit(.minutes(1))) struct StubBackupTests {
    @Test func listsBackupsAsATableAndAsJSON() throws {
        let stub = try StubServer()
        defer { stub.stop() }
        stub.addNamespace("Jane's Services")
        stub.addNamespace("東京")
        stub.addBackup(
            "Janes first backup",
            namespace: "Jane's Services",
            archive: StubServer.archiveBytes(count: 1536)
        )
        stub.addBackup("バックアップ", namespace: "東京", archive: StubServer.archiveBytes(count: 10))
        let run = runClient(["backups", "list"], environment: stub.environment)
        #expect(run.status == 0, "\(run.error)")
        let lines = run.output.split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        #expect(lines[0].hasPrefix("Name "))
        #expect(
            lines[2].hasPrefix(
                "Janes first backup  Jane's Services  \(DateDisplay.format("2021-03-11T15:47:11.000Z"))  (Ready)"
            )
        )
        #expect(lines[2].contains("1.5 KiB"))
        // The Namespace column starts at the same display column whatever the name's script.
        let column = { (line: String, cell: String) in DisplayWidth.of(line.components(separatedBy: cell)[0]) }
        #expect(column(lines[2], "Jane's Services") == column(lines[3], "東京"))

        let json = runClient(["backups", "list", "--json"], environment: stub.environment)
        #expect(json.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any]
        #expect((object?["backups"] as? [Any])?.count == 2)
    }

    @Test func listFiltersByNamespaceGivenByName() throws {
        let stub = try StubServer()
        defer { stub.stop() }
        let id = stub.addNamespace("Jane's Services")
        let run = runClient(["backups", "list", "--namespace", "Jane's Services"], environment: stub.environment)
        #expect(run.status == 0)
        #expect(run.output == "No backups.\n")
        let listing = stub.requests.last { $0.path == "/v1/backups" }
        #expect(listing?.query.value(for: "namespaceId") == id)
    }

    @Test func unknownNamespaceIsAFailureWithASentence() throws {
        let stub = try StubServer()
        defer { stub.stop() }
        let run = runClient(["backups", "list", "--namespace", "Nowhere"], environment: stub.environment)
        #expect(run.status == 1)
        #expect(run.error.contains("No namespace named or with id \"Nowhere\""))
        #expect(run.error.contains("(namespace_not_found)"))
    }

    @Test func createWaitsUntilTheBackupIsReady() throws {
        let stub = try StubServer()
        defer { stub.stop() }
        stub.addNamespace("Jane's Services")
        stub.state.withLock { $0.creationPolls = 2 }
        let run = runClient(
            ["backups", "create", "--namespace", "Jane's Services", "--name", "Jane's first backup"],
            environment: stub.environment
        )
        #expect(run.status == 0, "\(run.error)")
        #expect(run.output.contains("Jane's first backup"))
        #expect(run.output.contains("(Ready)"))
        let post = try #require(stub.requests.first { $0.method == .post })
        #expect(post.query.value(for: "wait") == "10")
        #expect(String(decoding: post.body, as: UTF8.self).contains("Jane's first backup"))
        #expect(stub.requests.filter { $0.method == .get && $0.path.hasPrefix("/v1/backups/") }.count >= 2)
    }

    @Test func createWithNoWaitReturnsTheCreatingRow() throws {
        let stub = try StubServer()
        defer { stub.stop() }
        stub.addNamespace("ACME Corp.")
        let run = runClient(
            ["backups", "create", "--namespace", "ACME Corp.", "--name", "First ACME Backup", "--no-wait"],
            environment: stub.environment
        )
        #expect(run.status == 0)
        #expect(run.output.contains("(Creating)"))
        #expect(!stub.requests.contains { $0.method == .get && $0.path.hasPrefix("/v1/backups/") })
        #expect(stub.requests.first { $0.method == .post }?.query.value(for: "wait") == nil)
    }

    @Test func failedBackupExits1WithItsError() throws {
        let stub = try StubServer()
        defer { stub.stop() }
        stub.addNamespace("ACME Corp.")
        stub.state.withLock {
            $0.creationPolls = 0
            $0.creationError = "interrupted: the instance running it stopped"
        }
        let run = runClient(
            ["backups", "create", "--namespace", "ACME Corp.", "--name", "x", "--json"],
            environment: stub.environment
        )
        #expect(run.status == 1)
        #expect(
            run.error.contains(
                "Backup \"x\" of namespace \"ACME Corp.\" failed: interrupted: the instance running it stopped"
            )
        )
        #expect(run.output.contains("\"failed\""), "the JSON of the failed backup is still printed")
    }

    @Test func serverProblemsShowDetailAndCode() throws {
        let stub = try StubServer()
        defer { stub.stop() }
        stub.addNamespace("ACME Corp.")
        let run = runClient(["namespaces", "create", "ACME Corp."], environment: stub.environment)
        #expect(run.status == 1)
        #expect(
            run.error
                == "Error: A namespace named 'ACME Corp.' already exists. Choose another name. (namespace_exists)\n"
        )
        let missing = runClient(["backups", "delete", "nope", "--yes"], environment: stub.environment)
        #expect(missing.status == 1)
        #expect(missing.error.contains("No backup with id nope. (backup_not_found)"))
    }

    @Test func wrongTokenIsUnauthorized() throws {
        let stub = try StubServer()
        defer { stub.stop() }
        let run = runClient(["namespaces", "list", "--token", "wrong"], environment: stub.environment)
        #expect(run.status == 1)
        #expect(run.error.contains("(unauthorized)"))
    }

    @Test func deleteRefusesWithoutATerminalAndWithoutYes() throws {
        let stub = try StubServer()
        defer { stub.stop() }
        stub.addNamespace("Jane's Services")
        let backup = stub.addBackup("Janes first backup", namespace: "Jane's Services", archive: [0x50, 0x4B])
        let run = runClient(["backups", "delete", backup.id], environment: stub.environment)
        #expect(run.status == 1)
        #expect(run.error.contains("Not deleting backup \"Janes first backup\""))
        #expect(run.error.contains("Pass --yes"))
        #expect(!stub.requests.contains { $0.method == .delete })

        let confirmed = runClient(["backups", "delete", backup.id, "-y"], environment: stub.environment)
        #expect(confirmed.status == 0)
        #expect(confirmed.output == "Deleted backup \"Janes first backup\".\n")
        #expect(stub.state.withLock { $0.backups.isEmpty })
    }

    @Test(arguments: [("y", Int32(0)), ("n", Int32(1))])
    func deleteAsksOnATerminal(answer: String, status: Int32) throws {
        let stub = try StubServer()
        defer { stub.stop() }
        stub.addNamespace("Jane's Services")
        let backup = stub.addBackup("Janes first backup", namespace: "Jane's Services", archive: [0x50, 0x4B])
        let console = CapturedConsole(inputTerminal: true, input: [answer])
        let run = runClient(["backups", "delete", backup.id], environment: stub.environment, console: console)
        #expect(run.status == status)
        #expect(run.error.hasPrefix("Are you sure you want to delete backup \"Janes first backup\"? [y/N] "))
        #expect(stub.requests.contains { $0.method == .delete } == (status == 0))
    }
}
