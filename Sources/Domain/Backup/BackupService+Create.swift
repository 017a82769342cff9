import Foundation
import Postgres

extension BackupService {
    /// Commits a `creating` backup of the namespace and starts the job that makes its archive.
    ///
    /// The job's connection and lock exist before the row is committed (see ``BackupService``). Wait for the
    /// result with ``waitForBackup(_:timeout:)``.
    /// - Returns: the backup as committed (`creating`).
    /// - Throws: ``BackupError`` `nameRequired`, `invalidName`, `namespaceNotFound`, `tooManyJobs`; database errors.
    public func create(namespaceID: UUID, name: String) throws -> Backup {
        let name = try BackupFileName.validatedName(name)
        try runner.reserve()
        let connection: PostgresConnection
        let job: (backup: Backup, lockKey: Int64)
        do {
            connection = try openJobConnection()
            job = try insertCreatingBackup(on: connection, namespaceID: namespaceID, name: name)
        } catch {
            runner.release()
            throw error
        }
        runner.start(id: job.backup.id) { [self] handle in
            _ = runBackupJob(on: connection, backupID: job.backup.id, lockKey: job.lockKey, handle: handle)
        }
        return job.backup
    }

    /// Waits up to `timeout` for the backup's job to finish (the API's `?wait=`), then returns the backup.
    /// A job of another instance is polled.
    public func waitForBackup(_ id: UUID, timeout: Duration) throws -> Backup {
        let deadline = ContinuousClock.now + timeout
        if let handle = runner.handle(for: id) { _ = handle.wait(timeout: timeout) }
        while true {
            let backup = try backup(id)
            if backup.status != .creating || ContinuousClock.now >= deadline { return backup }
            Thread.sleep(forTimeInterval: 0.1)
        }
    }

    /// Takes a new job lock on `connection`, then commits the `creating` row (autocommit), naming the lock and
    /// the connection's backend so that the reaper and a delete on another instance can find the job.
    func insertCreatingBackup(
        on connection: PostgresConnection, namespaceID: UUID, name: String
    ) throws -> (backup: Backup, lockKey: Int64) {
        let id = UUID()
        let key = Self.makeLockKey()
        guard try connection.tryAdvisoryLock(key) else {
            throw PostgresError(code: .protocolViolation, message: "a fresh job lock key was already taken")
        }
        do {
            let rows = try connection.query(BackupRows.expand("""
                INSERT INTO backups (id, name, namespace_id, namespace_name, status, origin, job_lock_key, job_backend_pid)
                SELECT \(id), \(name), n.id, n.name, 'creating', 'created', \(key), pg_backend_pid()
                FROM namespaces n WHERE n.id = \(namespaceID)
                RETURNING {backup}
                """))
            guard let row = rows.first else { throw BackupError.namespaceNotFound(id: namespaceID) }
            return (try BackupRows.backup(row), key)
        } catch {
            _ = try? connection.advisoryUnlock(key)
            throw error
        }
    }

    /// Makes the archive of a committed `creating` backup and marks it `ready`, in one REPEATABLE READ transaction;
    /// on failure marks it `failed` (nothing else is left: the large object goes with the rolled-back transaction).
    /// Releases the job lock at the end, in every case.
    /// - Returns: nil when the backup is ready, else the sentence it failed with.
    func runBackupJob(on connection: PostgresConnection, backupID: UUID, lockKey: Int64, handle: JobHandle?) -> String? {
        defer { _ = try? connection.advisoryUnlock(lockKey) }
        do {
            try connection.transaction(isolation: .repeatableRead) { db in
                let export = NamespaceExport(
                    db: db, backupID: backupID, compressionLevel: configuration.compressionLevel,
                    appVersion: configuration.appVersion, isCancelled: { handle?.isCancelled ?? false })
                let result = try export.run()
                let updated = try db.execute("""
                    UPDATE backups SET status = 'ready', archive_oid = \(result.archiveOID), size_bytes = \(result.size),
                           sha256 = \(result.sha256), schema_version = \(ArchiveFormat.schemaVersion),
                           format_version = \(ArchiveFormat.formatVersion), source_namespace = \(result.namespaceName),
                           folder_count = \(result.folderCount), item_count = \(result.itemCount),
                           finished_at = now(), job_backend_pid = NULL
                    WHERE id = \(backupID) AND status = 'creating'
                    """)
                guard updated == 1 else { throw BackupError.cancelled(id: backupID) }
            }
            return nil
        } catch {
            let sentence = Self.failureSentence(error, doing: "making the archive")
            markBackupFailed(backupID, sentence: sentence, preferring: connection)
            return sentence
        }
    }

    /// Marks a backup failed (if it is still `creating`), on the job's connection or, if that broke, the pool.
    func markBackupFailed(_ id: UUID, sentence: String, preferring connection: PostgresConnection) {
        let mark: (PostgresConnection) throws -> Void = { db in
            try db.execute("""
                UPDATE backups SET status = 'failed', error = \(sentence), finished_at = now(), job_backend_pid = NULL
                WHERE id = \(id) AND status = 'creating'
                """)
        }
        do {
            try mark(connection)
        } catch {
            do { try pool.withConnection(mark) } catch {
                configuration.log("backup \(id.lowercased): could not be marked failed (\(error)); the reaper will")
            }
        }
    }

    /// A sentence for a job's failure: the domain's and the archive's own sentences as they are; anything else
    /// (a database or I/O error) without internals.
    static func failureSentence(_ error: any Error, doing work: String) -> String {
        switch error {
        case let error as BackupError: return error.message
        case let error as ArchiveError: return error.description
        case let error as ExportFailure: return error.description
        case let error as PostgresError where error.isQueryCanceled: return "It was cancelled while \(work)."
        case let error as PostgresError where error.isConnectionLost:
            return "The database connection was lost while \(work)."
        case let error as PostgresError where error.isSerializationFailure:
            return "It was stopped by a concurrent change (the backup or namespace was deleted) while \(work)."
        default: return "An internal error stopped it while \(work)."
        }
    }
}
