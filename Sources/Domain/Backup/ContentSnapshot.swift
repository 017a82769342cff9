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

    /// One row of the content cursor: an item's path and, unless it is large, its bytes.
    struct Content {
        var path: String
        var bytes: [UInt8]?
    }

    func forEachFolder(_ body: (ArchiveFolder) throws -> Void) throws {
        let decoder = JSONDecoder()
        try withCursor("nsb_folders", """
            SELECT path, permissions::text, (extract(epoch FROM created_at) * 1000000)::int8,
                   (extract(epoch FROM updated_at) * 1000000)::int8
            FROM folders WHERE namespace_id = \(namespaceID) ORDER BY path
            """, batch: NamespaceExport.metadataBatch) { rows in
            for row in rows {
                let permissions = try decoder.decode([Permission].self, from: Data(try row.decode(String.self, 1).utf8))
                try body(ArchiveFolder(
                    path: try row.decode(String.self, 0), permissions: permissions,
                    createdAt: ArchiveTimestamp(microseconds: try row.decode(Int64.self, 2)),
                    updatedAt: ArchiveTimestamp(microseconds: try row.decode(Int64.self, 3))))
            }
        }
    }

    /// Item metadata by path, `size` rows at a time, each with its entry name.
    func forEachItemBatch(cursor: String, size: Int, _ body: ([ArchiveItem]) throws -> Void) throws {
        try withCursor(cursor, """
            SELECT path, kind, content_type, size, sha256, (extract(epoch FROM created_at) * 1000000)::int8,
                   (extract(epoch FROM updated_at) * 1000000)::int8
            FROM items WHERE namespace_id = \(namespaceID) ORDER BY path
            """, batch: size) { rows in
            try body(try rows.map { row in
                let path = try row.decode(String.self, 0)
                let kindText = try row.decode(String.self, 1)
                guard let kind = ItemKind(rawValue: kindText) else {
                    throw ExportFailure("The item '\(path)' has the unknown kind '\(kindText)'.")
                }
                return ArchiveItem(
                    path: path, kind: kind, contentType: try row.decode(String.self, 2), size: try row.decode(Int64.self, 3),
                    sha256: try row.decode(String.self, 4),
                    createdAt: ArchiveTimestamp(microseconds: try row.decode(Int64.self, 5)),
                    updatedAt: ArchiveTimestamp(microseconds: try row.decode(Int64.self, 6)),
                    entry: ArchiveEntryName.forItem(path: path))
            })
        }
    }

    /// Opens the cursor ``fetchContent(count:)`` reads: item bytes by path, NULL for items over `inlineLimit`.
    func openContentCursor(inlineLimit: Int64) throws {
        try db.execute("""
            DECLARE nsb_content NO SCROLL CURSOR FOR
            SELECT path, CASE WHEN size <= \(inlineLimit) THEN content END
            FROM items WHERE namespace_id = \(namespaceID) ORDER BY path
            """)
    }

    /// The next `count` rows of the content cursor, in binary format (bytea as raw bytes, not hex text).
    func fetchContent(count: Int) throws -> [Content] {
        let rows = try db.queryBinary(Query(unsafeSQL: "FETCH \(count) FROM nsb_content"))
        return try rows.map { row in
            Content(path: try row.text(0), bytes: try row.bytes(1))
        }
    }

    /// `count` bytes of a large item's content from `offset` (0-based).
    func slice(of path: String, from offset: Int64, count: Int64) throws -> [UInt8] {
        let rows = try db.query("""
            SELECT substring(content FROM \(offset + 1) FOR \(count)) FROM items
            WHERE namespace_id = \(namespaceID) AND path = \(path)
            """)
        guard let row = rows.first else { throw ExportFailure("The item '\(path)' vanished from the snapshot; this is a bug.") }
        return try row.decode(ByteA.self, 0).bytes
    }

    /// DECLARE, FETCH `batch` rows until none are left, CLOSE. The cursor name is a constant of this file.
    private func withCursor(_ name: String, _ query: Query, batch: Int, _ body: (PostgresRows) throws -> Void) throws {
        try db.execute(Query(unsafeSQL: "DECLARE \(name) NO SCROLL CURSOR FOR " + query.sql, bindings: query.bindings))
        while true {
            let rows = try db.query(Query(unsafeSQL: "FETCH \(batch) FROM \(name)"))
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
