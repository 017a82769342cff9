import API
import Foundation
import TestSupport
import Testing

@Suite("Finding sql/, openapi.yaml and the web page from the executable")
struct InstallLayoutTests {
    func makeTree(_ paths: [String]) throws -> URL {
        let root = try TestPaths.makeTemporaryDirectory("nsbackup-layout")
        for path in paths {
            let url = root.appendingPathComponent(path)
            if path.hasSuffix("/") {
                try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            } else {
                try FileManager.default.createDirectory(
                    at: url.deletingLastPathComponent(),
                    withIntermediateDirectories: true
                )
                #expect(FileManager.default.createFile(atPath: url.path, contents: Data("x".utf8)))
            }
        }
        return root
    }

    @Test("Docker image: everything beside the binary")
    func besideTheExecutable() throws {
        let root = try makeTree(["app/nsbackup", "app/sql/", "app/openapi.yaml", "app/nsbackup_API.resources/Web/"])
        defer { try? FileManager.default.removeItem(at: root) }
        let layout = InstallLayout(executableDirectory: root.appendingPathComponent("app"))
        #expect(layout.sqlDirectory?.path == root.appendingPathComponent("app/sql").path)
        #expect(layout.openAPIDocument?.path == root.appendingPathComponent("app/openapi.yaml").path)
        #expect(layout.webDirectory?.path == root.appendingPathComponent("app/nsbackup_API.resources/Web").path)
    }

    @Test func installPrefix() throws {
        let root = try makeTree([
            "bin/nsbackup", "share/nsbackup/sql/", "share/nsbackup/openapi.yaml", "share/nsbackup/web/",
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let layout = InstallLayout(executableDirectory: root.appendingPathComponent("bin"))
        #expect(layout.sqlDirectory?.path == root.appendingPathComponent("share/nsbackup/sql").path)
        #expect(layout.openAPIDocument?.path == root.appendingPathComponent("share/nsbackup/openapi.yaml").path)
        #expect(layout.webDirectory?.path == root.appendingPathComponent("share/nsbackup/web").path)
    }

    @Test("Source tree: walks up to the directory with Package.swift")
    func sourceTree() throws {
        let root = try makeTree([
            "Package.swift", "sql/", "openapi.yaml", "Sources/API/Web/",
            ".build/x86_64-unknown-linux-gnu/release/nsbackup",
            "elsewhere/sql/",
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let layout = InstallLayout(
            executableDirectory: root.appendingPathComponent(".build/x86_64-unknown-linux-gnu/release")
        )
        #expect(layout.sqlDirectory?.path == root.appendingPathComponent("sql").path)
        #expect(layout.openAPIDocument?.path == root.appendingPathComponent("openapi.yaml").path)
        #expect(layout.webDirectory?.path == root.appendingPathComponent("Sources/API/Web").path)
    }

    @Test func nothingFound() throws {
        let root = try makeTree(["bin/nsbackup", "sql/"])
        defer { try? FileManager.default.removeItem(at: root) }
        let layout = InstallLayout(executableDirectory: root.appendingPathComponent("bin"))
        #expect(layout.sqlDirectory == nil)
        #expect(layout.openAPIDocument == nil)
        #expect(layout.webDirectory == nil)
    }

    @Test("The test process finds the repository's files, as a build's nsbackup does")
    func thisBuild() {
        let layout = InstallLayout()
        #expect(layout.sqlDirectory?.path == TestPaths.sqlDirectory.standardizedFileURL.path)
        #expect(layout.openAPIDocument != nil)
        #expect(layout.webDirectory?.appendingPathComponent("index.html").path.hasSuffix("Web/index.html") == true)
    }
}
