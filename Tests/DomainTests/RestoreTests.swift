import Domain
import Foundation
import Postgres
import Testing
import TestSupport

@Suite(.enabled(if: TestDatabase.isConfigured, "DATABASE_URL is not set: run scripts/test"))
struct RestoreTests {
    typealias S = BackupTestSupport
    typealias A = ArchiveTestArchives

    @Test("A restore into another namespace brings back exactly the source's content, with a permissions warning")
    func restoreIntoAnotherNamespace() throws {
        try S.withBackupDatabase { _, db, service in
            let jane = try S.seedJanesServices(db)
            let acme = try S.namespace(db, "ACME Corp.")
            try S.folder(db, acme, "/Old")
            try S.item(db, acme, "/Old/thing", bytes: [1, 2, 3])
            let backup = try service.waitForBackup(try service.create(namespaceID: jane, name: "Jane's first backup").id,
                                                   timeout: .seconds(60))
            let restore = try S.restore(service, backup.id, into: acme)
            #expect(restore.status == .succeeded, "\(restore.error ?? "")")
            #expect(restore.namespace == BackupNamespace(id: acme, name: "ACME Corp."))
            #expect(restore.backupID == backup.id)
            #expect(restore.finishedAt != nil)
            let report = try #require(restore.report)
            #expect(report.folders == 3 && report.items == 6)
            #expect(report.migratedFromSchemaVersion == nil)
            #expect(report.safetyBackupID == nil)
            #expect(report.warnings.count == 1)
            #expect(report.warnings.first?.contains("Jane's Services") == true)
            let source = try S.snapshot(db, jane)
            #expect(try S.snapshot(db, acme) == source)
            #expect(source.items.count == 6)
        }
    }

    @Test("A restore into the source namespace undoes later changes and has no warning")
    func restoreIntoSource() throws {
        try S.withBackupDatabase { _, db, service in
            let jane = try S.seedJanesServices(db)
            let before = try S.snapshot(db, jane)
            let backup = try service.waitForBackup(try service.create(namespaceID: jane, name: "b").id, timeout: .seconds(60))
            try db.execute("DELETE FROM items WHERE namespace_id = \(jane) AND path = '/Orders/Order Form'")
            try db.execute("UPDATE folders SET permissions = '[]' WHERE namespace_id = \(jane)")
            try S.item(db, jane, "/Orders/new", bytes: [9])
            let restore = try S.restore(service, backup.id, into: jane)
            #expect(restore.status == .succeeded, "\(restore.error ?? "")")
            #expect(restore.report?.warnings == [])
            #expect(try S.snapshot(db, jane) == before)
        }
    }

    @Test("Backup, download, delete, upload, restore elsewhere: identical content")
    func roundTrip() throws {
        try S.withBackupDatabase { _, db, service in
            let jane = try S.seedJanesServices(db)
            let other = try S.namespace(db, "designer_testspace")
            let backup = try service.waitForBackup(try service.create(namespaceID: jane, name: "r").id, timeout: .seconds(60))
            let bytes = try S.download(service, backup.id)
            try service.delete(backup.id)
            let uploaded = try S.upload(service, bytes, into: other, name: nil, fileName: backup.fileName)
            #expect(uploaded.name == "r_" + backup.fileName.dropFirst(2).dropLast(4))
            let restore = try S.restore(service, uploaded.id, into: other)
            #expect(restore.status == .succeeded, "\(restore.error ?? "")")
            #expect(try S.snapshot(db, other) == S.snapshot(db, jane))
        }
    }

    @Test("The version 1 fixture restores, upgraded, and the report says it migrated from 1", arguments: [1, 2])
    func fixtures(version: Int) throws {
        try S.withBackupDatabase { _, db, service in
            let acme = try S.namespace(db, "ACME Corp.")
            let backup = try S.upload(service, try S.fixture("v\(version)/janes-services.zip"), into: acme)
            let restore = try S.restore(service, backup.id, into: acme)
            #expect(restore.status == .succeeded, "\(restore.error ?? "")")
            #expect(restore.report?.migratedFromSchemaVersion == (version == 1 ? 1 : nil))
            #expect(restore.report?.items == 9 && restore.report?.folders == 4)
            let snapshot = try S.snapshot(db, acme)
            let logo = try #require(snapshot.items.first { $0[0] == "/Shared Libraries/logo.png" })
            #expect(logo[1] == "file" && logo[2] == "image/png")
            #expect(logo[4] == logo[5])   // stored sha256 == sha256 of the stored bytes
            let orders = try #require(snapshot.folders.first { $0[0] == "/Orders" })
            #expect(orders[1].contains("group:order-team") && orders[1].contains("\"write\""))
            #expect(orders[2] == "1615477631123456")
            #expect(snapshot.items.contains { $0[0] == "/Ünïcödé/CON.txt" && $0[2] == "text/plain" })
        }
    }

    @Test("A restore failing at the last entry leaves the namespace as it was")
    func failingHalfWay() throws {
        try S.withBackupDatabase { _, db, service in
            let target = try S.seedJanesServices(db, name: "Target")
            let before = try S.snapshot(db, target)
            var content = A.sample
            for index in 0..<50 { content.items.append(A.item("/Orders/item \(index)", Array("bytes \(index)".utf8))) }
            var entries = try A.entries(content)
            entries[entries.count - 1].1[0] ^= 0x20   // the last item's bytes no longer match its SHA-256
            let backup = try S.insertReadyBackup(db, namespace: target, bytes: try A.raw(entries))
            let restore = try S.restore(service, backup, into: target)
            #expect(restore.status == .failed)
            #expect(restore.error?.contains("SHA-256") == true, "\(restore.error ?? "")")
            #expect(restore.report == nil)
            #expect(try S.snapshot(db, target) == before)
        }
    }

