import Dispatch
import Foundation
import Synchronization

/// Runs a program to completion with no terminal (standard input from /dev/null), collecting its output;
/// killed after `timeout`.
enum Subprocess {
    struct Result {
        var status: Int32
        var output: String
        var error: String
    }

    static func run(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:], directory: URL? = nil,
        timeout: Double = 120
    ) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var merged = ProcessInfo.processInfo.environment
        // The client must not pick up a developer's own settings.
        merged["NSBACKUP_URL"] = nil
        merged["NSBACKUP_TOKEN"] = nil
        for (key, value) in environment { merged[key] = value }
        process.environment = merged
        if let directory { process.currentDirectoryURL = directory }
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = FileHandle(forReadingAtPath: "/dev/null")
        try process.run()
        let collected = Collected()
        let group = DispatchGroup()
        for (pipe, isError) in [(output, false), (error, true)] {
            group.enter()
            let thread = Thread {
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                collected.set(data, isError: isError)
                group.leave()
            }
            thread.start()
        }
        let killer = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: killer)
        process.waitUntilExit()
        killer.cancel()
        group.wait()
        let (out, err) = collected.values
        return Result(
            status: process.terminationStatus, output: String(decoding: out, as: UTF8.self),
            error: String(decoding: err, as: UTF8.self))
    }

    private final class Collected: Sendable {
        private let state = Mutex<(Data, Data)>((Data(), Data()))
        func set(_ data: Data, isError: Bool) {
            state.withLock { if isError { $0.1 = data } else { $0.0 = data } }
        }
        var values: (Data, Data) { state.withLock { $0 } }
    }
}
