import Domain
import Foundation
import Hashing
import Testing
import ZipArchive

/// Layout-level hostile archives: each refused with a sentence naming the entry and the fault.
@Suite struct ArchiveValidationTests {
    typealias A = ArchiveTestArchives

    private func entries() throws -> [(String, [UInt8])] { try A.entries(A.sample) }

    private func expectRefused(_ entries: [(String, [UInt8])], mentioning words: [String],
                               sourceLocation: SourceLocation = #_sourceLocation) throws {
        let error = A.refusal(try A.raw(entries))
        guard case .invalid(let detail)? = error else {
            Issue.record("expected a refusal, got \(String(describing: error))", sourceLocation: sourceLocation)
            return
        }
        for word in words {
            #expect(detail.contains(word), "'\(detail)' should mention '\(word)'", sourceLocation: sourceLocation)
        }
    }

    @Test func theBaselineIsValid() throws {
        #expect(A.refusal(try A.raw(try entries())) == nil)
    }

    @Test func missingManifest() throws {
        try expectRefused(Array(try entries().dropFirst()), mentioning: ["manifest.json"])
    }

    @Test func manifestNotFirst() throws {
        var all = try entries()
        all.swapAt(0, 1)
        try expectRefused(all, mentioning: ["manifest.json", "first", "folders.jsonl"])
    }

