import Testing

@testable import CLI

@Suite struct CommandLineParserTests {
    let parser = CommandLineParser(root: CommandTree.root)

    private func parsed(_ arguments: [String]) throws -> ParsedCommand {
        guard case .run(let command) = try parser.parse(arguments) else {
            throw ParseExpectation("expected a command to run for \(arguments)")
        }
        return command
    }

    private func usageError(_ arguments: [String]) -> UsageError? {
        do {
            _ = try parser.parse(arguments)
            return nil
        } catch {
            return error
        }
    }

    @Test func parsesOptionsInAnyOrderAndBothSpellings() throws {
        let command = try parsed([
            "backups", "create", "--name=Jane's first backup", "--json", "--namespace", "Jane's Services",
        ])
        #expect(command.path == ["backups", "create"])
        #expect(command.value("name") == "Jane's first backup")
        #expect(command.value("namespace") == "Jane's Services")
        #expect(command.flag("json"))
        #expect(!command.flag("no-wait"))
    }

    @Test func globalOptionsMayComeBeforeTheSubcommand() throws {
        let command = try parsed(["--url", "http://example:9", "backups", "--token", "t", "list"])
        #expect(command.path == ["backups", "list"])
        #expect(command.value("url") == "http://example:9")
        #expect(command.value("token") == "t")
    }

    @Test func shortOptionsAndPositionalArguments() throws {
        let command = try parsed(["backups", "download", "-o", "out.zip", "1234"])
        #expect(command.value("output") == "out.zip")
        #expect(command.arguments == ["1234"])
        let inline = try parsed(["backups", "download", "1234", "-o=x.zip"])
        #expect(inline.value("output") == "x.zip")
    }

    @Test func repeatableOptionKeepsEveryValue() throws {
        let command = try parsed([
            "tokens", "create", "--name", "ci", "--role", "reader", "--namespace", "A", "--namespace", "B",
        ])
        #expect(command.allValues("namespace") == ["A", "B"])
    }

    @Test func doubleDashEndsOptions() throws {
        let command = try parsed(["namespaces", "create", "--", "--weird name"])
        #expect(command.arguments == ["--weird name"])
    }

    @Test func unknownOptionIsAUsageErrorWithASuggestion() throws {
        let error = try #require(usageError(["backups", "create", "--namespace", "A", "--nmae", "x"]))
        #expect(error.message.contains("Unknown option '--nmae'"))
        #expect(error.message.contains("Did you mean '--name'?"))
        #expect(error.commandPath == ["backups", "create"])
    }

    @Test func leafOptionsAreUnknownBeforeTheLeaf() throws {
        let error = try #require(usageError(["backups", "--namespace", "A", "list"]))
        #expect(error.message.contains("Unknown option '--namespace'"))
        #expect(error.commandPath == ["backups"])
    }

    @Test func missingRequiredOption() throws {
        let error = try #require(usageError(["backups", "create", "--namespace", "A"]))
        #expect(error.message == "Missing expected argument '--name <name>'.")
    }

    @Test func missingAndUnexpectedArguments() throws {
        let missing = try #require(usageError(["backups", "delete"]))
        #expect(missing.message == "Missing expected argument '<backup-id>'.")
        let extra = try #require(usageError(["backups", "delete", "a", "b"]))
        #expect(extra.message == "Unexpected argument 'b'.")
    }

    @Test func missingValueWhenTheNextWordIsAnOption() throws {
        let error = try #require(usageError(["backups", "create", "--namespace", "--name", "x"]))
        #expect(error.message == "Missing value for '--namespace <namespace>'.")
        let atEnd = try #require(usageError(["backups", "list", "--namespace"]))
        #expect(atEnd.message == "Missing value for '--namespace <namespace>'.")
    }

    @Test func flagsTakeNoValue() throws {
        let error = try #require(usageError(["backups", "delete", "x", "--yes=no"]))
        #expect(error.message.contains("takes no value"))
    }

    @Test func unknownAndMissingSubcommands() throws {
        let unknown = try #require(usageError(["backups", "lst"]))
        #expect(unknown.message.contains("Unknown subcommand 'lst'"))
        #expect(unknown.message.contains("Did you mean 'list'?"))
        #expect(unknown.commandPath == ["backups"])
        let missing = try #require(usageError(["tokens"]))
        #expect(missing.message.contains("Missing subcommand"))
        #expect(missing.commandPath == ["tokens"])
    }

    @Test(arguments: [
        (["--help"], [String]()),
        (["backups", "-h"], ["backups"]),
        (["backups", "create", "--help"], ["backups", "create"]),
        (["backups", "--help", "create", "--bogus"], ["backups", "create"]),
        (["restore", "-h"], ["restore"]),
    ])
    func helpAnywhereShowsTheDeepestCommand(arguments: [String], path: [String]) throws {
        guard case .help(let helpPath) = try parser.parse(arguments) else {
            Issue.record("no help for \(arguments)")
            return
        }
        #expect(helpPath == path)
    }

    @Test func helpAfterDoubleDashIsAnArgument() throws {
        let command = try parsed(["namespaces", "create", "--", "--help"])
        #expect(command.arguments == ["--help"])
    }

    @Test func editDistance() {
        #expect(CommandLineParser.editDistance("list", "lst") == 1)
        #expect(CommandLineParser.editDistance("", "abc") == 3)
        #expect(CommandLineParser.editDistance("kitten", "sitting") == 3)
    }
}

struct ParseExpectation: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
