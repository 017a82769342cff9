import Foundation
import TestSupport

/// The built `nsbackup` executable, and what it can do yet: the end-to-end tests run only when it dispatches
/// the client's commands (this module wired into the executable) and, for the server tests, has `serve`.
///
/// `NSBACKUP_BINARY` overrides the path (e.g. a release build); the default is `.build/debug/nsbackup`.
enum NsbackupBinary {
    static let path: String = {
        if let override = ProcessInfo.processInfo.environment["NSBACKUP_BINARY"], !override.isEmpty { return override }
        return TestPaths.packageRoot.appendingPathComponent(".build/debug/nsbackup").path
    }()

    /// `nsbackup namespaces --help` exits 0 with our help: the executable calls `ClientCommands.run`.
    static let runsClientCommands: Bool = {
        guard FileManager.default.isExecutableFile(atPath: path),
            let result = try? Subprocess.run(path, ["namespaces", "--help"], timeout: 20)
        else { return false }
        return result.status == 0 && result.output.contains("USAGE: nsbackup namespaces <subcommand>")
    }()

    /// `nsbackup serve --help` exits 0.
    static let supportsServe: Bool = {
        guard FileManager.default.isExecutableFile(atPath: path),
            let result = try? Subprocess.run(path, ["serve", "--help"], timeout: 20)
        else { return false }
        return result.status == 0
    }()

    static let isTmuxInstalled: Bool = {
        ["/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux"].contains {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }()

    /// Runs the client with no terminal against `url` with `token`.
    static func client(
        _ arguments: [String],
        url: String,
        token: String?,
        directory: URL? = nil
    ) throws -> Subprocess.Result {
        var environment = ["NSBACKUP_URL": url]
        if let token { environment["NSBACKUP_TOKEN"] = token }
        return try Subprocess.run(path, arguments, environment: environment, directory: directory, timeout: 180)
    }
}
