import Foundation
import Postgres

extension BackupService {
    /// Threads checking the contents of an upload while this one reads its metadata (``ArchiveContentVerifier``).
    /// One, not two: with the copy thread and its PostgreSQL backend also busy on 2 cores, one worker measured
    /// better (W1 1.29× vs 2.39×, W2 2.44× vs 2.70× of `\lo_import`; separate runs on a loaded machine).
    static var uploadVerifyWorkers: Int { 1 }

    /// Stores an uploaded archive as a `ready` backup of origin `uploaded`, listed under `namespaceID`.
    ///
    /// On a connection of its own (an upload may take long; it must not hold one of the request pool's), in one
    /// transaction: the body is received into a temporary file (``UploadSpool``) while it is counted and hashed;
    /// then, at the same time, one thread copies it into a new large object and this one validates the archive
    /// from the file completely (container, layout, every checksum, versions), with the items' contents checked
    /// on ``uploadVerifyWorkers`` more threads; only when both are done is the row
    /// inserted and everything committed. Any failure rolls back: no row and no large object remain, and the
    /// temporary file (unnamed from the start) is gone with its descriptor.
    ///
    /// - Parameters:
    ///   - name: the backup's name; when nil or blank, `fileName` without its folders and `.zip` is used.
    ///   - sizeLimit: the most bytes accepted (then ``BackupError/payloadTooLarge(limit:)``).
    ///   - body: reads the next bytes of the upload into the buffer and returns how many; 0 at the end.
    /// - Throws: ``BackupError`` `nameRequired`, `invalidName`, `namespaceNotFound`, `payloadTooLarge`,
    ///   `archiveInvalid`, `archiveTooNew`, `uploadStorage` (the temporary file could not be written or read);
    ///   `body`'s and the database's errors unchanged.
    public func upload(
        namespaceID: UUID, name: String?, fileName: String?, sizeLimit: Int64,
        body: (UnsafeMutableRawBufferPointer) throws -> Int
    ) throws -> Backup {
        let name = try BackupFileName.uploadName(name: name, fileName: fileName)
        let connection = try openConnection(purpose: "nsbackup upload")
        return try connection.transaction { db in
            guard let namespace = try db.query(
                "SELECT name FROM namespaces WHERE id = \(namespaceID) FOR KEY SHARE").first else {
                throw BackupError.namespaceNotFound(id: namespaceID)
            }
            let spool: UploadSpool
            let oid: UInt32
            let summary: ArchiveSummary
            do {
                spool = try UploadSpool.receive(from: body, sizeLimit: sizeLimit, directory: configuration.temporaryDirectory)
                (oid, summary) = try copyAndValidate(spool, on: db)
            } catch let error as UploadSpoolError {
                throw storageFailure(error)
            } catch let error as ArchiveError {
                throw BackupError(error)
            }
            let manifest = summary.manifest
            let row = try db.query(BackupRows.expand("""
                INSERT INTO backups (id, name, namespace_id, namespace_name, status, origin, archive_oid, size_bytes,
                                     sha256, schema_version, format_version, source_namespace, folder_count,
                                     item_count, finished_at)
                VALUES (\(UUID()), \(name), \(namespaceID), \(try namespace.decode(String.self, 0)), 'ready',
                        'uploaded', \(oid), \(spool.size), \(spool.sha256), \(manifest.schemaVersion),
                        \(manifest.formatVersion), \(manifest.namespace.name), \(summary.folderCount),
                        \(summary.itemCount), now())
                RETURNING {backup}
                """))[0]
            return try BackupRows.backup(row)
        }
    }

    /// Copies the received archive into a new large object on a thread of its own while this one validates it;
    /// both have ended when this returns or throws.
    private func copyAndValidate(_ spool: UploadSpool, on db: PostgresConnection) throws -> (oid: UInt32, summary: ArchiveSummary) {
        let oid = try db.createLargeObject()
        let object = try db.openLargeObject(oid, mode: .readWrite)
        let copy = WorkerThread(name: "nsbackup upload copy") { shouldStop in
            try spool.copy(to: object, stop: shouldStop)
        }
        let summary: ArchiveSummary
        do {
            let reader = try ArchiveReader(source: spool, limits: configuration.archiveLimits)
            summary = try reader.read(verifyContent: true, parallelism: Self.uploadVerifyWorkers,
                                      folders: { _ in }, items: { _, _ in })
        } catch {
            copy.stop()
            _ = try? copy.wait()
            throw error
        }
        try copy.wait()
        return (oid, summary)
    }

    /// The temporary file's fault, logged in full (it names the directory) and answered without the path.
    private func storageFailure(_ error: UploadSpoolError) -> BackupError {
        configuration.log("upload: \(error.message)")
        return error.backupError
    }
}
