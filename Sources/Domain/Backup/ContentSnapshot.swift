import Foundation
import Hashing
import Postgres

/// Reads one namespace's folders and items through server-side cursors, inside the caller's transaction (for a
/// backup: REPEATABLE READ, so that every cursor sees the same snapshot). Rows come in fixed-size batches;
/// timestamps as integer microseconds, so they reach the archive exactly.
///
/// This reads the content tables directly (`sql/0002`); it has no writer of its own.
struct ContentSnapshot {
    let db: PostgresConnection
    let namespaceID: UUID

    /// One row of the content cursor: an item's metadata and, unless it is large, its bytes.
    struct Content {
        var item: ArchiveItem
        var bytes: [UInt8]?
    }

    func forEachFolder(_ body: (ArchiveFolder) throws -> Void) throws {
        let decoder = JSONDecoder()
        try withCursor("nsb_folders", """
            SELECT path, permissions::text, (extract(epoch FROM created_at) * 1000000)::int8,
                   (extract(epoch FROM updated_at) * 1000000)::int8
            FROM folders WHERE namespace_id = \(namespaceID) ORDER BY path
            """, batch: NamespaceExport.metadataBatch, fetch: db.query) { rows in
            for row in rows {
                let permissions = try decoder.decode([Permission].self, from: Data(try row.decode(String.self, 1).utf8))
                try body(ArchiveFolder(
                    path: try row.decode(String.self, 0), permissions: permissions,
                    createdAt: ArchiveTimestamp(microseconds: try row.decode(Int64.self, 2)),
                    updatedAt: ArchiveTimestamp(microseconds: try row.decode(Int64.self, 3))))
            }
        }
    }

    /// Item metadata by path, `size` rows at a time, each with its entry name (binary format: no number parsing).
    func forEachItemBatch(size: Int, _ body: ([ArchiveItem]) throws -> Void) throws {
        try withCursor("nsb_item_list", Query(unsafeSQL: "SELECT " + Self.itemColumns + """

            FROM items WHERE namespace_id = $1 ORDER BY path
            """, bindings: [namespaceID.postgresValue]), batch: size, fetch: db.queryBinary) { rows in
            try body(try rows.map { try Self.item(from: $0) })
        }
    }

    /// The columns ``item(from:)`` reads, in its order; timestamps as integer microseconds.
    private static let itemColumns = """
        path, kind, content_type, size, sha256, (extract(epoch FROM created_at) * 1000000)::int8,
               (extract(epoch FROM updated_at) * 1000000)::int8
        """

    /// An item from the first columns of a binary-format row selecting ``itemColumns``.
    private static func item(from row: PostgresBinaryRow) throws -> ArchiveItem {
        let path = try row.text(0)
        let kindText = try row.text(1)
        guard let kind = ItemKind(rawValue: kindText) else {
            throw ExportFailure("The item '\(path)' has the unknown kind '\(kindText)'.")
        }
        return ArchiveItem(
            path: path, kind: kind, contentType: try row.text(2), size: try row.int64(3), sha256: try row.text(4),
            createdAt: ArchiveTimestamp(microseconds: try row.int64(5)),
            updatedAt: ArchiveTimestamp(microseconds: try row.int64(6)),
            entry: ArchiveEntryName.forItem(path: path))
    }

    /// Item paths and sizes by path (the order of every other item cursor), `size` rows at a time: what the next
    /// rows of the content cursor will weigh, and which items they must be. Binary format: nothing to parse.
    func forEachSizeBatch(size: Int, _ body: ([(path: String, size: Int64)]) throws -> Void) throws {
        try withCursor("nsb_item_sizes", """
            SELECT path, size FROM items WHERE namespace_id = \(namespaceID) ORDER BY path
            """, batch: size, fetch: db.queryBinary) { rows in
            try body(try rows.map { (try $0.text(0), try $0.int64(1)) })
        }
    }

    /// Opens the cursor ``fetchContent(count:)`` reads: item metadata and bytes by path, NULL bytes for items over
    /// `inlineLimit`.
    func openContentCursor(inlineLimit: Int64) throws {
        try db.execute(Query(unsafeSQL: "DECLARE nsb_content NO SCROLL CURSOR FOR SELECT " + Self.itemColumns + """
            , CASE WHEN size <= $1 THEN content END
            FROM items WHERE namespace_id = $2 ORDER BY path
            """, bindings: [inlineLimit.postgresValue, namespaceID.postgresValue]))
    }

    /// The next `count` rows of the content cursor, in binary format (bytea as raw bytes, not hex text; numbers
    /// as 8 bytes, not digits), each with its entry name.
    func fetchContent(count: Int) throws -> [Content] {
        let rows = try db.queryBinary(Query(unsafeSQL: "FETCH \(count) FROM nsb_content"))
        return try rows.map { row in Content(item: try Self.item(from: row), bytes: try row.bytes(7)) }
    }

    /// `count` bytes of a large item's content from `offset` (0-based). PostgreSQL has `substring(bytea, int4,
    /// int4)` only (a bytea is at most 1 GiB), so the bound `int8` values are cast.
    func slice(of path: String, from offset: Int64, count: Int64) throws -> [UInt8] {
        let rows = try db.query("""
            SELECT substring(content FROM \(offset + 1)::int4 FOR \(count)::int4) FROM items
            WHERE namespace_id = \(namespaceID) AND path = \(path)
            """)
        guard let row = rows.first else { throw ExportFailure("The item '\(path)' vanished from the snapshot; this is a bug.") }
        return try row.decode(ByteA.self, 0).bytes
    }

    /// DECLARE, FETCH `batch` rows with `fetch` (``PostgresConnection/query(_:)``, or `queryBinary` for binary
    /// rows) until none are left, CLOSE. The cursor name is a constant of this module.
    private func withCursor<Rows: Collection>(
        _ name: String, _ query: Query, batch: Int, fetch: (Query) throws -> Rows, _ body: (Rows) throws -> Void
    ) throws {
        try db.execute(Query(unsafeSQL: "DECLARE \(name) NO SCROLL CURSOR FOR " + query.sql, bindings: query.bindings))
        while true {
            let rows = try fetch(Query(unsafeSQL: "FETCH \(batch) FROM \(name)"))
            if rows.isEmpty { break }
            try body(rows)
        }
        try db.execute(Query(unsafeSQL: "CLOSE \(name)"))
    }
}

/// Checks that the bytes written for an item have the size and SHA-256 its row says.
struct ContentCheck: ~Copyable {
    let item: ArchiveItem
    private var digest: SHA256? = SHA256()
    private var count: Int64 = 0

    init(item: ArchiveItem) { self.item = item }

    mutating func update(_ bytes: [UInt8]) {
        digest?.update(bytes)
        count += Int64(bytes.count)
    }

    /// Call once, after the last update.
    mutating func finish() throws {
        guard count == item.size else {
            throw ExportFailure("The item '\(item.path)' has \(count) bytes but its size says \(item.size).")
        }
        let actual = digest.take()?.finalizeHex() ?? ""
        guard actual == item.sha256 else {
            throw ExportFailure("The item '\(item.path)' is damaged: its bytes do not match its stored SHA-256.")
        }
    }
}
