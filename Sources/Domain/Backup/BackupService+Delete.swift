import Foundation
import Postgres

extension BackupService {
    /// Deletes a backup: its row and its archive (large object) in one transaction, so no archive is ever left
    /// without its row. Deleting a `creating` backup also cancels its job — here through its flag, and on any
    /// instance through `pg_cancel_backend` of the job's backend — whose transaction then rolls back its
    /// unfinished archive; it finds its row gone and leaves nothing behind.
    /// - Throws: ``BackupError/backupNotFound(id:)``.
    public func delete(_ id: UUID) throws {
        let deleted = try pool.withConnection { db in
            try db.transaction { db in
                guard let row = try db.query("""
                    DELETE FROM backups WHERE id = \(id)
                    RETURNING status, archive_oid, job_lock_key, job_backend_pid
                    """).first else {
                    throw BackupError.backupNotFound(id: id)
                }
                if let oid = try row.decode(UInt32?.self, 1) { try db.unlinkLargeObject(oid) }
                return (status: try row.decode(String.self, 0), lockKey: try row.decode(Int64?.self, 2),
                        backendPID: try row.decode(Int32?.self, 3))
            }
        }
        guard deleted.status == BackupStatus.creating.rawValue else { return }
        runner.handle(for: id)?.cancel()
        if let key = deleted.lockKey, let pid = deleted.backendPID {
            try? cancelJobStatement(lockKey: key, backendPID: pid)
        }
    }

    /// Cancels the statement of the job holding `lockKey`, if `backendPID` is still that job's backend (a pid
    /// alone could by now belong to another session).
    func cancelJobStatement(lockKey: Int64, backendPID: Int32) throws {
        let high = Int64(UInt64(bitPattern: lockKey) >> 32)
        let low = Int64(UInt64(bitPattern: lockKey) & 0xFFFF_FFFF)
        _ = try pool.withConnection { db in
            try db.query("""
                SELECT pg_cancel_backend(pid) FROM pg_locks
                WHERE locktype = 'advisory' AND granted AND pid = \(backendPID)
                  AND classid::bigint = \(high) AND objid::bigint = \(low) AND objsubid = 1
                  AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                """)
        }
    }
}
