import Foundation
import Postgres

/// The steps of writing one item under the namespace lock, kept to few round trips: one statement prepares,
/// one stores.
enum ItemWrite {
    struct Prepared {
        /// What occupied the path and its enclosing paths before this statement.
        let state: PathState
        /// The transaction's time: `updatedAt`, and `createdAt` of a new item.
        let now: Date
        /// The `createdAt` of the item this write replaces, if there was one.
        let previousCreatedAt: Date?
    }

    /// In one statement: reads the path's state, deletes the item being replaced (keeping its `created_at`), and
    /// creates the missing enclosing folders. Run it right after the lock (see ``NamespaceLock``): its reads then
    /// see every earlier writer's commit. The CTEs' reads see the table as before the statement, which is what the
    /// checks need (the deletion touches only the path itself, the inserts only enclosing folders). When the state
    /// forbids the write, the caller throws and the transaction (or savepoint) undoes the rest.
    static func prepare(_ path: ContentPath, in namespaceID: UUID, on connection: PostgresConnection) throws -> Prepared {
        let ancestors = path.ancestors.map(\.string)
        let rows = try connection.query("""
            WITH old AS (
                DELETE FROM items WHERE namespace_id = \(namespaceID) AND path = \(path.string) RETURNING created_at
            ), parents AS (
                INSERT INTO folders (namespace_id, path) SELECT \(namespaceID), unnest(\(ancestors)::text[])
                ON CONFLICT (namespace_id, path) DO NOTHING
            )
            SELECT EXISTS (SELECT 1 FROM folders WHERE namespace_id = \(namespaceID) AND path = \(path.string)),
                   (SELECT min(path) FROM items WHERE namespace_id = \(namespaceID) AND path = ANY(\(ancestors)::text[])),
                   now(),
                   (SELECT created_at FROM old)
            """)
        let row = rows[0]
        let previous = try row.decode(Date?.self, 3)
        let state = PathState(namespaceExists: true, folderExists: try row.decode(Bool.self, 0), itemExists: previous != nil,
                              itemAbove: try row.decode(String?.self, 1))
        return Prepared(state: state, now: try row.decode(Date.self, 2), previousCreatedAt: previous)
    }

    /// Stores the row. Small items go in one INSERT with the bytes bound as a parameter; larger ones by binary
    /// COPY, where the bytes go from memory to the socket in slices instead of being copied whole twice more (into
    /// the parameter array and into libpq's output buffer).
    static func insert(_ item: Item, bytes: [UInt8], into namespaceID: UUID, chunkBytes: Int,
                       on connection: PostgresConnection) throws {
        if bytes.count <= chunkBytes {
            try connection.execute("""
                INSERT INTO items (namespace_id, path, kind, content_type, size, sha256, created_at, updated_at, content)
                VALUES (\(namespaceID), \(item.path), \(item.kind.rawValue), \(item.contentType), \(item.size),
                        \(item.sha256), \(item.createdAt), \(item.updatedAt), \(ByteA(bytes)))
                """)
            return
        }
        try connection.copyIn(ItemRow.copyIn) { copy in
            var writer = CopyRowWriter(writer: copy, flushThreshold: chunkBytes)
            ItemRow.beginRow(item, namespaceID: namespaceID, into: &writer)
            try bytes.withUnsafeBytes { try writer.appendRaw($0) }
            try writer.finish()
        }
    }
}
