import Foundation
import Postgres

extension ContentStore {
    /// Every folder and item's metadata (no bytes), each list sorted by path (`COLLATE "C"`), from one snapshot.
    /// - Throws: ``ContentError/namespaceNotFound(_:)``.
    public func listing(of namespaceID: UUID, on connection: PostgresConnection) throws -> ContentListing {
        try ContentTransaction.read(on: connection) { db in
            try Self.requireNamespace(namespaceID, on: db)
            return ContentListing(folders: try folders(of: namespaceID, on: db), items: try items(of: namespaceID, on: db))
        }
    }

    /// Every folder, sorted by path. Run it in the caller's transaction to pair it with other reads (a backup).
    public func folders(of namespaceID: UUID, on connection: PostgresConnection) throws -> [Folder] {
        let rows = try connection.query("""
            SELECT path, permissions::text, created_at, updated_at FROM folders
             WHERE namespace_id = \(namespaceID) ORDER BY path COLLATE "C"
            """)
        let decoder = JSONDecoder()
        return try rows.map { row in
            Folder(path: try row.decode(String.self, 0),
                   permissions: try decoder.decode([Permission].self, from: Data(row.decode(String.self, 1).utf8)),
                   createdAt: try row.decode(Date.self, 2), updatedAt: try row.decode(Date.self, 3))
        }
    }

    /// Every item's metadata, sorted by path.
    public func items(of namespaceID: UUID, on connection: PostgresConnection) throws -> [Item] {
        let rows = try connection.query("""
            SELECT path, kind, content_type, size, sha256, created_at, updated_at FROM items
             WHERE namespace_id = \(namespaceID) ORDER BY path COLLATE "C"
            """)
        return try rows.map(ItemRow.item(from:))
    }

    /// Streams every item with its bytes, sorted by path, one at a time (memory: one item), in one statement —
    /// what a backup writes into its archive. Run it inside the backup's REPEATABLE READ transaction so that it
    /// sees the same snapshot as ``folders(of:on:)``. `body` must not use the connection.
    /// - Returns: the number of items.
    @discardableResult
    public func forEachItem(of namespaceID: UUID, on connection: PostgresConnection,
                            _ body: (Item, ItemContent) throws -> Void) throws -> Int {
        try ContentTransaction.read(on: connection) { db in
            try db.query("SELECT set_config('nsbackup.read_namespace', \(namespaceID.uuidString.lowercased()), true)")
            var reader = CopyRowReader()
            var count = 0
            try db.copyOut(Query(unsafeSQL: """
                COPY (SELECT \(ItemRow.selectList) FROM items
                       WHERE namespace_id = current_setting('nsbackup.read_namespace')::uuid
                       ORDER BY path COLLATE "C")
                TO STDOUT (FORMAT binary)
                """)) { message in
                guard let fields = try reader.fields(in: message) else { return }
                let item = try ItemRow.item(from: fields)
                try body(item, ItemContent(bytes: fields[7] ?? UnsafeRawBufferPointer(start: nil, count: 0),
                                           chunkBytes: limits.chunkBytes))
                count += 1
            }
            return count
        }
    }
}
