import Testing

@testable import CLI

/// Exit statuses, help and usage errors of the entry point, without any server.
@Suite struct ClientCommandsTests {
    @Test func namesAreTheClientGroups() {
        #expect(ClientCommands.names == ["namespaces", "backups", "restore", "tokens"])
        #expect(ClientCommands.summaries.map(\.name).sorted() == ClientCommands.names.sorted())
    }

    @Test func handlesClientCommandsAfterGlobalOptions() {
        #expect(ClientCommands.handles(["backups", "list"]))
        #expect(ClientCommands.handles(["--url", "http://h:1", "--json", "restore", "x"]))
        #expect(ClientCommands.handles(["--token=t", "tokens"]))
        #expect(!ClientCommands.handles(["serve", "--port", "0"]))
        #expect(!ClientCommands.handles(["--url", "http://h:1"]))
        #expect(!ClientCommands.handles([]))
        #expect(!ClientCommands.handles(["--help"]))
    }

    @Test func runsWithGlobalOptionsFirst() {
        let run = runClient(["--json", "backups", "--help"])
        #expect(run.status == 0)
        #expect(run.output.contains("USAGE: nsbackup backups <subcommand>"))
    }

    @Test(arguments: [
        ["namespaces", "--help"], ["backups", "-h"], ["backups", "create", "--help"], ["backups", "download", "-h"],
        ["backups", "upload", "--help"], ["restore", "--help"], ["tokens", "create", "-h"],
    ])
    func helpGoesToStandardOutputWithStatusZero(arguments: [String]) {
        let run = runClient(arguments)
        #expect(run.status == 0)
        #expect(run.error.isEmpty)
        #expect(run.output.hasPrefix("OVERVIEW: "))
        let commandLine = (["nsbackup"] + arguments.filter { !$0.hasPrefix("-") }).joined(separator: " ")
        #expect(run.output.contains("USAGE: \(commandLine)"))
        #expect(run.output.contains("GLOBAL OPTIONS:"))
        #expect(run.output.contains("--url <url>"))
    }

