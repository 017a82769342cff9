import Foundation
import HTTP
import Synchronization
import Testing

@testable import CLI

/// The real binary in a real terminal (a detached tmux session on a private socket) against ``StubServer``:
/// the confirmation prompt answered by keystrokes, the download progress bar and the waiting spinner drawn.
///
/// Skipped without tmux (scripts/test installs it).
@Suite(
    .serialized,
    .timeLimit(.minutes(2)),
    .enabled(if: NsbackupBinary.isTmuxInstalled, "tmux is not installed")
)
struct TerminalTests {
    @Test(arguments: [("y", "EXIT=0"), ("n", "EXIT=1")])
    func promptIsAnsweredOnTheTerminal(key: String, exit: String) throws {
        let stub = try StubServer()
        defer { stub.stop() }
        stub.addNamespace("Jane's Services")
        let backup = stub.addBackup("Janes first backup", namespace: "Jane's Services", archive: [0x50, 0x4B])
        let tmux = try Tmux(command: clientCommand(stub, ["backups", "delete", backup.id]))
        defer { tmux.kill() }
        let question = "Are you sure you want to delete backup \"Janes first backup\"? [y/N]"
        #expect(tmux.waitFor { $0.contains(question) }, "\(tmux.screen())")
        try tmux.send(key, enter: true)
        #expect(tmux.waitFor { $0.contains("EXIT=") }, "\(tmux.screen())")
        let screen = tmux.screen()
        #expect(screen.contains(exit), "\(screen)")
        #expect(stub.requests.contains { $0.method == .delete } == (key == "y"))
        if key == "n" { #expect(screen.contains("not confirmed")) }
    }

    @Test func downloadDrawsAProgressBar() throws {
        let stub = try StubServer()
        defer { stub.stop() }
        stub.addNamespace("ACME Corp.")
        let backup = stub.addBackup(
            "First ACME Backup",
            namespace: "ACME Corp.",
            archive: StubServer.archiveBytes(count: 4 << 20)
        )
        stub.state.withLock { $0.archivePause = 0.04 }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cli-tty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("acme.zip").path
        let tmux = try Tmux(command: clientCommand(stub, ["backups", "download", backup.id, "-o", file]))
        defer { tmux.kill() }
        var sawPartialBar = false
        let finished = tmux.waitFor { screen in
            if screen.firstMatch(of: /\[#*\.+\]\s+\d+%\s+[\d.]+ [KM]iB \/ 4\.0 MiB\s+[\d.]+ [KM]iB\/s\s+ETA \d+:\d\d/)
                != nil
            {
                sawPartialBar = true
            }
            return screen.contains("EXIT=")
        }
        #expect(finished, "\(tmux.screen())")
        #expect(sawPartialBar, "no progress bar drawn while downloading")
        let screen = tmux.screen()
        #expect(screen.contains("100%  4.0 MiB / 4.0 MiB"), "\(screen)")
        #expect(screen.contains("Saved \"\(file)\""))
        #expect(screen.contains("EXIT=0"))
    }

    @Test func waitingForABackupShowsASpinner() throws {
        let stub = try StubServer()
        defer { stub.stop() }
        stub.addNamespace("Jane's Services")
        stub.state.withLock { $0.creationPolls = 4 }
        let tmux = try Tmux(
            command: clientCommand(
                stub,
                ["backups", "create", "--namespace", "Jane's Services", "--name", "Spinner backup"]
            )
        )
        defer { tmux.kill() }
        var sawSpinner = false
        let finished = tmux.waitFor { screen in
            if screen.firstMatch(of: /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] Creating backup "Spinner backup" of "Jane's Services"… \d+:\d\d/)
                != nil
            {
                sawSpinner = true
            }
            return screen.contains("EXIT=")
        }
        #expect(finished, "\(tmux.screen())")
        #expect(sawSpinner, "no spinner while waiting")
        let screen = tmux.screen()
        #expect(screen.contains("(Ready)"))
        #expect(!screen.contains("Creating backup \"Spinner"), "the spinner line is erased at the end")
    }

    /// A shell command running the client against the stub, then printing its exit status.
    private func clientCommand(_ stub: StubServer, _ arguments: [String]) -> String {
        let quoted = ([NsbackupBinary.path] + arguments).map(Tmux.quote).joined(separator: " ")
        return
            "env NSBACKUP_URL=\(Tmux.quote(stub.url)) NSBACKUP_TOKEN=\(StubServer.token) \(quoted); echo EXIT=$?; sleep 120"
    }
}

/// One detached tmux session on its own server socket (never the developer's), 120×30.
final class Tmux {
    let socket = "nsb-cli-test-\(UUID().uuidString.prefix(8))"
    let session = "cli"

    init(command: String) throws {
        let result = try run(
            ["new-session", "-d", "-s", session, "-x", "120", "-y", "30", command],
            collectsOutput: false
        )
        guard result.status == 0 else { throw ParseExpectation("tmux new-session failed with status \(result.status)") }
    }

    /// The visible screen.
    func screen() -> String {
        (try? run(["capture-pane", "-p", "-t", session]).output) ?? ""
    }

    func send(_ keys: String, enter: Bool) throws {
        _ = try run(["send-keys", "-t", session, "-l", keys])
        if enter { _ = try run(["send-keys", "-t", session, "Enter"]) }
    }

    /// Polls the screen every 50 ms until `condition` holds (true) or 30 s pass (false).
    func waitFor(_ condition: (String) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if condition(screen()) { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return condition(screen())
    }

    /// Stops this test's tmux server (only the one on this socket).
    func kill() {
        _ = try? run(["kill-server"])
    }

    private func run(_ arguments: [String], collectsOutput: Bool = true) throws -> Subprocess.Result {
        try Subprocess.run(
            "/usr/bin/tmux",
            ["-L", socket] + arguments,
            environment: ["TMUX": ""],
            timeout: 20,
            collectsOutput: collectsOutput
        )
    }

    /// Single-quoted for `sh`.
    static func quote(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
