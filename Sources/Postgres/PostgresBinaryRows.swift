/// The rows of one result in PostgreSQL's binary format (see ``PostgresConnection/queryBinary(_:)``), copied
/// out of libpq's `PGresult` before it was cleared.
///
/// Binary format sends `bytea` as its raw bytes: half the bytes of text format's hex, and no unescaping.
/// Columns are read with the accessor that matches their type; there is no text-format `decode` here.
public struct PostgresBinaryRows: RandomAccessCollection, Sendable {
    public let columns: [String]
    let cells: [[UInt8]?]   // row-major, binary format

    init(columns: [String], cells: [[UInt8]?]) {
        self.columns = columns
        self.cells = cells
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { columns.isEmpty ? 0 : cells.count / columns.count }
    public subscript(position: Int) -> PostgresBinaryRow { PostgresBinaryRow(rows: self, index: position) }
}

/// One row of a binary-format result.
public struct PostgresBinaryRow: Sendable {
    let rows: PostgresBinaryRows
    let index: Int

    /// A column's binary-format bytes, nil for NULL: for `bytea` the value itself, for `text` its UTF-8.
    public func bytes(_ column: Int) throws -> [UInt8]? {
        guard column >= 0, column < rows.columns.count else {
            throw PostgresError(code: .decoding, message: "column \(column) is out of range (\(rows.columns.count) columns)")
        }
        return rows.cells[index * rows.columns.count + column]
    }

    /// A `text` (or `varchar`, `name`) column.
    public func text(_ column: Int) throws -> String {
        String(decoding: try nonNull(column), as: UTF8.self)
    }

    /// An `int8` column (8 bytes, big-endian).
    public func int64(_ column: Int) throws -> Int64 {
        let bytes = try nonNull(column)
        guard bytes.count == 8 else {
            throw PostgresError(code: .decoding,
                                message: "column '\(rows.columns[column])' has \(bytes.count) bytes, not an int8's 8")
        }
        return bytes.reduce(0) { $0 << 8 | Int64($1) }
    }

    private func nonNull(_ column: Int) throws -> [UInt8] {
        guard let bytes = try bytes(column) else {
            throw PostgresError(code: .decoding, message: "column '\(rows.columns[column])' is NULL")
        }
        return bytes
    }
}
