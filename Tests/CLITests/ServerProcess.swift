import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A real `nsbackup serve --port 0` process on a test database, its port read from the line it prints when
/// it listens; stopped with SIGTERM (SIGKILL after 10 s).
final class ServerProcess: Sendable {
    let url: String
    let adminToken: String
    private let process: Mutex<Process?>
    private let output: ServerOutput

    init(databaseURL: String) throws {
        let adminToken = "nsb-e2e-" + UUID().uuidString.lowercased()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: NsbackupBinary.path)
        process.arguments = ["serve", "--host", "127.0.0.1", "--port", "0"]
        var environment = ProcessInfo.processInfo.environment
        environment["DATABASE_URL"] = databaseURL
        environment["NSBACKUP_ADMIN_TOKEN"] = adminToken
        environment["NSBACKUP_PORT"] = nil
        environment["NSBACKUP_HOST"] = nil
        process.environment = environment
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = FileHandle(forReadingAtPath: "/dev/null")
        try process.run()

        let serverOutput = ServerOutput()
        let listening = DispatchSemaphore(value: 0)
        // Drain both streams for the server's whole life (a full pipe would block it), looking for the port.
        for pipe in [output, error] {
            let thread = Thread {
                let handle = pipe.fileHandleForReading
                var pending = ""
                while true {
                    let data = handle.availableData
                    if data.isEmpty { break }
                    pending += String(decoding: data, as: UTF8.self)
                    while let newline = pending.firstIndex(of: "\n") {
                        let line = String(pending[..<newline])
                        pending = String(pending[pending.index(after: newline)...])
                        if serverOutput.append(line) { listening.signal() }
                    }
                }
                listening.signal()  // ended: let the waiter see the process died
            }
            thread.start()
        }
        let deadline = Date().addingTimeInterval(60)
        while serverOutput.port == nil, process.isRunning, Date() < deadline {
            _ = listening.wait(timeout: .now() + 1)
        }
        guard let port = serverOutput.port else {
            if process.isRunning { process.terminate() }
            throw ServerStartFailure("nsbackup serve printed no listen line: \(serverOutput.text)")
        }
        self.url = "http://127.0.0.1:\(port)"
        self.adminToken = adminToken
        self.process = Mutex(process)
        self.output = serverOutput
    }

    /// Everything the server printed so far.
    var log: String { output.text }

    func stop() {
        guard let process = self.process.withLock({ $0 }) else { return }
        if process.isRunning { kill(process.processIdentifier, SIGTERM) }
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        self.process.withLock { $0 = nil }
    }

    deinit { stop() }
}

/// The lines a server printed, and the port of the first listen line among them.
private final class ServerOutput: Sendable {
    private let state = Mutex<(text: String, port: Int?)>(("", nil))

    /// Records a line; returns true when it is the first listen line.
    func append(_ line: String) -> Bool {
        state.withLock { state in
            state.text += line + "\n"
            guard state.port == nil, let port = ListenLine.port(in: line) else { return false }
            state.port = port
            return true
        }
    }

    var port: Int? { state.withLock { $0.port } }
    var text: String { state.withLock { $0.text } }
}

struct ServerStartFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Finding the port in the line a server prints when it starts listening, whatever its exact wording:
/// `Listening on http://127.0.0.1:43121`, `nsbackup serving at [::1]:8080`, `listening host=127.0.0.1 port=43121`.
enum ListenLine {
    static func port(in line: String) -> Int? {
        let lower = line.lowercased()
        guard lower.contains("listen") || lower.contains("serving") || lower.contains("http://") else { return nil }
        if let match = lower.firstMatch(of: /https?:\/\/[^\s\/]*:(\d{1,5})/), let port = Int(match.1) {
            return port
        }
        if let match = lower.firstMatch(of: /port[=: ]\s*(\d{1,5})/), let port = Int(match.1) {
            return port
        }
        if let match = lower.firstMatch(of: /(?:\d|\]):(\d{1,5})\b/), let port = Int(match.1) {
            return port
        }
        return nil
    }
}
