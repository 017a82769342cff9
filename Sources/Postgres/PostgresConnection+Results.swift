internal import CLibPQ

extension PostgresConnection {
    /// Calls `body` with libpq's parameter arrays for `bindings`. Pointers are valid only inside `body`.
    static func withParameters<R>(
        _ bindings: [PostgresValue],
        _ body: (Int32, [Oid], [UnsafePointer<CChar>?], [Int32], [Int32]) throws -> R
    ) throws -> R {
        var storage: [UInt8] = []
        var offsets: [Int?] = []
        var lengths: [Int32] = []
        for value in bindings {
            guard let bytes = value.bytes else {
                offsets.append(nil)
                lengths.append(0)
                continue
            }
            if value.format == .text, bytes.contains(0) {
                throw PostgresError(code: .server, message: "a text parameter contains a NUL byte, which PostgreSQL text cannot store",
                                    sqlState: "22021")
            }
            guard bytes.count < Int32.max else {
                throw PostgresError(code: .server, message: "a parameter of \(bytes.count) bytes exceeds the protocol's limit")
            }
            offsets.append(storage.count)
            storage.append(contentsOf: bytes)
            storage.append(0)   // text parameters are read as C strings
            lengths.append(Int32(bytes.count))
        }
        let types = bindings.map { Oid($0.typeOID) }
        let formats = bindings.map { $0.format.rawValue }
        return try storage.withUnsafeBufferPointer { buffer throws -> R in
            // Every non-NULL value appended at least its terminating NUL, so `base` exists whenever an offset does.
            let base = UnsafeRawPointer(buffer.baseAddress)
            let values: [UnsafePointer<CChar>?] = offsets.map { offset in
                guard let offset, let base else { return nil }
                return (base + offset).assumingMemoryBound(to: CChar.self)
            }
            return try body(Int32(bindings.count), types, values, lengths, formats)
        }
    }

    /// Turns a `PGresult` into rows or an error, clearing it exactly once.
    static func consume(_ result: OpaquePointer?, handle: borrowing ConnectionHandle) throws -> PostgresRows {
        guard let result else {
            throw PostgresError(code: handle.isBad ? .connectionFailed : .protocolViolation, message: handle.errorMessage)
        }
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return materialize(result)
        case PGRES_FATAL_ERROR, PGRES_NONFATAL_ERROR, PGRES_BAD_RESPONSE:
            throw error(from: result, handle: handle)
        default:
            let status = String(cString: PQresStatus(PQresultStatus(result)))
            throw PostgresError(code: .protocolViolation, message: "unexpected result status \(status)")
        }
    }

    static func materialize(_ result: OpaquePointer) -> PostgresRows {
        let (columns, cells) = copyCells(result)
        let affected = Int(String(cString: PQcmdTuples(result))) ?? 0
        return PostgresRows(columns: columns, cells: cells, affectedRows: affected)
    }

    /// The column names and every cell (row-major, nil for NULL), copied out of `result`.
    static func copyCells(_ result: OpaquePointer) -> (columns: [String], cells: [[UInt8]?]) {
        let rowCount = Int(PQntuples(result))
        let columnCount = Int(PQnfields(result))
        let columns = (0..<columnCount).map { String(cString: PQfname(result, Int32($0))) }
        var cells: [[UInt8]?] = []
        cells.reserveCapacity(rowCount * columnCount)
        for row in 0..<Int32(rowCount) {
            for column in 0..<Int32(columnCount) {
                if PQgetisnull(result, row, column) == 1 {
                    cells.append(nil)
                } else {
                    let length = Int(PQgetlength(result, row, column))
                    let pointer = UnsafeRawPointer(PQgetvalue(result, row, column)!)
                    cells.append(Array(UnsafeRawBufferPointer(start: pointer, count: length)))
                }
            }
        }
        return (columns, cells)
    }

    /// Reads the diagnostic fields before the result is cleared.
    static func error(from result: OpaquePointer, handle: borrowing ConnectionHandle) -> PostgresError {
        func field(_ code: UInt8) -> String? {
            guard let value = PQresultErrorField(result, CInt(code)) else { return nil }
            return String(cString: value)
        }
        let sqlState = field(UInt8(ascii: "C"))
        let message = field(UInt8(ascii: "M")) ?? String(cString: PQresultErrorMessage(result)).trimmingWhitespace()
        // An error without SQLSTATE was made by libpq itself ("server closed the connection unexpectedly", "no
        // connection to the server"): the connection is gone even while PQstatus still says OK, which it does
        // until libpq next reads the socket. Found by the reliability suite (stopping PostgreSQL mid-upload).
        return PostgresError(code: sqlState == nil ? .connectionFailed : .server,
                             message: message.isEmpty ? handle.errorMessage : message,
                             sqlState: sqlState, detail: field(UInt8(ascii: "D")), hint: field(UInt8(ascii: "H")),
                             constraint: field(UInt8(ascii: "n")))
    }
}

/// Calls `body` with NUL-terminated C strings for `values`. The pointers are valid only inside `body`.
func withCStrings<R>(_ values: [String], _ body: ([UnsafePointer<CChar>?]) throws -> R) rethrows -> R {
    var storage: [CChar] = []
    var offsets: [Int] = []
    for value in values {
        offsets.append(storage.count)
        storage.append(contentsOf: value.utf8CString)
    }
    return try storage.withUnsafeBufferPointer { buffer in
        try body(offsets.map { buffer.baseAddress! + $0 })
    }
}
