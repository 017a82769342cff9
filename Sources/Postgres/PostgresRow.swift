import Foundation

/// The rows of one result, copied out of libpq's `PGresult` before it was cleared.
public struct PostgresRows: RandomAccessCollection, Sendable {
    public let columns: [String]
    let cells: [[UInt8]?]   // row-major, text format
    /// Rows affected by INSERT/UPDATE/DELETE/COPY (`PQcmdTuples`), 0 when not applicable.
    public let affectedRows: Int

    public var startIndex: Int { 0 }
    public var endIndex: Int { columns.isEmpty ? 0 : cells.count / columns.count }
    public subscript(position: Int) -> PostgresRow { PostgresRow(rows: self, index: position) }

    func columnIndex(_ name: String) -> Int? { columns.firstIndex(of: name) }
}

/// One row; decode columns by position or name.
public struct PostgresRow: Sendable {
    let rows: PostgresRows
    let index: Int

    /// The raw text-format bytes of a column, nil for NULL.
    public func raw(_ column: Int) -> [UInt8]? {
        rows.cells[index * rows.columns.count + column]
    }

    public func decode<T: PostgresDecodable>(_ type: T.Type, _ column: Int) throws -> T {
        guard column >= 0, column < rows.columns.count else {
            throw PostgresError(code: .decoding, message: "column \(column) is out of range (\(rows.columns.count) columns)")
        }
        guard let bytes = raw(column) else {
            if let nullable = T.self as? any PostgresNullDecodable.Type, let value = nullable.nullValue as? T {
                return value
            }
            throw PostgresError(code: .decoding, message: "column '\(rows.columns[column])' is NULL, expected \(T.self)")
        }
        do { return try T(postgresText: bytes) } catch {
            throw PostgresError(code: .decoding, message: "column '\(rows.columns[column])': \((error as? PostgresError)?.message ?? "\(error)")")
        }
    }

    public func decode<T: PostgresDecodable>(_ type: T.Type, _ name: String) throws -> T {
        guard let column = rows.columnIndex(name) else {
            throw PostgresError(code: .decoding, message: "no column named '\(name)' in \(rows.columns)")
        }
        return try decode(type, column)
    }
}
