import Foundation
import ZipArchive

/// Runs each external reader over an archive file and reports what it said.
enum ArchiveChecks {
    static let python = """
        import sys, warnings, zipfile, struct
        warnings.simplefilter("error")
        z = zipfile.ZipFile(sys.argv[1])
        bad = z.testzip()
        assert bad is None, "testzip: bad entry %r" % bad
        zip64 = 0
        for info in z.infolist():
            extra = info.extra
            while len(extra) >= 4:
                kind, size = struct.unpack("<HH", extra[:4])
                if kind == 1: zip64 += 1
                extra = extra[4 + size:]
        print(len(z.infolist()), zip64)
        """

    /// `unzip -t`: exit 0, "No errors detected", nothing on stderr, no warning.
    static func unzipTest(_ path: String) throws -> [String] {
        let result = try Tools.run("unzip", ["-t", path])
        var problems: [String] = []
        if result.status != 0 {
            problems.append("unzip -t exited \(result.status): \(result.stdout.suffix(500)) \(result.stderr)")
        }
        if !result.stdout.contains("No errors detected") { problems.append("unzip -t: \(result.stdout.suffix(300))") }
        if !result.stderr.isEmpty || result.stdout.lowercased().contains("warning") {
            problems.append("unzip -t warned: \(result.stderr) \(result.stdout.suffix(300))")
        }
        return problems
    }

    /// `zipinfo`: exit 0, no warning.
    static func zipinfo(_ path: String) throws -> [String] {
        let result = try Tools.run("zipinfo", [path])
        var problems: [String] = []
        if result.status != 0 { problems.append("zipinfo exited \(result.status): \(result.stderr)") }
        if !result.stderr.isEmpty || result.stdout.lowercased().contains("warning") {
            problems.append("zipinfo warned: \(result.stderr) \(result.stdout.prefix(300))")
        }
        return problems
    }

    /// `7z t`: exit 0, "Everything is Ok", no warnings.
    static func sevenZipTest(_ path: String) throws -> [String] {
        let result = try Tools.run("7z", ["t", path])
        var problems: [String] = []
        if result.status != 0 { problems.append("7z t exited \(result.status): \(result.stdout.suffix(500))") }
        if !result.stdout.contains("Everything is Ok") { problems.append("7z t: \(result.stdout.suffix(500))") }
        if result.stdout.contains("Warning") || result.stdout.contains("WARNING") || !result.stderr.isEmpty {
            problems.append("7z t warned: \(result.stdout.suffix(500)) \(result.stderr)")
        }
        return problems
    }

    /// Python's `zipfile.testzip()` with warnings as errors; returns (entries, ZIP64 extra fields) it saw.
    static func pythonTest(_ path: String) throws -> (problems: [String], entries: Int, zip64Fields: Int) {
        let result = try Tools.run("python3", ["-c", python, path])
        guard result.status == 0, result.stderr.isEmpty else {
            return (["python zipfile failed (\(result.status)): \(result.stderr.suffix(800))"], 0, 0)
        }
        let numbers = result.stdout.split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { Int($0) }
        return ([], numbers.first ?? -1, numbers.dropFirst().first ?? -1)
    }

    /// True if the archive has ZIP64 end records (the ZIP64 end record signature before the classic end record).
    static func hasZip64EndRecords(_ bytes: [UInt8]) -> Bool {
        let tail = bytes.suffix(22 + 20 + 56)
        let signature: [UInt8] = [0x50, 0x4B, 0x06, 0x07]
        return tail.count >= 4
            && (0...(tail.count - 4)).contains { offset in
                tail.dropFirst(offset).prefix(4).elementsEqual(signature)
            }
    }
}
