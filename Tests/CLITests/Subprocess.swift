import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a program to completion with no terminal (standard input from /dev/null), collecting its output;
/// killed after `timeout` seconds.
enum Subprocess {
    struct Result {
        var status: Int32
        var output: String
        var error: String
    }

    /// - Parameters:
    ///   - directory: the working directory (set through `env -C`).
    ///   - collectsOutput: false for a program that leaves a daemon behind holding its output (tmux's server).
    static func run(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String] = [:],
        directory: URL? = nil,
        timeout: Double = 120,
        collectsOutput: Bool = true
    ) throws -> Result {
        // The client must not pick up a developer's own settings.
        var changes: [String: String?] = ["NSBACKUP_URL": nil, "NSBACKUP_TOKEN": nil]
        for (key, value) in environment { changes[key] = value }
        var executable = executable
        var arguments = arguments
        if let directory {
            arguments = ["-C", directory.path, executable] + arguments
            executable = "/usr/bin/env"
        }
        let process = try SpawnedProcess(
            executable,
            arguments,
            environment: SpawnedProcess.environment(changes),
            collectsOutput: collectsOutput
        )
        let collected = Collected()
        let group = DispatchGroup()
        if collectsOutput {
            for (fd, isError) in [(process.outputFD, false), (process.errorFD, true)] {
                group.enter()
                SpawnedProcess.drain(fd, { collected.append($0, isError: isError) }, done: { group.leave() })
            }
        }
        var status = process.wait(timeout: timeout)
        if status == nil {
            process.send(SIGKILL)
            status = process.wait(timeout: 10)
        }
        _ = group.wait(timeout: .now() + 10)
        let (out, err) = collected.values
        return Result(
            status: status ?? -1,
            output: String(decoding: out, as: UTF8.self),
            error: String(decoding: err, as: UTF8.self)
        )
    }

    private final class Collected: Sendable {
        private let state = Mutex<([UInt8], [UInt8])>(([], []))
        func append(_ bytes: [UInt8], isError: Bool) {
            state.withLock { if isError { $0.1 += bytes } else { $0.0 += bytes } }
        }
        var values: ([UInt8], [UInt8]) { state.withLock { $0 } }
    }
}
