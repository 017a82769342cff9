import Foundation

/// Locations inside the package, found from this file's path (never from the working directory).
public enum TestPaths {
    public static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        fatalError("Package.swift not found above \(#filePath)")
    }()

    public static var sqlDirectory: URL { packageRoot.appendingPathComponent("sql") }

    /// A fresh temporary directory, removed by the caller (or left for the OS under /tmp).
    public static func makeTemporaryDirectory(_ prefix: String = "nsbackup-test") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString.lowercased())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
