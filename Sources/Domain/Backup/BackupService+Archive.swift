import Foundation
import Hashing
import Postgres

/// What a download needs to know before streaming: the size (for `Content-Length` and ranges), the SHA-256 (the
/// `ETag`) and the file name.
public struct BackupArchiveInfo: Sendable, Equatable {
    public var backupID: UUID
    public var fileName: String
    public var sizeBytes: Int64
    public var sha256: String
}

/// The result of ``BackupService/verify(_:)``.
public struct BackupVerification: Sendable, Equatable, Codable {
    public var ok: Bool
    /// What is wrong, or what was checked.
    public var detail: String
}

/// What a stored archive holds (``BackupService/contents(of:)``), upgraded to the current content model.
public struct BackupContents: Sendable, Equatable {
    public var manifest: ArchiveManifest
    public var folders: [Folder]
    public var items: [Item]
}

extension BackupService {
    /// Size, SHA-256 and file name of a ready backup's archive.
    /// - Throws: ``BackupError`` `backupNotFound`, `notReady`.
    public func archiveInfo(_ id: UUID) throws -> BackupArchiveInfo {
        try archiveInfo(of: try backup(id))
    }

    /// Size, SHA-256 and file name of the archive of `backup`, a row the caller has just read (no query: a
    /// download's fixed cost is a few round trips, and a small archive's time is mostly that).
    /// - Throws: ``BackupError`` `notReady`.
    public func archiveInfo(of backup: Backup) throws -> BackupArchiveInfo {
        guard backup.status == .ready, let size = backup.sizeBytes, let sha256 = backup.sha256 else {
            throw BackupError.notReady(id: backup.id, status: backup.status)
        }
        return BackupArchiveInfo(backupID: backup.id, fileName: backup.fileName, sizeBytes: size, sha256: sha256)
    }

    /// Streams the bytes `range` (inclusive, clamped to the archive; nil for all) of a ready backup's archive to
    /// `body`, in pieces of up to 256 KiB.
    ///
    /// A thread reads ahead of `body` (``ArchiveReadAhead``: a ring of 24 pieces of 256 KiB, filled by queries of
    /// sixteen `lo_get` rows that PostgreSQL streams back to back), so PostgreSQL reads the next pieces while `body`
    /// sends the last. It reads in windows of one read-only
    /// REPEATABLE READ transaction each, at most 2 s long and ended as soon as `body` falls behind: a slow
    /// client never holds a pooled connection. An archive never changes once ready, so the windows fit
    /// together; if the backup is deleted meanwhile, the next window throws `backupNotFound` after the pieces
    /// read before (the caller has then sent part of the body and must close the connection).
    /// - Throws: ``BackupError`` `backupNotFound`, `notReady`; `body`'s errors unchanged.
    public func readArchive(_ id: UUID, range: ClosedRange<Int64>? = nil,
                            _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        try ArchiveReadAhead(service: self, backupID: id, range: range).consume(body)
    }

    /// Reads the stored archive again: its SHA-256 against the backup's, then every rule and checksum inside.
    /// - Throws: ``BackupError`` `backupNotFound`, `notReady`; database errors. A damaged archive is not an error:
    ///   it is `ok: false` with a detail.
    public func verify(_ id: UUID) throws -> BackupVerification {
        let expected = try archiveInfo(id)
        return try withArchive(id) { object, size in
            var digest = SHA256()
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 << 10, alignment: 16)
            defer { buffer.deallocate() }
            while true {
                let count = try object.read(into: buffer)
                if count == 0 { break }
                digest.update(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
            }
            let actual = digest.finalizeHex()
            guard actual == expected.sha256, size == expected.sizeBytes else {
                return BackupVerification(
                    ok: false, detail: "The stored archive has \(size) bytes with SHA-256 \(actual.prefix(12))…, but the backup recorded \(expected.sizeBytes) bytes with SHA-256 \(expected.sha256.prefix(12))….")
            }
            do {
                let reader = try ArchiveReader(source: LargeObjectSource(object: object), limits: configuration.archiveLimits)
                let summary = try reader.read(verifyContent: true, folders: { _ in }, items: { _, _ in })
                return BackupVerification(
                    ok: true, detail: "The archive's SHA-256 and every item's checksum match (\(summary.folderCount) folders, \(summary.itemCount) items).")
            } catch let error as ArchiveError {
                return BackupVerification(ok: false, detail: error.description)
            }
        }
    }

    /// The manifest, folders and items a ready backup's archive holds, read from the stored archive (item bytes
    /// are not read).
    /// - Throws: ``BackupError`` `backupNotFound`, `notReady`, `archiveInvalid`, `archiveTooNew`.
    public func contents(of id: UUID) throws -> BackupContents {
        try withArchive(id) { object, _ in
            do {
                let reader = try ArchiveReader(source: LargeObjectSource(object: object), limits: configuration.archiveLimits)
                var folders: [Folder] = []
                var items: [Item] = []
                _ = try reader.read(verifyContent: false, folders: { folders.append($0.folder) },
                                    items: { item, _ in items.append(item.item) })
                return BackupContents(manifest: reader.manifest, folders: folders, items: items)
            } catch let error as ArchiveError {
                throw BackupError(error)
            }
        }
    }

    /// Runs `body` with a ready backup's large object open for reading, inside a REPEATABLE READ read-only
    /// transaction on a pool connection.
    func withArchive<R>(_ id: UUID, _ body: (LargeObject, Int64) throws -> R) throws -> R {
        try pool.withConnection { db in
            try db.transaction(isolation: .repeatableRead, readOnly: true) { db in
                guard let row = try db.query("SELECT status, archive_oid FROM backups WHERE id = \(id)").first else {
                    throw BackupError.backupNotFound(id: id)
                }
                let status = BackupStatus(rawValue: try row.decode(String.self, 0)) ?? .failed
                guard status == .ready, let oid = try row.decode(UInt32?.self, 1) else {
                    throw BackupError.notReady(id: id, status: status)
                }
                let object = try db.openLargeObject(oid, mode: .read)
                return try body(object, try object.size())
            }
        }
    }
}
