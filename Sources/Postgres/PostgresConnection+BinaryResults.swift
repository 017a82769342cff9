import Synchronization
internal import CLibPQ

extension PostgresConnection {
    /// Runs a statement (also `FETCH` from a cursor) and returns its rows in binary format, copied out of libpq.
    ///
    /// For bulk `bytea`: text format doubles the bytes on the wire (hex) and needs unescaping; binary format
    /// sends them as they are. Parameters are bound as in ``query(_:)``.
    public func queryBinary(_ query: Query) throws -> PostgresBinaryRows {
        try handle.withLock { handle throws -> PostgresBinaryRows in
            let result = try Self.withParameters(query.bindings) { count, types, values, lengths, formats in
                PQexecParams(handle.raw, query.sql, count, types, values, lengths, formats, 1)
            }
            guard let result, PQresultStatus(result) == PGRES_TUPLES_OK else {
                // An error, or no rows at all: `consume` throws the server's error (and clears the result).
                let rows = try Self.consume(result, handle: handle)
                return PostgresBinaryRows(columns: rows.columns, cells: [])
            }
            defer { PQclear(result) }
            let (columns, cells) = Self.copyCells(result)
            return PostgresBinaryRows(columns: columns, cells: cells)
        }
    }
}
