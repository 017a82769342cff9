import Testing

@testable import CLI

@Suite struct ConfirmationTests {
    let question = "Are you sure you want to delete backup \"Janes first backup\"?"

    @Test func yesFlagSkipsThePrompt() throws {
        let console = CapturedConsole()
        try Confirmation.require(question, refusal: "Not deleting", assumeYes: true, console: console)
        #expect(console.error.isEmpty)
    }

    @Test func withoutATerminalItRefusesAndSaysToPassYes() {
        let console = CapturedConsole(inputTerminal: false, input: ["y"])
        let error = #expect(throws: CommandFailure.self) {
            try Confirmation.require(question, refusal: "Not deleting backup \"X\"", assumeYes: false, console: console)
        }
        #expect(error?.code == "confirmation_required")
        #expect(error?.message.contains("Not deleting backup \"X\"") == true)
        #expect(error?.message.contains("Pass --yes") == true)
        #expect(console.error.isEmpty, "no prompt without a terminal")
    }

    @Test(arguments: ["y", "Y", "yes", " YES "])
    func onATerminalYesProceeds(answer: String) throws {
        let console = CapturedConsole(inputTerminal: true, input: [answer])
        try Confirmation.require(question, refusal: "Not deleting", assumeYes: false, console: console)
        #expect(console.error == question + " [y/N] ")
    }

    @Test(arguments: ["", "n", "no", "yep"])
    func anythingElseCancels(answer: String) {
        let console = CapturedConsole(inputTerminal: true, input: [answer])
        let error = #expect(throws: CommandFailure.self) {
            try Confirmation.require(question, refusal: "Not deleting", assumeYes: false, console: console)
        }
        #expect(error?.code == "not_confirmed")
    }

    @Test func endOfInputCancels() {
        let console = CapturedConsole(inputTerminal: true, input: [])
        #expect(throws: CommandFailure.self) {
            try Confirmation.require(question, refusal: "Not deleting", assumeYes: false, console: console)
        }
    }
}

@Suite struct NamespaceResolutionTests {
    let namespaces = [
        NamespaceResource(id: "0b8e2a5c-1d7f-4c1a-9a57-3f0f6f2d9e01", name: "ACME Corp."),
        NamespaceResource(id: "5d2f7c3e-8a4b-4f6d-b1e2-9c0a7d6e5f43", name: "Jane's Services"),
        // A namespace whose name is another's id: the name wins.
        NamespaceResource(id: "9f9f9f9f-0000-4000-8000-000000000000", name: "5d2f7c3e-8a4b-4f6d-b1e2-9c0a7d6e5f43"),
    ]

    @Test func exactNameFirst() {
        #expect(NamespaceResolution.match("Jane's Services", in: namespaces)?.name == "Jane's Services")
        #expect(
            NamespaceResolution.match("5d2f7c3e-8a4b-4f6d-b1e2-9c0a7d6e5f43", in: namespaces)?.id
                == "9f9f9f9f-0000-4000-8000-000000000000"
        )
    }

    @Test func thenIdInAnyCase() {
        #expect(NamespaceResolution.match("0B8E2A5C-1D7F-4C1A-9A57-3F0F6F2D9E01", in: namespaces)?.name == "ACME Corp.")
    }

    @Test func namesAreCaseSensitiveAndNotTrimmed() {
        #expect(NamespaceResolution.match("acme corp.", in: namespaces) == nil)
        #expect(NamespaceResolution.match(" ACME Corp.", in: namespaces) == nil)
    }
}

@Suite struct RestoreReportTests {
    let backup = BackupResource(id: "b1", name: "Janes MASTER backup", status: "ready")
    let namespace = NamespaceResource(id: "n1", name: "ACME Corp.")

    @Test func succeededReportNamesEverything() {
        let restore = RestoreResource(
            id: "r1",
            status: "succeeded",
            report: .init(
                folders: 3,
                items: 17,
                migratedFromSchemaVersion: 1,
                safetyBackupId: "s1",
                warnings: ["Folder permissions came from \"Jane's Services\"; check them."]
            )
        )
        let text = RestoreCommand.report(restore, backup: backup, namespace: namespace)
        #expect(text.hasPrefix("Restored backup \"Janes MASTER backup\" into \"ACME Corp.\" (restore r1).\n"))
        #expect(text.contains("Folders:       3\n"))
        #expect(text.contains("Items:         17\n"))
        #expect(text.contains("Migrated from: schema version 1\n"))
        #expect(text.contains("Safety backup: s1\n"))
        #expect(text.contains("Warnings:      1\n"))
        #expect(text.contains("  Warning: Folder permissions came from \"Jane's Services\"; check them.\n"))
    }

    @Test func plainReport() {
        let restore = RestoreResource(
            id: "r2",
            status: "succeeded",
            report: .init(folders: 0, items: 0, migratedFromSchemaVersion: nil, safetyBackupId: nil, warnings: [])
        )
        let text = RestoreCommand.report(restore, backup: backup, namespace: namespace)
        #expect(text.contains("Migrated from: - (current schema)\n"))
        #expect(text.contains("Safety backup: none\n"))
        #expect(text.contains("Warnings:      none\n"))
    }
}
