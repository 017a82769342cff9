import Foundation
import Synchronization
internal import CLibPQ

/// One PostgreSQL connection over libpq.
///
/// Every libpq call happens while holding `handle`'s lock, so the type is `Sendable` without
/// `@unchecked`. The lock protects memory, not transactions: a connection is lent to one borrower at a time
/// by `ConnectionPool`, and that borrower owns the session (its transaction, COPY or large-object state).
///
/// All calls block the calling thread (libpq is synchronous); call them from worker threads, never from
/// Swift's cooperative pool. Blocking is bounded: connecting by `connect_timeout`, statements by
/// `statement_timeout` (see `setStatementTimeout`), dead peers by TCP keepalives.
public final class PostgresConnection: Sendable {
    let handle: Mutex<ConnectionHandle>

    /// Connects with a libpq URI (`postgresql://…`) or keyword string (`host=… dbname=…`); an empty string
    /// uses libpq's `PG*` environment variables. `overrides` (e.g. `["dbname": "other"]`) win over both.
    public init(conninfo: String, overrides: [String: String] = [:],
                noticeHandler: @escaping @Sendable (String) -> Void = { _ in }) throws {
        // Defaults first; the expanded conninfo and then the overrides replace them (libpq: later wins).
        var pairs: [(String, String)] = [
            ("connect_timeout", "10"), ("application_name", "nsbackup"),
            ("keepalives", "1"), ("keepalives_idle", "30"), ("keepalives_interval", "10"), ("keepalives_count", "3"),
            ("dbname", conninfo),
        ]
        pairs += overrides.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        let raw = withCStrings(pairs.map { $0.0 }) { keys in
            withCStrings(pairs.map { $0.1 }) { values in
                PQconnectdbParams(keys + [nil], values + [nil], 1)
            }
        }
        guard let raw else { throw PostgresError(code: .connectionFailed, message: "libpq is out of memory") }
        let handle = ConnectionHandle(raw: raw, notices: NoticeSink(noticeHandler))
        guard PQstatus(raw) == CONNECTION_OK else {
            throw PostgresError(code: .connectionFailed, message: handle.errorMessage)
        }
        self.handle = Mutex(handle)
        // Timestamps are exchanged in UTC ISO text; see PostgresTimestamp.
        try executeScript(unsafeSQL: "SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'; SET client_encoding = 'UTF8'")
    }

    /// Runs a statement and returns its rows, copied out of libpq.
    @discardableResult
    public func query(_ query: Query) throws -> PostgresRows {
        try handle.withLock { handle throws -> PostgresRows in
            let result = try Self.withParameters(query.bindings) { count, types, values, lengths, formats in
                PQexecParams(handle.raw, query.sql, count, types, values, lengths, formats, 0)
            }
            return try Self.consume(result, handle: handle)
        }
    }

    /// Runs a statement and returns the number of rows it affected.
    @discardableResult
    public func execute(_ query: Query) throws -> Int {
        try self.query(query).affectedRows
    }

    /// Runs several `;`-separated statements without parameters (migrations, session settings).
    public func executeScript(unsafeSQL sql: String) throws {
        try handle.withLock { handle throws in
            _ = try Self.consume(PQexec(handle.raw, sql), handle: handle)
        }
    }

    /// False once libpq knows the connection is broken. Reads whatever the server already sent (for example
    /// the FATAL message of a terminated backend) without waiting, so a dead connection is noticed before
    /// it is lent out again.
    public var isUsable: Bool {
        handle.withLock { handle in
            if handle.isBad { return false }
            if PQtransactionStatus(handle.raw) == PQTRANS_ACTIVE { return false }
            // A terminated backend sends its FATAL message and then closes: the first read takes the message,
            // the second sees the end of the stream and marks the connection bad. Neither read blocks.
            for _ in 0..<2 where PQconsumeInput(handle.raw) == 0 || handle.isBad { return false }
            return true
        }
    }

    /// Whether a transaction block is open (idle in transaction, or failed in transaction).
    public var isInTransaction: Bool {
        handle.withLock { handle in
            let status = PQtransactionStatus(handle.raw)
            return status == PQTRANS_INTRANS || status == PQTRANS_INERROR
        }
    }

    /// The server's process id for this session (useful for `pg_terminate_backend` in tests).
    public var backendPID: Int32 {
        handle.withLock { PQbackendPID($0.raw) }
    }
}
