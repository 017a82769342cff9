import Foundation
import Postgres
#if canImport(Glibc)
import Glibc
#endif

extension BackupService {
    /// Commits a `running` restore of a ready backup into a namespace and starts its job (see ``BackupService``).
    ///
    /// The unique index on running restores makes a second restore into the same namespace fail on any instance.
    /// Wait for the result with ``waitForRestore(_:timeout:)``.
    /// - Parameter safetyBackup: first back up the target (origin `created`, named `Before restore <UTC time>`),
    ///   and restore only if that succeeded.
    /// - Throws: ``BackupError`` `backupNotFound`, `notReady`, `namespaceNotFound`, `namespaceBusy`, `tooManyJobs`.
    public func restore(backupID: UUID, into namespaceID: UUID, safetyBackup: Bool) throws -> Restore {
        let backup = try backup(backupID)
        guard backup.status == .ready else { throw BackupError.notReady(id: backupID, status: backup.status) }
        try runner.reserve()
        let connection: PostgresConnection
        let restore: Restore
        let key = Self.makeLockKey()
        do {
            connection = try openJobConnection()
            guard try connection.tryAdvisoryLock(key) else {
                throw PostgresError(code: .protocolViolation, message: "a fresh job lock key was already taken")
            }
            restore = try insertRunningRestore(on: connection, backupID: backupID, namespaceID: namespaceID,
                                               safetyBackup: safetyBackup, lockKey: key)
        } catch {
            runner.release()
            throw error
        }
        runner.start(id: restore.id) { [self] _ in
            runRestoreJob(on: connection, restore: restore, lockKey: key, safetyBackup: safetyBackup)
        }
        return restore
    }

    /// Waits up to `timeout` for the restore's job to finish (the API's `?wait=`), then returns the restore.
    public func waitForRestore(_ id: UUID, timeout: Duration) throws -> Restore {
        let deadline = ContinuousClock.now + timeout
        if let handle = runner.handle(for: id) { _ = handle.wait(timeout: timeout) }
        while true {
            let restore = try restore(id)
            if restore.status != .running || ContinuousClock.now >= deadline { return restore }
            Thread.sleep(forTimeInterval: 0.1)
        }
    }

    private func insertRunningRestore(
        on connection: PostgresConnection, backupID: UUID, namespaceID: UUID, safetyBackup: Bool, lockKey: Int64
    ) throws -> Restore {
        do {
            let rows = try connection.query(BackupRows.expand("""
                INSERT INTO restores (id, backup_id, namespace_id, namespace_name, status, safety_backup, job_lock_key,
                                      job_backend_pid)
                SELECT \(UUID()), \(backupID), n.id, n.name, 'running', \(safetyBackup), \(lockKey), pg_backend_pid()
                FROM namespaces n WHERE n.id = \(namespaceID)
                RETURNING {restore}
                """))
            guard let row = rows.first else { throw BackupError.namespaceNotFound(id: namespaceID) }
            return try BackupRows.restore(row)
        } catch let error as PostgresError where error.isUniqueViolation {
            throw BackupError.namespaceBusy(namespaceID: namespaceID)
        } catch let error as PostgresError where error.isForeignKeyViolation {
            throw BackupError.namespaceNotFound(id: namespaceID)
        }
    }

    /// The job: the safety backup if asked, then the restore transaction; marks the restore `succeeded` in that
    /// transaction, or `failed` afterwards. Releases the job lock at the end, in every case.
    private func runRestoreJob(on connection: PostgresConnection, restore: Restore, lockKey: Int64, safetyBackup: Bool) {
        defer { _ = try? connection.advisoryUnlock(lockKey) }
        // A restore frees a few MiB of small blocks (paths, index sets) at the end; hand what the heap can spare
        // back to the system rather than keep it as the process's RSS.
        defer { Self.returnFreedMemory() }
        guard let namespaceID = restore.namespace.id else { return }
        do {
            var safetyBackupID: UUID?
            if safetyBackup {
                let name = "Before restore \(ArchiveTimestamp(Date()).description.prefix(19).replacingOccurrences(of: "T", with: " ")) UTC"
                let job = try insertCreatingBackup(on: connection, namespaceID: namespaceID, name: name)
                if let failure = runBackupJob(on: connection, backupID: job.backup.id, lockKey: job.lockKey, handle: nil) {
                    throw RestoreFailure("The safety backup failed, so nothing was restored: \(failure)")
                }
                safetyBackupID = job.backup.id
            }
            let reading = try openJobConnection()
            try reading.transaction(isolation: .repeatableRead, readOnly: true) { archiveDB in
                let snapshot = try archiveDB.query("SELECT pg_export_snapshot()")[0].decode(String.self, 0)
                let (reader, readAhead) = try openArchive(restore.backupID, on: archiveDB, snapshot: snapshot)
                // The read-ahead's thread has ended (and its transaction with it) whenever this scope is left.
                defer { readAhead.close() }
                try connection.transaction { db in
                    var limits = ContentLimits(maxItemBytes: configuration.archiveLimits.maxItemSize)
                    limits.lockTimeout = configuration.restoreLockTimeout
                    let result = try NamespaceImport(db: db, namespaceID: namespaceID, reader: reader, limits: limits).run()
                    let report = Self.report(result, target: namespaceID, safetyBackupID: safetyBackupID)
                    let json = String(decoding: try JSONEncoder().encode(report), as: UTF8.self)
                    try db.execute("""
                        UPDATE restores SET status = 'succeeded', finished_at = now(), report = \(json)::jsonb,
                               job_backend_pid = NULL
                        WHERE id = \(restore.id) AND status = 'running'
                        """)
                }
            }
        } catch {
            let sentence: String
            switch error {
            case let error as RestoreFailure: sentence = error.description
            default: sentence = Self.failureSentence(error, doing: "restoring")
            }
            markRestoreFailed(restore.id, sentence: sentence, preferring: connection)
        }
    }

