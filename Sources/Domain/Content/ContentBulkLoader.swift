import Foundation
import Hashing
import Postgres

/// Loads a whole content tree into a namespace with binary COPY — the fast way to insert many items (see sql/0002
/// for the measured rates). Streaming: folders, then items one at a time, each item's bytes read from its source in
/// chunks straight into the COPY; nothing but the set of paths is kept.
///
/// Two entry points: restores use ``load(archive:into:on:)`` (ContentBulkLoader+Archive), whose ``ArchiveReader``
/// has already applied the rules below to every line and checks the bytes as they stream; content from any other
/// source (the benchmark's workloads, tests) goes through the sinks of ``load(folders:items:into:on:)``, which
/// check it themselves. Use either inside one transaction, after ``NamespaceLock/acquire(_:timeout:on:)`` and
/// ``removeContent(of:on:)``:
///
///     try connection.transaction { db in
///         try NamespaceLock.acquire(targetID, timeout: .seconds(30), on: db)
///         try loader.removeContent(of: targetID, on: db)
///         let summary = try loader.load(
///             folders: { sink in for folder in folders { try sink.add(folder) } },
///             items: { sink in
///                 for (item, stream) in items { try sink.add(item) { buffer in try stream.read(into: buffer) } }
///             },
///             into: targetID, on: db)
///     }
///
/// Through the sinks, everything is checked on the way in, and any fault throws (the COPY is aborted; the caller rolls back):
/// every path (``ContentPath``, else `invalidName`), a folder and an item at one path, an item inside an item or a
/// path twice (`pathConflict`), permissions and content types (`invalidPermission`, `invalidContentType`), an item
/// larger than the limit (`itemTooLarge`), and each item's bytes against its `size` and `sha256`
/// (`itemContentMismatch`). Enclosing folders the stream lacks are created with no permissions and listed in the
/// summary. Timestamps are stored as given.
public struct ContentBulkLoader: Sendable {
    public let limits: ContentLimits

    public init(limits: ContentLimits = ContentLimits()) {
        self.limits = limits
    }

    /// Deletes every folder and item of the namespace (the first step of a restore). Call it under the lock.
    @discardableResult
    public func removeContent(of namespaceID: UUID, on connection: PostgresConnection) throws -> DeletedContent {
        let rows = try connection.query("""
            WITH gone_folders AS (DELETE FROM folders WHERE namespace_id = \(namespaceID) RETURNING 1),
                 gone_items AS (DELETE FROM items WHERE namespace_id = \(namespaceID) RETURNING 1)
            SELECT (SELECT count(*) FROM gone_folders), (SELECT count(*) FROM gone_items)
            """)
        return DeletedContent(folders: try rows[0].decode(Int.self, 0), items: try rows[0].decode(Int.self, 1))
    }

    /// Loads folders, then items, into the namespace, which must hold no content yet. Needs an open transaction
    /// (the caller commits); the caller should hold the namespace's lock.
    public func load(folders: (inout FolderSink) throws -> Void, items: (inout ItemSink) throws -> Void,
                     into namespaceID: UUID, on connection: PostgresConnection) throws -> ContentLoadSummary {
        precondition(connection.isInTransaction, "ContentBulkLoader.load needs the caller's transaction")
        var index = ContentPathIndex()
        var folderCount = 0
        try connection.copyIn(FolderSink.copyIn) { copy in
            var sink = FolderSink(namespaceID: namespaceID, writer: CopyRowWriter(writer: copy), index: index)
            try folders(&sink)
            try sink.writer.finish()
            index = sink.index
            folderCount = sink.count
        }
        var itemCount = 0
        var byteCount: Int64 = 0
        try connection.copyIn(ItemRow.copyIn) { copy in
            var sink = ItemSink(namespaceID: namespaceID, writer: CopyRowWriter(writer: copy), index: index, limits: limits)
            try items(&sink)
            try sink.writer.finish()
            index = sink.index
            itemCount = sink.count
            byteCount = sink.bytes
        }
        let missing = index.missingFolders
        try Self.insertImplicitFolders(missing, into: namespaceID, on: connection)
        return ContentLoadSummary(folders: folderCount, implicitFolders: missing, items: itemCount, bytes: byteCount)
    }

    /// Creates the enclosing folders a load lacked, with no permissions.
    static func insertImplicitFolders(_ paths: [String], into namespaceID: UUID, on connection: PostgresConnection) throws {
        guard !paths.isEmpty else { return }
        try connection.execute("""
            INSERT INTO folders (namespace_id, path) SELECT \(namespaceID), unnest(\(paths)::text[])
            """)
    }

    /// ``load(folders:items:into:on:)`` with the folders from a sequence.
    public func load(folders: some Sequence<Folder>, items: (inout ItemSink) throws -> Void,
                     into namespaceID: UUID, on connection: PostgresConnection) throws -> ContentLoadSummary {
        try load(folders: { sink in for folder in folders { try sink.add(folder) } }, items: items,
                 into: namespaceID, on: connection)
    }
}

/// What a bulk load stored.
public struct ContentLoadSummary: Sendable, Equatable {
    /// Folders from the stream.
    public var folders: Int
    /// Enclosing folders the stream lacked, created with no permissions (a restore reports them as a warning).
    public var implicitFolders: [String]
    public var items: Int
    /// The items' bytes in total.
    public var bytes: Int64
}
