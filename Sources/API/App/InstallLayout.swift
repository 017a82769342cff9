import Foundation

/// Finds the files the server reads at run time — the `sql/` migrations, `openapi.yaml` and the web page — from
/// where the executable is, so the same binary works in the source tree, in an install prefix and in Docker.
///
/// Each is looked for, in order:
/// 1. next to the executable: `<bin>/sql`, `<bin>/openapi.yaml`, `<bin>/nsbackup_API.resources/Web` — the Docker
///    image's layout (docker/Dockerfile copies them into /app beside the binary; SwiftPM puts the resource bundle
///    beside every build's binary);
/// 2. in an install prefix: `<bin>/../share/nsbackup/{sql,openapi.yaml,web}`;
/// 3. in the source tree: walking up from the executable to the first directory holding `Package.swift` and the
///    file (`sql/`, `openapi.yaml`, `Sources/API/Web`) — `.build/release/nsbackup` run from a checkout.
///
/// `nsbackup serve` lets `--sql-dir` / `NSBACKUP_SQL_DIR` override the migrations' directory.
public struct InstallLayout: Sendable {
    /// The directory of the running executable; nil when it cannot be determined.
    public let executableDirectory: URL?

    public init(executableDirectory: URL? = InstallLayout.currentExecutableDirectory()) {
        self.executableDirectory = executableDirectory
    }

    /// The directory of the running executable, from `/proc/self/exe` (symlinks resolved), else Foundation's idea.
    public static func currentExecutableDirectory() -> URL? {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return URL(fileURLWithPath: path).deletingLastPathComponent()
        }
        return Bundle.main.executableURL?.resolvingSymlinksInPath().deletingLastPathComponent()
    }

    /// The directory of numbered migrations.
    public var sqlDirectory: URL? {
        find(besideExecutable: "sql", inShare: "sql", inSourceTree: "sql", directory: true)
    }

    /// The OpenAPI document.
    public var openAPIDocument: URL? {
        find(besideExecutable: "openapi.yaml", inShare: "openapi.yaml", inSourceTree: "openapi.yaml", directory: false)
    }

    /// The web page's files.
    public var webDirectory: URL? {
        find(
            besideExecutable: "nsbackup_API.resources/Web",
            inShare: "web",
            inSourceTree: "Sources/API/Web",
            directory: true
        )
    }

    private func find(besideExecutable: String, inShare: String, inSourceTree: String, directory: Bool) -> URL? {
        guard let bin = executableDirectory else { return nil }
        let candidates = [
            bin.appendingPathComponent(besideExecutable),
            bin.deletingLastPathComponent().appendingPathComponent("share/nsbackup").appendingPathComponent(inShare),
        ]
        if let found = candidates.first(where: { Self.exists($0, directory: directory) }) {
            return found.standardizedFileURL
        }
        var current = bin
        while current.path != "/" && !current.path.isEmpty {
            let candidate = current.appendingPathComponent(inSourceTree)
            if Self.exists(current.appendingPathComponent("Package.swift"), directory: false),
                Self.exists(candidate, directory: directory)
            {
                return candidate.standardizedFileURL
            }
            current.deleteLastPathComponent()
        }
        return nil
    }

    private static func exists(_ url: URL, directory: Bool) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory)
            && isDirectory.boolValue == directory
    }
}
