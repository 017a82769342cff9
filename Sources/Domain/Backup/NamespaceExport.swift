import Foundation
import Postgres
import ZipArchive

/// Writes the archive of one backup from the namespace's content, inside the caller's REPEATABLE READ
/// transaction: every query sees the same snapshot, so the archive is the namespace as of one moment.
///
/// Memory stays flat whatever the namespace's size: metadata is read through server-side cursors 1,000 rows at a
/// time; item bytes through a second cursor in batches of at most ``contentBudget`` bytes, and items larger than
/// ``inlineLimit`` in slices of that size (see ``NamespaceExport/writeContent(_:)``).
struct NamespaceExport {
    let db: PostgresConnection
    let backupID: UUID
    let compressionLevel: Int
    let appVersion: String
    let isCancelled: () -> Bool

    /// Items up to this size come through the content cursor whole; larger ones in slices of this size.
    static let inlineLimit: Int64 = 4 << 20
    /// Bytes of item content one FETCH brings at most (one item over it comes alone).
    static let contentBudget: Int64 = 8 << 20
    static let metadataBatch = 1000

    struct Result {
        var archiveOID: UInt32
        var size: Int64
        var sha256: String
        var namespaceName: String
        var folderCount: Int
        var itemCount: Int
    }

    func run() throws -> Result {
        let backup = try db.query("""
            SELECT name, namespace_id, created_at FROM backups WHERE id = \(backupID) AND status = 'creating'
            """)
        guard let row = backup.first else { throw BackupError.cancelled(id: backupID) }
        let name = try row.decode(String.self, 0)
        let createdAt = try row.decode(Date.self, 2)
        guard let namespaceID = try row.decode(UUID?.self, 1),
              let namespace = try db.query("SELECT name FROM namespaces WHERE id = \(namespaceID)").first else {
            throw ExportFailure("The namespace was deleted before its backup could start.")
        }
        let counts = try db.query("""
            SELECT (SELECT count(*) FROM folders WHERE namespace_id = \(namespaceID)),
                   count(*), coalesce(sum(size), 0)::int8
            FROM items WHERE namespace_id = \(namespaceID)
            """)[0]
        let folderCount = try counts.decode(Int.self, 0)
        let itemCount = try counts.decode(Int.self, 1)
        let namespaceName = try namespace.decode(String.self, 0)

        let oid = try db.createLargeObject()
        let object = try db.openLargeObject(oid, mode: .readWrite)
        let sink = LargeObjectSink(object: object)
        let writer = ArchiveWriter(sink: sink, compressionLevel: compressionLevel)
        try writer.writeManifest(ArchiveManifest(
            appVersion: appVersion, createdAt: ArchiveTimestamp(createdAt), backupName: name,
            namespace: .init(id: namespaceID, name: namespaceName), folderCount: folderCount, itemCount: itemCount,
            totalBytes: try counts.decode(Int64.self, 2)))
        let snapshot = ContentSnapshot(db: db, namespaceID: namespaceID)
        let folders = try writer.writeFolders { emit in try snapshot.forEachFolder(emit) }
        let items = try writer.writeItems { emit in
            try snapshot.forEachItemBatch(size: Self.metadataBatch) { batch in
                for item in batch { try emit(item) }
            }
        }
        guard folders == folderCount, items == itemCount else {
            throw ExportFailure("The namespace's content changed under its snapshot; this is a bug.")
        }
        guard try writeContent(writer, snapshot: snapshot) == items else {
            throw ExportFailure("The namespace's content changed under its snapshot; this is a bug.")
        }
        try writer.finish()
        try object.close()
        return Result(archiveOID: oid, size: sink.size, sha256: sink.finalizeSHA256(), namespaceName: namespaceName,
                      folderCount: folders, itemCount: items)
    }

    /// Item bytes, in the order of `items.jsonl` (by path): a cursor of sizes says how big the next items are, so
    /// each FETCH of the content cursor (metadata and bytes) brings at most ``contentBudget`` bytes; larger items
    /// come in slices.
    ///
    /// Contents up to ``inlineLimit`` are checked and deflated by a ``ContentCompressionPool`` while this thread
    /// fetches the next rows and writes finished entries; larger ones stream through this thread, in order.
    /// - Returns: the number of items whose content was written.
    private func writeContent(_ writer: ArchiveWriter<LargeObjectSink>, snapshot: ContentSnapshot) throws -> Int {
        let pool = ContentCompressionPool(
            workers: Self.compressionWorkers, level: compressionLevel, byteLimit: Int(Self.contentBudget))
        defer { pool.shutdown() }
        func writeNext(waiting: Bool) throws -> Bool {
            guard let next = waiting ? try pool.next() : try pool.nextIfReady() else { return false }
            try writer.writeContent(of: next.item, deflated: next.deflated)
            return true
        }

        try snapshot.openContentCursor(inlineLimit: Self.inlineLimit)
        var listed = 0
        try snapshot.forEachSizeBatch(size: Self.metadataBatch) { batch in
            let sizes = batch.map(\.size)
            var start = 0
            while start < sizes.count {
                if isCancelled() { throw BackupError.cancelled(id: backupID) }
                var end = start
                var bytes: Int64 = 0
                repeat {
                    bytes += sizes[end] <= Self.inlineLimit ? sizes[end] : 0
                    end += 1
                } while end < sizes.count && bytes + min(sizes[end], Self.inlineLimit) <= Self.contentBudget
                let contents = try snapshot.fetchContent(count: end - start)
                guard contents.count == end - start else {
                    throw ExportFailure("The namespace's content changed under its snapshot; this is a bug.")
                }
                for (offset, content) in contents.enumerated() {
                    guard content.item.path == batch[start + offset].path, content.item.size == sizes[start + offset] else {
                        throw ExportFailure("The namespace's content changed under its snapshot; this is a bug.")
                    }
                    if let bytes = content.bytes {
                        while !pool.hasRoom(for: bytes.count) { _ = try writeNext(waiting: true) }
                        pool.submit(content.item, bytes: bytes)
                    } else {
                        while try writeNext(waiting: true) {}
                        try writeSlices(of: content.item, to: writer, snapshot: snapshot)
                    }
                    while try writeNext(waiting: false) {}
                }
                listed += contents.count
                start = end
            }
        }
        while try writeNext(waiting: true) {}
        return listed
    }

    /// Workers that deflate contents: the machine's cores, at most 4 (PostgreSQL needs CPU for the same backup).
    static let compressionWorkers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 4))

    /// A large item's bytes, read in slices of ``inlineLimit`` and streamed into its entry on this thread.
    private func writeSlices(of item: ArchiveItem, to writer: ArchiveWriter<LargeObjectSink>,
                             snapshot: ContentSnapshot) throws {
        var check = ContentCheck(item: item)
        try writer.writeContent(of: item) { output in
            var offset: Int64 = 0
            while offset < item.size {
                if isCancelled() { throw BackupError.cancelled(id: backupID) }
                let slice = try snapshot.slice(of: item.path, from: offset, count: Self.inlineLimit)
                guard !slice.isEmpty else { break }
                check.update(slice)
                try output.write(slice)
                offset += Int64(slice.count)
            }
            try check.finish()
        }
    }
}

/// Why an export stopped, as a sentence for the backup's `error`.
struct ExportFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
