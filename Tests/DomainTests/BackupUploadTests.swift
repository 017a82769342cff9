import Domain
import Foundation
import Hashing
import Postgres
import Testing
import TestSupport

@Suite(.enabled(if: TestDatabase.isConfigured, "DATABASE_URL is not set: run scripts/test"))
struct BackupUploadTests {
    typealias S = BackupTestSupport
    typealias A = ArchiveTestArchives

    @Test("The same file uploaded twice makes two ready backups of origin uploaded")
    func sameFileTwice() throws {
        try S.withBackupDatabase { _, db, service in
            let acme = try S.namespace(db, "ACME Corp.")
            let bytes = try S.fixture("v2/janes-services.zip")
            let first = try S.upload(service, bytes, into: acme, name: "Janes MASTER backup")
            let second = try S.upload(service, bytes, into: acme, name: "Janes MASTER backup")
            #expect(first.id != second.id)
            #expect(first.createdAt < second.createdAt)
            for backup in [first, second] {
                #expect(backup.status == .ready)
                #expect(backup.origin == .uploaded)
                #expect(backup.name == "Janes MASTER backup")
                #expect(backup.namespace == BackupNamespace(id: acme, name: "ACME Corp."))
                #expect(backup.sourceNamespace == "Jane's Services")
                #expect(backup.sha256 == SHA256.hex(bytes))
                #expect(backup.sizeBytes == Int64(bytes.count))
                #expect(backup.folderCount == 4 && backup.itemCount == 9 && backup.schemaVersion == 2)
            }
            #expect(try S.download(service, first.id) == bytes)
            #expect(try S.largeObjectCount(db) == 2)
        }
    }

    @Test("The name comes from name, else from the file name without .zip")
    func naming() throws {
        try S.withBackupDatabase { _, db, service in
            let ns = try S.namespace(db, "ACME Corp.")
            let bytes = try S.fixture("v1/janes-services.zip")
            let fromFile = try S.upload(service, bytes, into: ns, name: nil, fileName: "Jane's first backup_2021-03-11_15-47.ZIP")
            #expect(fromFile.name == "Jane's first backup_2021-03-11_15-47")
            #expect(fromFile.schemaVersion == 1)
            let blank = try S.upload(service, bytes, into: ns, name: "  ", fileName: "dir/x.zip")
            #expect(blank.name == "x")
            #expect(throws: BackupError.nameRequired) { try S.upload(service, bytes, into: ns, name: nil, fileName: nil) }
            #expect(throws: BackupError.nameRequired) { try S.upload(service, bytes, into: ns, name: nil, fileName: ".zip") }
            let missing = UUID()
            #expect(throws: BackupError.namespaceNotFound(id: missing)) { try S.upload(service, bytes, into: missing) }
            #expect(try S.backupRowCount(db) == 2)
            #expect(try S.largeObjectCount(db) == 2)
        }
    }

    @Test("An upload over the limit is refused and leaves nothing")
    func tooLarge() throws {
        try S.withBackupDatabase { _, db, service in
            let ns = try S.namespace(db, "ACME Corp.")
            let bytes = try S.fixture("v2/janes-services.zip")
            #expect(throws: BackupError.payloadTooLarge(limit: 1000)) {
                try S.upload(service, bytes, into: ns, limit: 1000)
            }
            #expect(try S.largeObjectCount(db) == 0)
            #expect(try S.backupRowCount(db) == 0)
        }
    }

    @Test("Hostile archives of the layout are refused with the entry and the fault, and leave nothing")
    func layoutHostile() throws {
        try S.withBackupDatabase { _, db, service in
            let ns = try S.namespace(db, "ACME Corp.")
            var cases: [(String, [(String, [UInt8])], String)] = []
            let good = try A.entries(A.sample)
            cases.append(("missing manifest", Array(good.dropFirst()), "manifest.json"))
            cases.append(("item without entry", good.filter { $0.0 != "content/Orders/Order Service" }, "content/Orders/Order Service"))
            cases.append(("entry without item", good + [("content/stowaway", [1])], "content/stowaway"))
            var corrupt = good
            corrupt[3].1[0] ^= 1
            cases.append(("SHA-256 mismatch", corrupt, "SHA-256"))
            var duplicate = A.sample
            duplicate.folders.append(duplicate.folders[0])
            cases.append(("duplicate paths", try A.entries(duplicate), "twice"))
            var badPath = A.sample
            badPath.items[2].0.path = "/Orders/../../etc/passwd"
            cases.append(("bad path", try A.entries(badPath), "'..'"))
            for (label, entries, word) in cases {
                do {
                    _ = try S.upload(service, try A.raw(entries), into: ns)
                    Issue.record("\(label): accepted")
                } catch BackupError.archiveInvalid(let detail) {
                    #expect(detail.contains(word), "\(label): \(detail)")
                }
            }
            #expect(try S.largeObjectCount(db) == 0)
            #expect(try S.backupRowCount(db) == 0)
        }
    }

    @Test("Every archive of the ZIP module's hostile corpus and its bombs is refused as invalid, leaving nothing")
    func zipCorpus() throws {
        let root = TestPaths.packageRoot.appendingPathComponent("Tests/ZipArchiveTests/Fixtures")
        var files: [URL] = []
        for folder in ["hostile", "bombs"] {
            let url = root.appendingPathComponent(folder)
            files += try FileManager.default.contentsOfDirectory(at: url, includingPropertiesForKeys: nil)
                .filter { $0.pathExtension == "zip" }
        }
        try #require(files.count > 20, "the ZIP corpus is missing under \(root.path)")
        try S.withBackupDatabase { _, db, service in
            let ns = try S.namespace(db, "ACME Corp.")
            for file in files.sorted(by: { $0.path < $1.path }) {
                let bytes = Array(try Data(contentsOf: file))
                #expect(throws: BackupError.self, "\(file.lastPathComponent)") {
                    do { _ = try S.upload(service, bytes, into: ns) } catch let error as BackupError {
                        guard case .archiveInvalid = error else { throw Unexpected(error: error) }
                        throw error
                    }
                }
            }
            #expect(try S.largeObjectCount(db) == 0)
            #expect(try S.backupRowCount(db) == 0)
        }
    }

    @Test("Archives of a newer schema or format version are refused as too new, naming both versions")
    func tooNew() throws {
        try S.withBackupDatabase { _, db, service in
            let ns = try S.namespace(db, "ACME Corp.")
            let schema3 = try A.write(A.sample, manifest: A.manifest(A.sample, schemaVersion: 3))
            #expect(throws: BackupError.archiveTooNew(field: "schemaVersion", archiveVersion: 3, supported: 2)) {
                try S.upload(service, schema3, into: ns)
            }
            let format2 = try A.write(A.sample, manifest: A.manifest(A.sample, formatVersion: 2))
            #expect(throws: BackupError.archiveTooNew(field: "formatVersion", archiveVersion: 2, supported: 1)) {
                try S.upload(service, format2, into: ns)
            }
            #expect(try S.largeObjectCount(db) == 0)
        }
    }

    struct Unexpected: Error { var error: BackupError }
}
