import Foundation
import TestSupport

/// The built `nsbackup` executable that the end-to-end tests run.
///
/// `NSBACKUP_BINARY` overrides the path (e.g. a release build); the default is `.build/debug/nsbackup`.
enum NsbackupBinary {
    static let path: String = {
        if let override = ProcessInfo.processInfo.environment["NSBACKUP_BINARY"], !override.isEmpty { return override }
        return TestPaths.packageRoot.appendingPathComponent(".build/debug/nsbackup").path
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