    @Test func malformedManifest() throws {
        var all = try entries()
        all[0].1 = Array("{\"format\": \"nsbackup\", ".utf8)
        try expectRefused(all, mentioning: ["manifest.json", "not valid JSON"])
        all[0].1 = Array(#"{"format": "nsbackup", "formatVersion": 1, "schemaVersion": 2}"#.utf8)
        try expectRefused(all, mentioning: ["manifest.json", "appVersion"])
        all[0].1 = Array(#"{"format": "zip", "formatVersion": 1, "schemaVersion": 2}"#.utf8)
        try expectRefused(all, mentioning: ["manifest.json", "'zip'"])
    }

    @Test func missingMetadataEntries() throws {
        try expectRefused(try entries().filter { $0.0 != "items.jsonl" }, mentioning: ["items.jsonl"])
        try expectRefused(try entries().filter { $0.0 != "folders.jsonl" }, mentioning: ["folders.jsonl"])
    }

    @Test func itemWithoutEntry() throws {
        let all = try entries().filter { $0.0 != "content/Orders/Order Service" }
        try expectRefused(all, mentioning: ["content/Orders/Order Service", "missing", "/Orders/Order Service"])
    }

    @Test func entryWithoutItem() throws {
        var all = try entries()
        all.append(("content/Orders/stowaway.bin", [1, 2, 3]))
        try expectRefused(all, mentioning: ["content/Orders/stowaway.bin", "not named by any item"])
        all.removeLast()
        all.append(("README.txt", [1]))
        try expectRefused(all, mentioning: ["README.txt"])
    }

    @Test func sha256Mismatch() throws {
        var all = try entries()
        let index = all.firstIndex { $0.0 == "content/Orders/Order Service" }!
        all[index].1[10] ^= 0xFF
        try expectRefused(all, mentioning: ["content/Orders/Order Service", "SHA-256"])
    }

    @Test func sizeMismatch() throws {
        var all = try entries()
        let index = all.firstIndex { $0.0 == "content/Orders/Order Service" }!
        all[index].1.append(0x0A)
        try expectRefused(all, mentioning: ["content/Orders/Order Service", "bytes"])
    }

    @Test func duplicatePaths() throws {
        var content = A.sample
        content.folders.append(content.folders[0])
        try expectRefused(try A.entries(content), mentioning: ["folders.jsonl' line 3", "'/Orders'", "twice"])
        var items = A.sample
        var copy = items.items[0]
        copy.0.entry = "content/other"
        items.items.append(copy)
        var all = try A.entries(items)
        all.removeLast()
        all.append(("content/other", copy.1))
        try expectRefused(all, mentioning: ["items.jsonl' line 4", "'/Orders/Order Service'", "twice"])
    }

    @Test("Paths that break the content path rules", arguments: [
        "Orders/x", "/Orders/../etc", "/Orders/./x", "/Orders//x", "/Orders/x/", "/tab\there", "/",
        "/" + String(repeating: "a", count: 256),
    ])
    func badPath(_ path: String) throws {
        var content = A.sample
        content.items = [A.item(path, [1, 2, 3])]
        content.items[0].0.entry = "content/x"
        try expectRefused(try A.entries(content), mentioning: ["items.jsonl' line 1", "path"])
    }

    @Test func itemAndFolderOnOnePathOrItemUnderItem() throws {
        var content = A.sample
        content.items.append(A.item("/Orders", [1]))
        try expectRefused(try A.entries(content), mentioning: ["'/Orders'", "a folder is already there"])
        content = A.sample
        content.items.append(A.item("/Orders/Order Service/child", [1]))
        try expectRefused(try A.entries(content), mentioning: ["'/Orders/Order Service' is an item"])
    }

    @Test func malformedItemLines() throws {
        var all = try entries()
        let line = #"{"path": "/x", "kind": "spaceship", "contentType": "a/b", "size": 1, "sha256": "00", "createdAt": "2021-03-11T15:47:11Z", "updatedAt": "2021-03-11T15:47:11Z", "entry": "content/x"}"#
        all[2].1 += Array((line + "\n").utf8)
        try expectRefused(all, mentioning: ["items.jsonl' line 4", "kind"])
        all = try entries()
        all[2].1 += Array("not json\n".utf8)
        try expectRefused(all, mentioning: ["items.jsonl' line 4", "not valid JSON"])
    }

    @Test func countsMustMatchTheManifest() throws {
        var manifest = A.manifest(A.sample)
        manifest.itemCount += 1
        try expectRefused(try A.entries(A.sample, manifest: manifest), mentioning: ["manifest.json", "4 items", "lists 3"])
    }

    @Test func tooLongMetadataLine() throws {
        var all = try entries()
        all[1].1 = Array(repeating: UInt8(ascii: " "), count: ArchiveFormat.maxMetadataLine + 10) + [0x0A]
        try expectRefused(all, mentioning: ["folders.jsonl", "longer than"])
    }

    @Test("Newer versions are refused as too new, naming both versions")
    func tooNew() throws {
        let schema = A.refusal(try A.write(A.sample, manifest: A.manifest(A.sample, schemaVersion: 3)))
        #expect(schema == .tooNew(field: "schemaVersion", archiveVersion: 3, supported: 2))
        #expect(schema?.description.contains("3") == true && schema?.description.contains("2") == true)
        let format = A.refusal(try A.write(A.sample, manifest: A.manifest(A.sample, formatVersion: 2)))
        #expect(format == .tooNew(field: "formatVersion", archiveVersion: 2, supported: 1))
        let old = A.refusal(try A.write(A.sample, manifest: A.manifest(A.sample, schemaVersion: 0)))
        guard case .invalid(let detail)? = old else { Issue.record("schemaVersion 0 was not refused"); return }
        #expect(detail.contains("schemaVersion 0"))
    }

    @Test("Container faults from the ZIP module come through as archive errors")
    func containerFaults() throws {
        #expect(A.refusal(Array("not a zip at all".utf8)) != nil)
        let bytes = try A.write(A.sample)
        let truncated = Array(bytes.prefix(bytes.count - 30))
        #expect(A.refusal(truncated) != nil)
    }

    @Test("Missing parent folders are reported, not refused")
    func missingParents() throws {
        var content = A.sample
        content.items.append(A.item("/Elsewhere/deep/x", [1]))
        let (summary, _, _, _) = try A.read(try A.write(content))
        #expect(summary.missingParentFolders == ["/Elsewhere", "/Elsewhere/deep"])
    }
}
