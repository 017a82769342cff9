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
    private let process: SpawnedProcess
    private let output: ServerOutput

    init(databaseURL: String) throws {
        let adminToken = "nsb-e2e-" + UUID().uuidString.lowercased()
        let process = try SpawnedProcess(
            NsbackupBinary.path,
            ["serve", "--host", "127.0.0.1", "--port", "0"],
            environment: SpawnedProcess.environment([
                "DATABASE_URL": databaseURL, "NSBACKUP_ADMIN_TOKEN": adminToken, "NSBACKUP_PORT": nil,
                "NSBACKUP_HOST": nil,
            ])
        )
        let serverOutput = ServerOutput()
        let listening = DispatchSemaphore(value: 0)
        // Drain both streams for the server's whole life (a full pipe would block it), looking for the port.
        for fd in [process.outputFD, process.errorFD] {
            SpawnedProcess.drain(
                fd,
                { bytes in
                    if serverOutput.append(bytes) { listening.signal() }
                },
                done: { listening.signal() }
            )
        }
        let deadline = Date().addingTimeInterval(60)
        while serverOutput.port == nil, process.wait(timeout: 0) == nil, Date() < deadline {
            _ = listening.wait(timeout: .now() + 1)
        }
        guard let port = serverOutput.port else {
            process.send(SIGKILL)
            _ = process.wait(timeout: 10)
            throw ServerStartFailure("nsbackup serve printed no listen line: \(serverOutput.text)")
        }
        self.url = "http://127.0.0.1:\(port)"
        self.adminToken = adminToken
        self.process = process
        self.output = serverOutput
    }

    /// Everything the server printed so far.
    var log: String { output.text }

    /// SIGTERM, then SIGKILL if it has not ended within 10 s.
    func stop() {
        process.send(SIGTERM)
        if process.wait(timeout: 10) == nil {
            process.send(SIGKILL)
            _ = process.wait(timeout: 10)
        }
    }

    deinit { stop() }
}

/// The lines a server printed, and the port of the first listen line among them.
private final class ServerOutput: Sendable {
    private let state = Mutex<(text: String, pending: [UInt8], port: Int?)>(("", [], nil))

    /// Records output; returns true when it completed the first listen line.
    func append(_ bytes: [UInt8]) -> Bool {
        state.withLock { state in
            state.pending += bytes
            var found = false
            while let newline = state.pending.firstIndex(of: 0x0A) {
                let line = String(decoding: state.pending[..<newline], as: UTF8.self)
                state.pending.removeSubrange(...newline)
                state.text += line + "\n"
                if state.port == nil, let port = ListenLine.port(in: line) {
                    state.port = port
                    found = true
                }
            }
            return found
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
