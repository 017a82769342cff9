import Foundation
import Synchronization
import TestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// The built `nsbackup` executable run as a child process, its output collected line by line.
final class ServerProcess {
    let process = Process()
    private let output = Output()

    /// What the child wrote, shared with the reading threads.
    private final class Output: Sendable {
        let stdout = Mutex("")
        let stderr = Mutex("")
    }

    /// The `nsbackup` binary next to the test bundle (`swift build` puts every product in one directory).
    static func executable() throws -> URL {
        var candidates: [URL] = []
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            candidates.append(URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent("nsbackup"))
        }
        candidates.append(TestPaths.packageRoot.appendingPathComponent(".build/debug/nsbackup"))
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw TestFailure(
                "the nsbackup executable was not found (looked at \(candidates.map(\.path))); run swift build first"
            )
        }
        return found
    }

    init(arguments: [String], environment: [String: String]) throws {
        process.executableURL = try Self.executable()
        process.arguments = arguments
        var merged = ProcessInfo.processInfo.environment
        for key in ["NSBACKUP_ADMIN_TOKEN", "NSBACKUP_HOST", "NSBACKUP_PORT", "DATABASE_URL"] { merged[key] = nil }
        for (key, value) in environment { merged[key] = value }
        process.environment = merged
        let stdoutPipe = Pipe()
        let stderrPipe = Pipe()
        process.standardOutput = stdoutPipe
        process.standardError = stderrPipe
        try process.run()
        let output = output
        Self.drain(stdoutPipe.fileHandleForReading) { text in output.stdout.withLock { $0 += text } }
        Self.drain(stderrPipe.fileHandleForReading) { text in output.stderr.withLock { $0 += text } }
    }

    /// Reads `handle` on a thread of its own until end of file, passing what arrives to `append`.
    private static func drain(_ handle: FileHandle, _ append: @escaping @Sendable (String) -> Void) {
        let thread = Thread {
            while true {
                let data = handle.availableData
                if data.isEmpty { return }
                append(String(decoding: data, as: UTF8.self))
            }
        }
        thread.start()
    }

    var standardOutput: String { output.stdout.withLock { $0 } }
    var standardError: String { output.stderr.withLock { $0 } }

    /// Waits until standard output has a line containing `text` and returns that line.
    func waitForLine(containing text: String, timeout: Duration = .seconds(60)) throws -> String {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let line = standardOutput.split(separator: "\n").first(where: { $0.contains(text) }) {
                return String(line)
            }
            guard process.isRunning else { break }
            Thread.sleep(forTimeInterval: 0.02)
        }
        throw TestFailure("no line with '\(text)'; stdout: \(standardOutput) stderr: \(standardError)")
    }

    /// Sends `signal` to the process.
    func send(_ signal: Int32) {
        kill(process.processIdentifier, signal)
    }

    /// Waits for the process to end and returns its exit status; kills it and throws after `timeout`.
    func waitForExit(timeout: Duration = .seconds(30)) throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            guard ContinuousClock.now < deadline else {
                send(SIGKILL)
                throw TestFailure("nsbackup did not exit within \(timeout); stderr: \(standardError)")
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return process.terminationReason == .exit ? process.terminationStatus : 128 + process.terminationStatus
    }

    deinit {
        if process.isRunning { send(SIGKILL) }
    }
}
