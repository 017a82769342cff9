import Domain
import Foundation
import Testing
import ZipArchive

@Suite struct ArchiveRoundTripTests {
    @Test("What the writer writes, the reader reads back identically")
    func roundTrip() throws {
        let content = ArchiveTestArchives.sample
        let bytes = try ArchiveTestArchives.write(content)
        let (summary, folders, items, contents) = try ArchiveTestArchives.read(bytes)
        #expect(folders == content.folders)
        #expect(items == content.items.map(\.0))
        for (item, data) in content.items { #expect(contents[item.path] == data) }
        #expect(summary.itemCount == 3)
        #expect(summary.folderCount == 2)
        #expect(summary.schemaVersion == ArchiveFormat.schemaVersion)
        #expect(summary.missingParentFolders.isEmpty)
        #expect(summary.manifest == ArchiveTestArchives.manifest(content))
    }

    @Test("The manifest is the first entry, then folders.jsonl, items.jsonl and the content")
    func layoutOrder() throws {
        let bytes = try ArchiveTestArchives.write(ArchiveTestArchives.sample)
        let names = try ZipReader(source: ZipMemorySource(bytes)).entries().map(\.name)
        #expect(Array(names.prefix(3)) == ["manifest.json", "folders.jsonl", "items.jsonl"])
        #expect(names.dropFirst(3).allSatisfy { $0.hasPrefix("content/") })
        #expect(names.contains("content/Orders/Q1%3A %22draft%22/%43ON.txt"))
    }

    @Test("A written archive passes unzip -t and Python's zipfile.testzip()")
    func externalToolsAcceptIt() throws {
        let path = try ArchiveTools.temporaryFile(try ArchiveTestArchives.write(ArchiveTestArchives.sample))
        if let unzip = try ArchiveTools.run("unzip", ["-t", path]) {
            #expect(unzip.status == 0, "\(unzip.output)")
            #expect(unzip.output.contains("No errors detected"))
        } else {
            Issue.record("unzip is not installed (apt-get install unzip); scripts/test installs it")
        }
        if let python = try ArchiveTools.run("python3", ["-c", ArchiveTools.pythonTestzip, path]) {
            #expect(python.status == 0, "\(python.output)")
            #expect(python.output.hasPrefix("ok 6"))
        } else {
            Issue.record("python3 is not installed; scripts/test installs it")
        }
    }

    @Test("The reader reads the items' metadata without their bytes when asked")
    func metadataOnly() throws {
        let content = ArchiveTestArchives.sample
        let bytes = try ArchiveTestArchives.write(content)
        let reader = try ArchiveReader(source: ZipMemorySource(bytes))
        var seen = 0
        let summary = try reader.read(verifyContent: false, folders: { _ in }, items: { _, _ in seen += 1 })
        #expect(seen == 3)
        #expect(summary.totalBytes == content.items.reduce(0) { $0 + Int64($1.1.count) })
    }
}
