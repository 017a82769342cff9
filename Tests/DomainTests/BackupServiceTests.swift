import Domain
import Foundation
import Hashing
import Postgres
import Testing
import TestSupport
import ZipArchive

@Suite(.enabled(if: TestDatabase.isConfigured, "DATABASE_URL is not set: run scripts/test"))
struct BackupServiceTests {
    typealias S = BackupTestSupport

    @Test("Create commits a creating backup whose job makes a ready archive of the namespace")
    func createMakesAReadyBackup() throws {
        try S.withBackupDatabase { _, db, service in
            let ns = try S.seedJanesServices(db)
            let before = try S.largeObjectCount(db)
            let created = try service.create(namespaceID: ns, name: "  Jane's first backup ")
            #expect(created.status == .creating)
            #expect(created.name == "Jane's first backup")
            #expect(created.origin == .created)
            #expect(created.namespace == BackupNamespace(id: ns, name: "Jane's Services"))
            #expect(created.sha256 == nil && created.sizeBytes == nil)
            let ready = try service.waitForBackup(created.id, timeout: .seconds(60))
            #expect(ready.status == .ready, "\(ready.error ?? "")")
            #expect(ready.folderCount == 3)
            #expect(ready.itemCount == 6)
            #expect(ready.schemaVersion == 2)
            #expect(ready.sourceNamespace == "Jane's Services")
            #expect(try S.largeObjectCount(db) == before + 1)
            let bytes = try S.download(service, created.id)
            #expect(Int64(bytes.count) == ready.sizeBytes)
            #expect(SHA256.hex(bytes) == ready.sha256)
            let (summary, folders, items, contents) = try ArchiveTestArchives.read(bytes)
            #expect(summary.manifest.backupName == "Jane's first backup")
            #expect(summary.manifest.namespace.id == ns)
            #expect(folders.map(\.path) == ["/Orders", "/Orders/Archive 2020", "/Ünïcödé: \"quotes\" and 100%"])
            #expect(items.count == 6)
            #expect(contents["/Orders/Order Model"] == Array("<model/>".utf8))
            #expect(ready.fileName.hasPrefix("Jane's first backup_") && ready.fileName.hasSuffix(".zip"))
        }
    }

    @Test("Names are checked before anything is committed")
    func names() throws {
        try S.withBackupDatabase { _, db, service in
            let ns = try S.seedJanesServices(db)
            #expect(throws: BackupError.nameRequired) { try service.create(namespaceID: ns, name: "  \n ") }
            #expect(throws: BackupError.self) { try service.create(namespaceID: ns, name: String(repeating: "x", count: 201)) }
            #expect(throws: BackupError.self) { try service.create(namespaceID: ns, name: "bell\u{7}") }
            let missing = UUID()
            #expect(throws: BackupError.namespaceNotFound(id: missing)) { try service.create(namespaceID: missing, name: "x") }
            #expect(try S.backupRowCount(db) == 0)
        }
    }

    @Test("The written archive passes unzip -t and Python's zipfile")
    func externalTools() throws {
        try S.withBackupDatabase { _, db, service in
            let ns = try S.seedJanesServices(db)
            let backup = try service.waitForBackup(try service.create(namespaceID: ns, name: "tools").id, timeout: .seconds(60))
            let path = try ArchiveTools.temporaryFile(try S.download(service, backup.id))
            if let unzip = try ArchiveTools.run("unzip", ["-t", path]) {
                #expect(unzip.status == 0 && unzip.output.contains("No errors detected"), "\(unzip.output)")
            } else {
                Issue.record("unzip is not installed; scripts/test installs it")
            }
            if let python = try ArchiveTools.run("python3", ["-c", ArchiveTools.pythonTestzip, path]) {
                #expect(python.status == 0 && python.output.hasPrefix("ok 9"), "\(python.output)")
            } else {
                Issue.record("python3 is not installed; scripts/test installs it")
            }
        }
    }

    @Test("Listing is sorted by creation then id and filtered by namespace and visibility")
    func listing() throws {
        try S.withBackupDatabase { _, db, service in
            let jane = try S.seedJanesServices(db)
            let acme = try S.namespace(db, "ACME Corp.")
            let a = try service.waitForBackup(try service.create(namespaceID: jane, name: "one").id, timeout: .seconds(60))
            let b = try service.waitForBackup(try service.create(namespaceID: acme, name: "two").id, timeout: .seconds(60))
            let c = try service.waitForBackup(try service.create(namespaceID: jane, name: "three").id, timeout: .seconds(60))
            #expect(try service.backups().map(\.id) == [a.id, b.id, c.id])
            #expect(try service.backups(namespaceID: jane).map(\.id) == [a.id, c.id])
            #expect(try service.backups(visibleNamespaces: [acme]).map(\.id) == [b.id])
            #expect(try service.backups(namespaceID: jane, visibleNamespaces: [acme]).isEmpty)
            #expect(try service.backup(b.id) == b)
            #expect(throws: BackupError.backupNotFound(id: jane)) { try service.backup(jane) }
        }
    }

