import Foundation
import Testing
import ZipArchive

/// What we write, the common tools read without a warning.
@Suite(
    .enabled(
        if: Tools.isInstalled("unzip", "zipinfo", "7z", "python3"),
        "needs unzip, zipinfo, 7z (apt: unzip p7zip-full) and python3"
    )
)
struct InteropWriteTests {
    @Test("Mixed archive: empty entry, 0-byte file, folder, unicode names, stored and deflated")
    func mixedArchivePassesEveryTool() throws {
        let directory = try TemporaryDirectory("write")
        let path = directory.file("mixed.zip")
        let writer = ZipWriter(sink: try ZipFileSink(path: path))
        let text = TestData.xmlLike(count: 700_000)
        let modified = Date(timeIntervalSince1970: 1_700_000_000)
        try writer.addEntry(
            "manifest.json",
            bytes: Array(#"{"format":"nsbackup","formatVersion":1}"#.utf8),
            modified: modified
        )
        try writer.addDirectory("content/Jane's Services/", modified: modified)
        try writer.addEntry("content/Jane's Services/empty.txt", modified: modified) { _ in }
        try writer.addEntry(
            "content/Jane's Services/zero.bin",
            bytes: [UInt8](),
            compression: .stored,
            modified: modified
        )
        try writer.addEntry("content/Jane's Services/orders.xml", compression: .deflated(level: 1), modified: modified)
        {
            try $0.write(text)
        }
        try writer.addEntry("content/Jane's Services/stored.xml", compression: .stored, modified: modified) {
            try $0.write(text[..<50_000])
        }
        try writer.addEntry("content/Ünïcödé – 日本語/ファイル 😀.txt", modified: modified) { try $0.write("hé") }
        let sink = try writer.finish(comment: "nsbackup test archive")
        try sink.close()

        #expect(try ArchiveChecks.unzipTest(path) == [])
        #expect(try ArchiveChecks.zipinfo(path) == [])
        #expect(try ArchiveChecks.sevenZipTest(path) == [])
        let python = try ArchiveChecks.pythonTest(path)
        #expect(python.problems == [])
        #expect(python.entries == 7)
        #expect(python.zip64Fields == 0, "no ZIP64 field where none is needed")
        #expect(!ArchiveChecks.hasZip64EndRecords(try directory.read("mixed.zip")))

        // Extracted bytes and names are what we wrote (unzip -p prints an entry's content).
        let extracted = try Tools.run("unzip", ["-p", path, "content/Jane's Services/orders.xml"])
        #expect(Array(extracted.stdout.utf8) == text)
        let listing = try Tools.run(
            "python3",
            ["-c", "import zipfile,sys; print('\\n'.join(zipfile.ZipFile(sys.argv[1]).namelist()))", path]
        )
        #expect(listing.stdout.contains("content/Ünïcödé – 日本語/ファイル 😀.txt"))
        let times = try Tools.run(
            "python3",
            ["-c", "import zipfile,sys; print(zipfile.ZipFile(sys.argv[1]).getinfo('manifest.json').date_time)", path]
        )
        #expect(times.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "(2023, 11, 14, 22, 13, 20)")
    }

    @Test("70,000 entries force ZIP64 by count, and every tool reads them")
    func seventyThousandEntriesUseZip64() throws {
        let directory = try TemporaryDirectory("count")
        let path = directory.file("many.zip")
        let writer = ZipWriter(sink: try ZipFileSink(path: path))
        for number in 0..<70_000 {
            try writer.addEntry(
                "content/\(number / 1000)/item-\(number).txt",
                bytes: Array("item \(number)\n".utf8),
                compression: number % 2 == 0 ? .stored : .deflated(level: 1)
            )
        }
        try writer.finish().close()
        let bytes = try directory.read("many.zip")
        #expect(ArchiveChecks.hasZip64EndRecords(bytes))
        #expect(try ArchiveChecks.unzipTest(path) == [])
        #expect(try ArchiveChecks.zipinfo(path) == [])
        #expect(try ArchiveChecks.sevenZipTest(path) == [])
        let python = try ArchiveChecks.pythonTest(path)
        #expect(python.problems == [])
        #expect(python.entries == 70_000)
        #expect(python.zip64Fields == 0, "sizes and offsets are small: no per-entry ZIP64 field")

        let reader = try ZipReader(source: ZipFileSource(path: path))
        #expect(reader.entryCount == 70_000)
        let entry = try reader.requireEntry(named: "content/69/item-69999.txt")
        #expect(try reader.contents(of: entry) == Array("item 69999\n".utf8))
        #expect(try reader.validate().entryCount == 70_000)
    }
}
