import Foundation
import Postgres
import ZipArchive

extension ContentBulkLoader {
    /// Bytes of COPY data a restore may have queued for the server while it reads on (see
    /// `PostgresConnection.copyIn(_:sendingAhead:_:)`): 2 MiB, tens of milliseconds of the server's work.
    static let sendAhead = 2 << 20

    /// Loads the folders and items of an archive into the namespace, which must hold no content yet: the
    /// restore's path. Needs an open transaction (the caller commits); the caller should hold the namespace's lock.
    ///
    /// Every rule of ``load(folders:items:into:on:)`` is checked once, by `reader`, rather than twice: before it
    /// hands out a line, ``ArchiveReader`` applies the same rules with the same code (``ArchiveLayoutState``:
    /// ``ContentPath``, ``ContentRules``, its own ``ContentPathIndex`` for conflicts and enclosing folders), and it
    /// checks each item's bytes while they stream into the COPY — size and CRC-32 in the ZIP reader, SHA-256 in
    /// ``ArchiveItemContent`` — throwing before the last piece is handed over. So this writes rows without a second
    /// path index or a second SHA-256 per item. What the reader cannot know is still checked here: the item size
    /// limit of these ``limits`` (a restore gives both the same value), and that each item's bytes add up to its
    /// size, so a COPY field is never short.
    ///
    /// Any throw aborts the COPY; the caller rolls back. Enclosing folders the archive lacks are created with no
    /// permissions and listed in the summary.
    /// - Returns: what was stored, and the reader's summary of the archive (``ArchiveReader/finish()``).
    func load<Source>(
        archive reader: ArchiveReader<Source>, into namespaceID: UUID, on connection: PostgresConnection
    ) throws -> (loaded: ContentLoadSummary, archive: ArchiveSummary) {
        precondition(connection.isInTransaction, "ContentBulkLoader.load needs the caller's transaction")
        var folderCount = 0
        try connection.copyIn(FolderSink.copyIn, sendingAhead: Self.sendAhead) { copy in
            var writer = CopyRowWriter(writer: copy)
            try reader.readFolders { folder in
                writer.beginRow(fieldCount: 5)
                writer.uuid(namespaceID)
                writer.text(folder.path)
                writer.jsonb(PermissionsJSON.encode(folder.permissions))
                writer.timestamp(folder.createdAt)
                writer.timestamp(folder.updatedAt)
                try writer.flushIfNeeded()
                folderCount += 1
            }
            try writer.finish()
        }
        var itemCount = 0
        var byteCount: Int64 = 0
        try connection.copyIn(ItemRow.copyIn, sendingAhead: Self.sendAhead) { copy in
            var writer = CopyRowWriter(writer: copy)
            try reader.readItems(verifyContent: true) { item, content in
                guard item.size <= limits.maxItemBytes else {
                    throw ContentError.itemTooLarge(path: item.path, limit: limits.maxItemBytes)
                }
                ItemRow.beginRow(item, namespaceID: namespaceID, into: &writer)
                var written: Int64 = 0
                try content.read { piece in
                    written += Int64(piece.count)
                    guard written <= item.size else { return }
                    try writer.appendRaw(piece)
                }
                guard written == item.size else {
                    throw ContentError.itemContentMismatch(
                        path: item.path, reason: "it has \(written) bytes but its size says \(item.size)")
                }
                try writer.flushIfNeeded()
                itemCount += 1
                byteCount += item.size
            }
            try writer.finish()
        }
        let summary = try reader.finish()
        let missing = summary.missingParentFolders
        try Self.insertImplicitFolders(missing, into: namespaceID, on: connection)
        let loaded = ContentLoadSummary(folders: folderCount, implicitFolders: missing, items: itemCount, bytes: byteCount)
        return (loaded, summary)
    }
}