    @Test("A download range returns exactly those bytes")
    func ranges() throws {
        try S.withBackupDatabase { _, db, service in
            let ns = try S.seedJanesServices(db)
            let backup = try service.waitForBackup(try service.create(namespaceID: ns, name: "r").id, timeout: .seconds(60))
            let all = try S.download(service, backup.id)
            let info = try service.archiveInfo(backup.id)
            #expect(info.sizeBytes == Int64(all.count))
            #expect(info.sha256 == backup.sha256)
            #expect(try S.download(service, backup.id, range: 10...99) == Array(all[10...99]))
            #expect(try S.download(service, backup.id, range: 0...0) == [all[0]])
            let last = Int64(all.count - 1)
            #expect(try S.download(service, backup.id, range: (last - 4)...(last + 100)) == Array(all.suffix(5)))
        }
    }

    @Test("Downloads of archives over 1 MiB come whole and in ranges across the 1 MiB pieces")
    func largeDownloads() throws {
        try S.withBackupDatabase { _, db, service in
            let ns = try S.namespace(db, "Bigger")
            try S.seedBulk(db, ns, count: 30, size: 100 << 10)
            let backup = try service.waitForBackup(try service.create(namespaceID: ns, name: "big").id, timeout: .seconds(60))
            let all = try S.download(service, backup.id)
            #expect(all.count > 2 << 20)
            #expect(SHA256.hex(all) == backup.sha256)
            let mib = Int64(1 << 20)
            #expect(try S.download(service, backup.id, range: (mib - 10)...(2 * mib + 10)) == Array(all[Int(mib - 10)...Int(2 * mib + 10)]))
            #expect(try S.download(service, backup.id, range: mib...mib) == [all[Int(mib)]])
        }
    }

    @Test("Verify and manifest read the stored archive")
    func verifyAndContents() throws {
        try S.withBackupDatabase { _, db, service in
            let ns = try S.seedJanesServices(db)
            let backup = try service.waitForBackup(try service.create(namespaceID: ns, name: "v").id, timeout: .seconds(60))
            let verification = try service.verify(backup.id)
            #expect(verification.ok, "\(verification.detail)")
            let contents = try service.contents(of: backup.id)
            #expect(contents.manifest.itemCount == 6)
            #expect(contents.folders.count == 3)
            #expect(contents.items.map(\.path).contains("/Ünïcödé: \"quotes\" and 100%/logo?.png"))
            // Damage the stored archive behind the service's back: verify says so.
            try db.transaction { db in
                let oid = try db.query("SELECT archive_oid FROM backups WHERE id = \(backup.id)")[0].decode(UInt32.self, 0)
                let object = try db.openLargeObject(oid, mode: .readWrite)
                try object.seek(to: 200)
                try object.write([0xFF, 0xFE, 0xFD])
            }
            let damaged = try service.verify(backup.id)
            #expect(!damaged.ok)
            #expect(damaged.detail.contains("SHA-256"))
        }
    }

    @Test("Delete removes the row and the large object; a missing backup is not found")
    func delete() throws {
        try S.withBackupDatabase { _, db, service in
            let ns = try S.seedJanesServices(db)
            let before = try S.largeObjectCount(db)
            let backup = try service.waitForBackup(try service.create(namespaceID: ns, name: "d").id, timeout: .seconds(60))
            #expect(try S.largeObjectCount(db) == before + 1)
            try service.delete(backup.id)
            #expect(try S.largeObjectCount(db) == before)
            #expect(try S.backupRowCount(db) == 0)
            #expect(throws: BackupError.backupNotFound(id: backup.id)) { try service.delete(backup.id) }
            #expect(throws: BackupError.backupNotFound(id: backup.id)) { try service.archiveInfo(backup.id) }
        }
    }

    @Test("Deleting a creating backup cancels its job, here or on another instance, and leaves nothing behind",
          arguments: [false, true])
    func deleteWhileCreating(fromOtherInstance: Bool) throws {
        try S.withBackupDatabase { database, db, service in
            let ns = try S.namespace(db, "Big")
            try S.seedBulk(db, ns, count: 200, size: 256 << 10)
            let before = try S.largeObjectCount(db)
            let other = S.makeService(database)
            let created = try service.create(namespaceID: ns, name: "doomed")
            Thread.sleep(forTimeInterval: 0.3)   // usually mid-archive; the outcome must not depend on it
            try (fromOtherInstance ? other : service).delete(created.id)
            #expect(service.waitForIdle(timeout: .seconds(60)))
            #expect(try S.backupRowCount(db) == 0)
            #expect(try S.largeObjectCount(db) == before)
        }
    }

    @Test("Backups of an empty namespace work")
    func emptyNamespace() throws {
        try S.withBackupDatabase { _, db, service in
            let ns = try S.namespace(db, "Empty")
            let backup = try service.waitForBackup(try service.create(namespaceID: ns, name: "nothing").id, timeout: .seconds(60))
            #expect(backup.status == .ready)
            #expect(backup.itemCount == 0 && backup.folderCount == 0)
            #expect(try service.verify(backup.id).ok)
        }
    }
}
