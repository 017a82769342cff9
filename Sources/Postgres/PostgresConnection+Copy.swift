import Synchronization
internal import CLibPQ

/// Streams bytes into a running `COPY … FROM STDIN`. Only valid inside the producer closure of `copyIn`.
public struct CopyInWriter: Sendable {
    let connection: PostgresConnection
    /// The queue of ``PostgresConnection/copyIn(_:sendingAhead:_:)``; nil: each write sends before returning.
    let sender: CopySender?

    /// Sends `bytes` (or, with a send-ahead queue, queues a copy of them).
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        if let sender { return try sender.enqueue(bytes) }
        if let error = Self.put(bytes, on: connection) { throw error }
    }

    public func write(_ bytes: [UInt8]) throws {
        let result = bytes.withUnsafeBytes { buffer in Result { () throws in try write(buffer) } }
        try result.get()
    }

    /// `PQputCopyData` in slices the protocol can carry; blocks until libpq took every byte.
    static func put(_ bytes: UnsafeRawBufferPointer, on connection: PostgresConnection) -> PostgresError? {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return nil }
        var offset = 0
        while offset < bytes.count {
            let count = min(bytes.count - offset, 1 << 30)
            let status = connection.withRawHandle { raw in
                PQputCopyData(raw, (base + offset).assumingMemoryBound(to: CChar.self), Int32(count))
            }
            guard status == 1 else { return connection.lastError("sending COPY data failed") }
            offset += count
        }
        return nil
    }
}

extension PostgresConnection {
    /// Runs `COPY … FROM STDIN` and streams what `producer` writes. Returns the number of rows copied.
    ///
    /// When `producer` throws, the COPY is ended with an error message (the server rolls the statement back),
    /// the results are drained so the connection stays usable, and the producer's error is rethrown.
    /// The producer must not run other statements on this connection.
    @discardableResult
    public func copyIn(_ query: Query, _ producer: (CopyInWriter) throws -> Void) throws -> Int {
        try copyIn(query, sendingAhead: 0, producer)
    }

    /// ``copyIn(_:_:)`` whose writes return as soon as their bytes are queued: a thread of its own sends them
    /// while the producer makes the next ones, with at most `queueLimit` bytes waiting (0: no queue, no thread).
    /// For bulk loads whose producer has work of its own between writes (see ``CopySender`` for why). The thread
    /// has ended when this returns or throws; a failed send is thrown by the producer's next write or at the end.
    @discardableResult
    public func copyIn(_ query: Query, sendingAhead queueLimit: Int, _ producer: (CopyInWriter) throws -> Void) throws -> Int {
        try startCopy(query, expecting: PGRES_COPY_IN)
        let sender = queueLimit > 0 ? CopySender(connection: self, limit: queueLimit) : nil
        do {
            try producer(CopyInWriter(connection: self, sender: sender))
            try sender?.finish()
        } catch {
            sender?.abort()
            _ = withRawHandle { raw in PQputCopyEnd(raw, "the data producer failed") }
            _ = try? drainResults()
            throw error
        }
        let ended = withRawHandle { raw in PQputCopyEnd(raw, nil) }
        guard ended == 1 else {
            let error = lastError("ending COPY failed")
            _ = try? drainResults()
            throw error
        }
        return try drainResults()
    }

    /// Runs `COPY … TO STDOUT` and hands each chunk (one row in text format) to `consumer`.
    /// Returns the number of rows. When `consumer` throws, the COPY is cancelled and drained.
    @discardableResult
    public func copyOut(_ query: Query, _ consumer: (UnsafeRawBufferPointer) throws -> Void) throws -> Int {
        try startCopy(query, expecting: PGRES_COPY_OUT)
        while true {
            var buffer: UnsafeMutablePointer<CChar>? = nil
            let length = withRawHandle { raw in PQgetCopyData(raw, &buffer, 0) }
            if length == -1 { break }                       // done: the final result follows
            if length == -2 { _ = try? drainResults(); throw lastError("receiving COPY data failed") }
            guard let chunk = buffer else { continue }
            defer { PQfreemem(chunk) }
            do {
                try consumer(UnsafeRawBufferPointer(start: chunk, count: Int(length)))
            } catch {
                cancelRunningStatement()
                _ = try? drainResults()
                throw error
            }
        }
        return try drainResults()
    }

    /// Asks the server to cancel the statement this connection is running (bounded by connect_timeout).
    public func cancelRunningStatement() {
        withRawHandle { raw in
            guard let cancel = PQgetCancel(raw) else { return }
            defer { PQfreeCancel(cancel) }
            var message = [CChar](repeating: 0, count: 256)
            _ = PQcancel(cancel, &message, Int32(message.count))
        }
    }

    private func startCopy(_ query: Query, expecting status: ExecStatusType) throws {
        try handle.withLock { handle throws in
            let result = try Self.withParameters(query.bindings) { count, types, values, lengths, formats in
                PQexecParams(handle.raw, query.sql, count, types, values, lengths, formats, 0)
            }
            guard let result, PQresultStatus(result) == status else {
                // Not a COPY of the expected direction: report the server's error (or the surprise).
                _ = try Self.consume(result, handle: handle)
                throw PostgresError(code: .protocolViolation, message: "statement is not a COPY in the expected direction")
            }
            PQclear(result)
        }
    }

    /// Reads results until libpq has none left; throws the first error, returns the affected rows.
    private func drainResults() throws -> Int {
        var firstError: PostgresError?
        var rows = 0
        while true {
            let outcome: Result<PostgresRows, any Error>? = handle.withLock { handle in
                guard let result = PQgetResult(handle.raw) else { return nil }
                switch PQresultStatus(result) {
                case PGRES_COPY_IN:
                    PQclear(result)
                    _ = PQputCopyEnd(handle.raw, "aborted")
                    return .success(PostgresRows(columns: [], cells: [], affectedRows: 0))
                case PGRES_COPY_OUT:
                    // Still streaming (e.g. after a cancel): discard the rest until the server ends the COPY.
                    PQclear(result)
                    var buffer: UnsafeMutablePointer<CChar>? = nil
                    while PQgetCopyData(handle.raw, &buffer, 0) >= 0 {
                        if let chunk = buffer { PQfreemem(chunk) }
                        buffer = nil
                    }
                    return .success(PostgresRows(columns: [], cells: [], affectedRows: 0))
                default:
                    break
                }
                return Result { () throws in try Self.consume(result, handle: handle) }
            }
            guard let outcome else { break }
            switch outcome {
            case .success(let result): rows = max(rows, result.affectedRows)
            case .failure(let error):
                if firstError == nil {
                    firstError = error as? PostgresError ?? PostgresError(code: .protocolViolation, message: "\(error)")
                }
            }
            if firstError == nil, isBrokenNow { firstError = lastError("connection lost during COPY") }
            if isBrokenNow { break }
        }
        if let firstError { throw firstError }
        return rows
    }

    private var isBrokenNow: Bool { handle.withLock { $0.isBad } }
}
