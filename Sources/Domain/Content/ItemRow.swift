import Foundation
import Postgres

/// The `items` columns as binary COPY sees them, in one place for the writers (PUT, bulk load) and readers.
enum ItemRow {
    /// Content last: its bytes stream into the COPY after every other field is known.
    static let copyIn: Query = """
        COPY items (namespace_id, path, kind, content_type, size, sha256, created_at, updated_at, content)
        FROM STDIN (FORMAT binary)
        """
    static let fieldCount = 9

    /// Writes every field but the content, then begins the content field (`item.size` bytes must follow).
    static func beginRow(_ item: Item, namespaceID: UUID, into writer: inout CopyRowWriter) {
        writer.beginRow(fieldCount: fieldCount)
        writer.uuid(namespaceID)
        writer.text(item.path)
        writer.text(item.kind.rawValue)
        writer.text(item.contentType)
        writer.int64(item.size)
        writer.text(item.sha256)
        writer.timestamp(item.createdAt)
        writer.timestamp(item.updatedAt)
        writer.beginField(length: Int(item.size))
    }

    /// ``beginRow(_:namespaceID:into:)`` for an archive's item line (timestamps exact, in microseconds).
    static func beginRow(_ item: ArchiveItem, namespaceID: UUID, into writer: inout CopyRowWriter) {
        writer.beginRow(fieldCount: fieldCount)
        writer.uuid(namespaceID)
        writer.text(item.path)
        writer.text(item.kind.rawValue)
        writer.text(item.contentType)
        writer.int64(item.size)
        writer.text(item.sha256)
        writer.timestamp(item.createdAt)
        writer.timestamp(item.updatedAt)
        writer.beginField(length: Int(item.size))
    }

    /// The select list of ``item(from:)``, content last.
    static let selectList = "path, kind, content_type, size, sha256, created_at, updated_at, content"

    /// Decodes a row of ``selectList`` from binary COPY fields; the content is `fields[7]`.
    static func item(from fields: [UnsafeRawBufferPointer?]) throws -> Item {
        guard fields.count == 8 else {
            throw PostgresCopyFormatError(message: "an items row has \(fields.count) fields, expected 8")
        }
        let kindText = try CopyRowReader.text(fields[1])
        guard let kind = ItemKind(rawValue: kindText) else {
            throw PostgresCopyFormatError(message: "unknown item kind '\(kindText)' in the database")
        }
        return Item(path: try CopyRowReader.text(fields[0]), kind: kind, contentType: try CopyRowReader.text(fields[2]),
                    size: try CopyRowReader.int64(fields[3]), sha256: try CopyRowReader.text(fields[4]),
                    createdAt: try CopyRowReader.timestamp(fields[5]), updatedAt: try CopyRowReader.timestamp(fields[6]))
    }

    /// Decodes an item from a text-format row of `path, kind, content_type, size, sha256, created_at, updated_at`.
    static func item(from row: PostgresRow) throws -> Item {
        let kindText = try row.decode(String.self, 1)
        guard let kind = ItemKind(rawValue: kindText) else {
            throw PostgresError(code: .decoding, message: "unknown item kind '\(kindText)' in the database")
        }
        return Item(path: try row.decode(String.self, 0), kind: kind, contentType: try row.decode(String.self, 2),
                    size: try row.decode(Int64.self, 3), sha256: try row.decode(String.self, 4),
                    createdAt: try row.decode(Date.self, 5), updatedAt: try row.decode(Date.self, 6))
    }
}
