import Foundation

/// External readers of ZIP files, for interoperability checks (skipped with a message when a tool is absent).
enum ArchiveTools {
    struct Outcome { var status: Int32; var output: String }

    /// Runs `tool` with `arguments`; nil if it is not installed.
    static func run(_ tool: String, _ arguments: [String]) throws -> Outcome? {
        guard let path = ["/usr/bin", "/usr/local/bin", "/bin"].map({ "\($0)/\(tool)" })
            .first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }

    static let pythonTestzip = """
        import sys, warnings, zipfile
        warnings.simplefilter("error")
        z = zipfile.ZipFile(sys.argv[1])
        bad = z.testzip()
        assert bad is None, "testzip: bad entry %r" % bad
        print("ok", len(z.infolist()))
        """

    /// Writes `bytes` to a temporary file and returns its path.
    static func temporaryFile(_ bytes: [UInt8], name: String = "archive.zip") throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nsb-archive-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }
}
