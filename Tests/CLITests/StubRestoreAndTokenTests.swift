import Foundation
import HTTP
import Synchronization
import Testing

@testable import CLI

/// Restore, namespaces and tokens against ``StubServer``.
@Suite(.timeLimit(.minutes(1))) struct StubRestoreAndTokenTests {
    @Test func restoreRefusesWithoutATerminalAndWithoutYes() throws {
        let stub = try StubServer()
        defer { stub.stop() }
        stub.addNamespace("ACME Corp.")
        let backup = stub.addBackup("Janes first backup", namespace: "ACME Corp.", archive: [0x50, 0x4B])
        let run = runClient(["restore", backup.id, "--namespace", "ACME Corp."], environment: stub.environment)
        #expect(run.status == 1)
        #expect(run.error.contains("Not restoring backup \"Janes first backup\" into \"ACME Corp.\""))
        #expect(run.error.contains("Pass --yes"))
        #expect(!stub.requests.contains { $0.method == .post })
    }

    @Test func restoreAsksTheSeedsQuestionOnATerminal() throws {
        let stub = try StubServer()
        defer { stub.stop() }
        stub.addNamespace("ACME Corp.")
        let backup = stub.addBackup("Janes first backup", namespace: "ACME Corp.", archive: [0x50, 0x4B])
        let console = CapturedConsole(inputTerminal: true, input: ["no"])
        let run = runClient(
            ["restore", backup.id, "--namespace", "ACME Corp."],
            environment: stub.environment,
            console: console
        )
        #expect(run.status == 1)
        #expect(
            run.error.hasPrefix(
                "Are you sure you want to overwrite \"ACME Corp.\" with the selected backup? You will lose all unsaved work in \"ACME Corp.\". [y/N] "
            )
        )
        #expect(!stub.requests.contains { $0.method == .post })
    }

    @Test func restoreWaitsAndPrintsTheReport() throws {
        let stub = try StubServer()
        defer { stub.stop() }
        stub.addNamespace("Jane's Services")
        let target = stub.addNamespace("ACME Corp.")
        let backup = stub.addBackup("Janes MASTER backup", namespace: "Jane's Services", archive: [0x50, 0x4B])
        let run = runClient(
            ["restore", backup.id, "--namespace", target, "--yes", "--safety-backup"],
            environment: stub.environment
        )
        #expect(run.status == 0, "\(run.error)")
        #expect(run.output.hasPrefix("Restored backup \"Janes MASTER backup\" into \"ACME Corp.\""))
        #expect(run.output.contains("Folders:       2\n"))
        #expect(run.output.contains("Items:         5\n"))
        #expect(run.output.contains("Safety backup: safety-"))
        #expect(run.output.contains("Warning: Folder permissions came from another namespace; check them."))
        let post = try #require(stub.requests.first { $0.method == .post })
        #expect(post.path == "/v1/namespaces/\(target)/restore")
        #expect(post.query.value(for: "wait") == "10")
        let body = try JSONSerialization.jsonObject(with: Data(post.body)) as? [String: Any]
        #expect(body?["backupId"] as? String == backup.id)
        #expect(body?["safetyBackup"] as? Bool == true)
        #expect(stub.requests.contains { $0.path.hasPrefix("/v1/restores/") })
    }

    @Test func restoreNoWaitPrintsTheRunningRestore() throws {
        let stub = try StubServer()
        defer { stub.stop() }
        stub.addNamespace("ACME Corp.")
        let backup = stub.addBackup("b", namespace: "ACME Corp.", archive: [0x50, 0x4B])
        let run = runClient(
            ["restore", backup.id, "--namespace", "ACME Corp.", "-y", "--no-wait", "--json"],
            environment: stub.environment
        )
        #expect(run.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any]
        #expect(object?["status"] as? String == "running")
    }

    @Test func namespacesCreateListAndDelete() throws {
        let stub = try StubServer()
        defer { stub.stop() }
        let created = runClient(["namespaces", "create", "Examples and Tutorials"], environment: stub.environment)
        #expect(created.status == 0)
        #expect(created.output.contains("Examples and Tutorials"))
        stub.addNamespace("ACME Corp.")
        let listed = runClient(["namespaces", "list"], environment: stub.environment)
        let rows = listed.output.split(separator: "\n").dropFirst(2)
        #expect(rows.map { $0.prefix(22) } == ["ACME Corp.            ", "Examples and Tutorials"])
        let refused = runClient(["namespaces", "delete", "ACME Corp."], environment: stub.environment)
        #expect(refused.status == 1)
        #expect(refused.error.contains("Pass --yes"))
        let console = CapturedConsole(inputTerminal: true, input: ["yes"])
        let deleted = runClient(
            ["namespaces", "delete", "ACME Corp."],
            environment: stub.environment,
            console: console
        )
        #expect(deleted.status == 0)
        #expect(console.error == "Are you sure you want to delete namespace \"ACME Corp.\"? [y/N] ")
        #expect(stub.state.withLock { $0.namespaces.map(\.name) } == ["Examples and Tutorials"])
    }

    @Test func tokensCreateResolvesNamespacesAndPrintsTheSecretLast() throws {
        let stub = try StubServer()
        defer { stub.stop() }
        let acme = stub.addNamespace("ACME Corp.")
        let jane = stub.addNamespace("Jane's Services")
        let run = runClient(
            [
                "tokens", "create", "--name", "ci", "--role", "operator", "--namespace", "ACME Corp.", "--namespace",
                jane,
            ],
            environment: stub.environment
        )
        #expect(run.status == 0, "\(run.error)")
        #expect(run.output.hasSuffix("\nnsb_secret_for_tests\n"))
        #expect(run.output.contains("operator on \"ACME Corp.\", \"Jane's Services\""))
        let body =
            try JSONSerialization.jsonObject(with: Data(stub.requests.last { $0.method == .post }!.body))
            as? [String: Any]
        #expect(body?["namespaces"] as? [String] == [acme, jane])

        let all = runClient(
            ["tokens", "create", "--name", "root", "--role", "admin", "--all", "--json"],
            environment: stub.environment
        )
        let allBody =
            try JSONSerialization.jsonObject(with: Data(stub.requests.last { $0.method == .post }!.body))
            as? [String: Any]
        #expect(allBody?["namespaces"] as? String == "*")
        let created = try JSONSerialization.jsonObject(with: Data(all.output.utf8)) as? [String: Any]
        #expect(created?["token"] as? String == "nsb_secret_for_tests")

        let listed = runClient(["tokens", "list"], environment: stub.environment)
        #expect(listed.output.contains("all namespaces"))
        #expect(listed.output.contains("\"ACME Corp.\", \"Jane's Services\""))
        #expect(!listed.output.contains("nsb_secret_for_tests"))

        let id = try #require(created?["id"] as? String)
        let deleted = runClient(["tokens", "delete", id], environment: stub.environment)
        #expect(deleted.status == 0)
        #expect(runClient(["tokens", "delete", id], environment: stub.environment).status == 1)
    }
}