    @Test func leafHelpListsItsOptionsAndArguments() {
        let run = runClient(["backups", "download", "--help"])
        #expect(
            run.output.contains(
                "USAGE: nsbackup backups download <backup-id> [--output <file>] [--force] [<global-options>]"
            )
        )
        #expect(run.output.contains("-o, --output <file>"))
        #expect(run.output.contains("ARGUMENTS:\n  <backup-id>"))
    }

    @Test func groupHelpListsSubcommands() {
        let run = runClient(["backups", "--help"])
        #expect(run.output.contains("SUBCOMMANDS:"))
        for name in ["list", "create", "download", "upload", "delete"] {
            #expect(run.output.contains("\n  \(name) "))
        }
    }

    @Test func usageErrorExits64WithTheCommandsUsageOnStandardError() {
        let run = runClient(["backups", "create", "--namespace", "A", "--token", "t"])
        #expect(run.status == 64)
        #expect(run.output.isEmpty)
        #expect(run.error.hasPrefix("Error: Missing expected argument '--name <name>'.\n"))
        #expect(run.error.contains("Usage: nsbackup backups create --namespace <namespace> --name <name> [--no-wait]"))
        #expect(run.error.contains("See 'nsbackup backups create --help'"))
    }

    @Test func unknownOptionExits64() {
        let run = runClient(["namespaces", "list", "--colour"])
        #expect(run.status == 64)
        #expect(run.error.contains("Unknown option '--colour'"))
        #expect(run.error.contains("Usage: nsbackup namespaces list"))
    }

    @Test func missingSubcommandExits64WithTheGroupsUsage() {
        let run = runClient(["backups"])
        #expect(run.status == 64)
        #expect(run.error.contains("Usage: nsbackup backups <subcommand>"))
    }

    @Test func missingTokenIsAUsageError() {
        let run = runClient(["namespaces", "list"], environment: ["NSBACKUP_URL": "http://127.0.0.1:1"])
        #expect(run.status == 64)
        #expect(run.error.contains("No token given: pass --token <token> or set NSBACKUP_TOKEN."))
    }

    @Test func invalidURLIsAUsageError() {
        let run = runClient(["namespaces", "list", "--url", "ftp://example.org", "--token", "t"])
        #expect(run.status == 64)
        #expect(run.error.contains("Invalid server URL 'ftp://example.org'"))
    }

    @Test func invalidRoleIsAUsageError() {
        let run = runClient(["tokens", "create", "--name", "x", "--role", "owner", "--all", "--token", "t"])
        #expect(run.status == 64)
        #expect(run.error.contains("Invalid value 'owner' for '--role <role>'"))
    }

    @Test func tokenScopeMustBeGivenOnce() {
        let neither = runClient(["tokens", "create", "--name", "x", "--role", "reader", "--token", "t"])
        #expect(neither.status == 64)
        #expect(neither.error.contains("Missing scope"))
        let both = runClient([
            "tokens", "create", "--name", "x", "--role", "reader", "--all", "--namespace", "A", "--token", "t",
        ])
        #expect(both.status == 64)
        #expect(both.error.contains("not both"))
    }

    @Test func connectionRefusedNamesTheURL() throws {
        let url = "http://127.0.0.1:\(try ClosedPort.make())"
        let run = runClient(["backups", "list", "--url", url, "--token", "t"])
        #expect(run.status == 1)
        #expect(run.error.contains("Could not connect to the nsbackup server at \(url): connection refused."))
        #expect(run.error.contains("(connection_refused)"))
    }

    @Test func environmentSuppliesURLAndTokenAndOptionsWin() throws {
        let parser = CommandLineParser(root: CommandTree.root)
        guard case .run(let command) = try parser.parse(["backups", "list", "--url", "http://a:1"]) else {
            Issue.record("not a command")
            return
        }
        let settings = ClientSettings(
            command,
            environment: ["NSBACKUP_URL": "http://b:2/", "NSBACKUP_TOKEN": "secret"]
        )
        #expect(settings.url == "http://a:1")
        #expect(settings.token == "secret")
        guard case .run(let bare) = try parser.parse(["backups", "list"]) else { return }
        #expect(ClientSettings(bare, environment: ["NSBACKUP_URL": "http://b:2/"]).url == "http://b:2")
        #expect(ClientSettings(bare, environment: [:]).url == "http://127.0.0.1:8080")
        #expect(ClientSettings(bare, environment: ["NSBACKUP_TOKEN": ""]).token == nil)
    }
}

@Suite struct CommandTreeTests {
    /// Every leaf runs something, every group only dispatches, and names are unique at each level.
    @Test func treeIsWellFormed() {
        func check(_ spec: CommandSpec, path: [String]) {
            let names = spec.subcommands.map(\.name)
            #expect(Set(names).count == names.count, "duplicate subcommand under \(path)")
            let optionNames = (spec.options + CommandSpec.globalOptions).map(\.name)
            #expect(Set(optionNames).count == optionNames.count, "duplicate option in \(path)")
            let shorts = (spec.options + CommandSpec.globalOptions).compactMap(\.shortName)
            #expect(Set(shorts).count == shorts.count, "duplicate short option in \(path)")
            if spec.subcommands.isEmpty {
                #expect(spec.handler != nil, "\(path) has no handler")
            } else {
                #expect(spec.handler == nil, "group \(path) has a handler")
                for sub in spec.subcommands { check(sub, path: path + [sub.name]) }
            }
        }
        check(CommandTree.root, path: [])
    }

    /// Every destructive command offers --yes.
    @Test(arguments: [["namespaces", "delete"], ["backups", "delete"], ["restore"]])
    func destructiveCommandsHaveYes(path: [String]) throws {
        let spec = try #require(CommandTree.root.descendant(at: path))
        #expect(spec.options.contains { $0.name == "yes" && $0.shortName == "y" })
    }
}