    /// The ready backup's archive, opened for reading on `db` (inside its read-only transaction), with a
    /// read-ahead on a connection of its own that joins `snapshot` (exported by that transaction). The caller
    /// closes the read-ahead, whatever happens (also when this throws after starting it: it is closed here then).
    private func openArchive(
        _ backupID: UUID, on db: PostgresConnection, snapshot: String
    ) throws -> (ArchiveReader<LargeObjectSource>, LargeObjectReadAhead) {
        guard let row = try db.query("SELECT status, archive_oid FROM backups WHERE id = \(backupID)").first else {
            throw RestoreFailure("The backup was deleted before the restore could read it.")
        }
        guard let oid = try row.decode(UInt32?.self, 1) else {
            throw RestoreFailure("The backup is \(try row.decode(String.self, 0)), not ready.")
        }
        let object = try db.openLargeObject(oid, mode: .read)
        let readAhead = LargeObjectSource.makeReadAhead(oid: oid, connection: try openJobConnection(), snapshot: snapshot)
        do {
            let source = try LargeObjectSource(object: object, readAhead: readAhead)
            return (try ArchiveReader(source: source, limits: configuration.archiveLimits), readAhead)
        } catch let error as ArchiveError {
            readAhead.close()
            throw BackupError(error)
        } catch {
            readAhead.close()
            throw error
        }
    }

    /// glibc's `malloc_trim(0)`, looked up at run time: `<malloc.h>` is not part of the Glibc module, and other
    /// C libraries lack the call (then this does nothing).
    private static func returnFreedMemory() {
        #if canImport(Glibc)
        typealias MallocTrim = @convention(c) (Int) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return }
        _ = unsafeBitCast(symbol, to: MallocTrim.self)(0)
        #endif
    }

    private static func report(_ result: NamespaceImport.Result, target: UUID, safetyBackupID: UUID?) -> RestoreReport {
        let summary = result.summary
        var warnings: [String] = []
        let source = summary.manifest.namespace
        if source.id != target {
            warnings.append("Folder permissions came from the namespace '\(source.name)' the backup was made from, not from '\(result.namespaceName)'; check them.")
        }
        let missing = result.implicitFolders
        if !missing.isEmpty {
            let shown = missing.prefix(5).map { "'\($0)'" }.joined(separator: ", ") + (missing.count > 5 ? ", …" : "")
            warnings.append("\(missing.count) folder(s) the archive implies but does not list were created without permissions: \(shown).")
        }
        return RestoreReport(
            folders: summary.folderCount + missing.count, items: summary.itemCount,
            migratedFromSchemaVersion: summary.schemaVersion < ArchiveFormat.schemaVersion ? summary.schemaVersion : nil,
            safetyBackupID: safetyBackupID, warnings: warnings)
    }

    private func markRestoreFailed(_ id: UUID, sentence: String, preferring connection: PostgresConnection) {
        let mark: (PostgresConnection) throws -> Void = { db in
            try db.execute("""
                UPDATE restores SET status = 'failed', error = \(sentence), finished_at = now(), job_backend_pid = NULL
                WHERE id = \(id) AND status = 'running'
                """)
        }
        do {
            try mark(connection)
        } catch {
            do { try pool.withConnection(mark) } catch {
                configuration.log("restore \(id.lowercased): could not be marked failed (\(error)); the reaper will")
            }
        }
    }
}
