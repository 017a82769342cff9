import Domain
import Foundation
import Postgres
import Testing
import TestSupport

/// Jobs whose instance stopped: the reaper, and jobs whose database session is killed just before they commit.
@Suite(.enabled(if: TestDatabase.isConfigured, "DATABASE_URL is not set: run scripts/test"))
struct BackupRecoveryTests {
    typealias S = BackupTestSupport

    /// Inserts a creating backup and a running restore as a job of another instance would, with their locks held
    /// by `owner` (a connection standing for that instance).
    private func orphanJobs(_ db: PostgresConnection, namespace: UUID, owner: PostgresConnection) throws -> (UUID, UUID) {
        let backupKey = Int64.random(in: 1...Int64.max)
        let restoreKey = Int64.random(in: 1...Int64.max)
        #expect(try owner.tryAdvisoryLock(backupKey))
        #expect(try owner.tryAdvisoryLock(restoreKey))
        let backup = UUID()
        let restore = UUID()
        try db.execute("""
            INSERT INTO backups (id, name, namespace_id, namespace_name, status, origin, job_lock_key, job_backend_pid)
            VALUES (\(backup), 'in flight', \(namespace), 'n', 'creating', 'created', \(backupKey), \(owner.backendPID))
            """)
        try db.execute("""
            INSERT INTO restores (id, backup_id, namespace_id, namespace_name, status, job_lock_key, job_backend_pid)
            VALUES (\(restore), \(backup), \(namespace), 'n', 'running', \(restoreKey), \(owner.backendPID))
            """)
        return (backup, restore)
    }

    @Test("The reaper leaves jobs whose lock is held and fails those whose lock is free")
    func reaper() throws {
        try S.withBackupDatabase { database, db, service in
            let ns = try S.namespace(db, "ACME Corp.")
            var owner: PostgresConnection? = try database.connect()
            let (backup, restore) = try orphanJobs(db, namespace: ns, owner: owner!)
            #expect(try service.reapInterruptedJobs() == 0)
            #expect(try service.backup(backup).status == .creating)
            #expect(try service.restore(restore).status == .running)
            owner = nil   // the other instance dies: its session ends, its locks go
            var reaped = 0
            for _ in 0..<50 where reaped < 2 {
                reaped += try service.reapInterruptedJobs()
                if reaped < 2 { Thread.sleep(forTimeInterval: 0.1) }
            }
            #expect(reaped == 2)
            let failed = try service.backup(backup)
            #expect(failed.status == .failed)
            #expect(failed.error?.contains("Interrupted") == true)
            #expect(try service.restore(restore).status == .failed)
            // The namespace is free for restores again.
            #expect(try S.counts(db, ns) == [0, 0])
        }
    }

    @Test("A started reaper fails an abandoned job within seconds")
    func reaperThread() throws {
        try S.withBackupDatabase { database, db, service in
            let ns = try S.namespace(db, "ACME Corp.")
            var owner: PostgresConnection? = try database.connect()
            let (backup, _) = try orphanJobs(db, namespace: ns, owner: owner!)
            service.start()
            owner = nil
            var status = BackupStatus.creating
            for _ in 0..<100 where status == .creating {
                Thread.sleep(forTimeInterval: 0.1)
                status = try service.backup(backup).status
            }
            #expect(status == .failed)
        }
    }

    @Test("A backup whose session is killed with its archive written but not committed ends failed and leaves no large object")
    func killedBackup() throws {
        try S.withBackupDatabase { database, db, service in
            let ns = try S.namespace(db, "Big")
            try S.seedBulk(db, ns, count: 150, size: 256 << 10)
            let before = try S.largeObjectCount(db)
            let checkpoint = try JobCheckpoint(database)
            let created = try service.create(namespaceID: ns, name: "killed")
            // The archive is written (its large object exists in the job's transaction); only the commit is left.
            let pid = try checkpoint.holdBeforeCommit(.backups, id: created.id)
            try db.query("SELECT pg_terminate_backend(\(pid))")
            checkpoint.release()
            let ended = try service.waitForBackup(created.id, timeout: .seconds(60))
            #expect(ended.status == .failed)
            #expect(ended.error != nil)
            #expect(try S.largeObjectCount(db) == before)
        }
    }

    @Test("A restore whose session is killed with the content replaced but not committed ends failed and leaves the namespace as it was")
    func killedRestore() throws {
        try S.withBackupDatabase { database, db, service in
            let source = try S.namespace(db, "Big")
            try S.seedBulk(db, source, count: 150, size: 256 << 10)
            let target = try S.seedJanesServices(db, name: "Target")
            let before = try S.snapshot(db, target)
            let backup = try service.waitForBackup(try service.create(namespaceID: source, name: "b").id, timeout: .seconds(120))
            let checkpoint = try JobCheckpoint(database)
            let restore = try service.restore(backupID: backup.id, into: target, safetyBackup: false)
            // The old content is deleted and the archive's loaded in the job's transaction; only the commit is left.
            let pid = try checkpoint.holdBeforeCommit(.restores, id: restore.id)
            let writes = try db.query("""
                SELECT count(*) FROM pg_locks
                WHERE pid = \(pid) AND relation = 'items'::regclass AND mode = 'RowExclusiveLock' AND granted
                """)[0].decode(Int64.self, 0)
            #expect(writes == 1, "the restore had not written to items when it was killed")
            try db.query("SELECT pg_terminate_backend(\(pid))")
            checkpoint.release()
            var ended = try service.waitForRestore(restore.id, timeout: .seconds(60))
            if ended.status == .running {   // the job could not mark it: the reaper does
                try service.reapInterruptedJobs()
                ended = try service.restore(restore.id)
            }
            #expect(ended.status == .failed)
            #expect(try S.snapshot(db, target) == before)
        }
    }
}