    @Test("A second restore into a busy namespace is refused with namespace_busy, on any instance")
    func busy() throws {
        try S.withBackupDatabase { database, db, service in
            let jane = try S.seedJanesServices(db)
            let backup = try service.waitForBackup(try service.create(namespaceID: jane, name: "b").id, timeout: .seconds(60))
            // A content writer holds the namespace: the first restore waits for it, still running.
            let writer = try database.connect()
            try writer.executeScript(unsafeSQL: "BEGIN")
            try writer.query("SELECT 1 FROM namespaces WHERE id = \(jane) FOR NO KEY UPDATE")
            let first = try service.restore(backupID: backup.id, into: jane, safetyBackup: false)
            let other = S.makeService(database)
            #expect(throws: BackupError.namespaceBusy(namespaceID: jane)) {
                try service.restore(backupID: backup.id, into: jane, safetyBackup: false)
            }
            #expect(throws: BackupError.namespaceBusy(namespaceID: jane)) {
                try other.restore(backupID: backup.id, into: jane, safetyBackup: false)
            }
            #expect(try service.restore(first.id).status == .running)
            try writer.executeScript(unsafeSQL: "COMMIT")
            #expect(try service.waitForRestore(first.id, timeout: .seconds(60)).status == .succeeded)
            let history = try service.restores(namespaceID: jane)
            #expect(history.map(\.id) == [first.id])
        }
    }

    @Test("Readers polling during a restore see the old content or the new one, never a mix")
    func atomicity() throws {
        try S.withBackupDatabase { database, db, service in
            let source = try S.namespace(db, "Big")
            try S.seedBulk(db, source, count: 1500, size: 4096)
            let target = try S.seedJanesServices(db, name: "Target")
            let backup = try service.waitForBackup(try service.create(namespaceID: source, name: "big").id, timeout: .seconds(120))
            let old = try S.counts(db, target)
            let new = try S.counts(db, source)
            let reader = try database.connect()
            let restore = try service.restore(backupID: backup.id, into: target, safetyBackup: false)
            var seen: Set<[Int]> = []
            while try service.restore(restore.id).status == .running {
                seen.insert(try reader.transaction(isolation: .repeatableRead, readOnly: true) { try S.counts($0, target) })
            }
            seen.insert(try S.counts(reader, target))
            #expect(seen.isSubset(of: [old, new]), "seen \(seen), old \(old), new \(new)")
            #expect(seen.contains(new))
            #expect(try service.restore(restore.id).status == .succeeded)
        }
    }

    @Test("A safety backup of the target is made first and named in the report")
    func safetyBackup() throws {
        try S.withBackupDatabase { _, db, service in
            let jane = try S.seedJanesServices(db)
            let acme = try S.namespace(db, "ACME Corp.")
            try S.item(db, acme, "/precious", bytes: [42])
            let acmeBefore = try S.snapshot(db, acme)
            let backup = try service.waitForBackup(try service.create(namespaceID: jane, name: "b").id, timeout: .seconds(60))
            let restore = try S.restore(service, backup.id, into: acme, safetyBackup: true)
            #expect(restore.status == .succeeded, "\(restore.error ?? "")")
            let safetyID = try #require(restore.report?.safetyBackupID)
            let safety = try service.backup(safetyID)
            #expect(safety.status == .ready && safety.origin == .created)
            #expect(safety.name.hasPrefix("Before restore ") && safety.name.hasSuffix(" UTC"))
            #expect(safety.namespace.id == acme && safety.itemCount == 1)
            // The safety backup brings the old content back.
            #expect(try S.restore(service, safetyID, into: acme).status == .succeeded)
            #expect(try S.snapshot(db, acme) == acmeBefore)
        }
    }

    @Test("Restores of missing or unready backups and into missing namespaces are refused")
    func refusals() throws {
        try S.withBackupDatabase { _, db, service in
            let jane = try S.seedJanesServices(db)
            let missing = UUID()
            #expect(throws: BackupError.backupNotFound(id: missing)) {
                try service.restore(backupID: missing, into: jane, safetyBackup: false)
            }
            try db.execute("""
                INSERT INTO backups (id, name, namespace_id, namespace_name, status, origin, error)
                VALUES (\(missing), 'broken', \(jane), 'x', 'failed', 'created', 'it broke')
                """)
            #expect(throws: BackupError.notReady(id: missing, status: .failed)) {
                try service.restore(backupID: missing, into: jane, safetyBackup: false)
            }
            let backup = try service.waitForBackup(try service.create(namespaceID: jane, name: "b").id, timeout: .seconds(60))
            let nowhere = UUID()
            #expect(throws: BackupError.namespaceNotFound(id: nowhere)) {
                try service.restore(backupID: backup.id, into: nowhere, safetyBackup: false)
            }
            #expect(throws: BackupError.restoreNotFound(id: nowhere)) { try service.restore(nowhere) }
        }
    }

    @Test("Folders an archive implies but does not list are created, with a warning")
    func missingParents() throws {
        try S.withBackupDatabase { _, db, service in
            let ns = try S.namespace(db, "ACME Corp.")
            var content = A.sample
            content.items.append(A.item("/Elsewhere/deep/x", [1]))
            let backup = try S.upload(service, try A.write(content), into: ns)
            let restore = try S.restore(service, backup.id, into: ns)
            #expect(restore.status == .succeeded, "\(restore.error ?? "")")
            #expect(restore.report?.folders == 4)
            #expect(restore.report?.warnings.contains { $0.contains("'/Elsewhere'") } == true)
            #expect(try S.snapshot(db, ns).folders.map { $0[0] }.contains("/Elsewhere/deep"))
        }
    }
}
