/// Advisory locks (PostgreSQL §13.3.5). Keys are 64-bit; callers derive them from stable ids.
///
/// Session locks outlive transactions and are released by `advisoryUnlock` or when the session ends —
/// including when the process holding it is killed, which is what makes them useful to tell a running
/// job from an abandoned one. Transaction locks end with the transaction.
extension PostgresConnection {
    public func tryAdvisoryLock(_ key: Int64) throws -> Bool {
        try query("SELECT pg_try_advisory_lock(\(key))")[0].decode(Bool.self, 0)
    }

    /// Waits for the lock, bounded by the session's `lock_timeout` (then SQLSTATE 55P03).
    public func advisoryLock(_ key: Int64) throws {
        try query("SELECT pg_advisory_lock(\(key))")
    }

    @discardableResult
    public func advisoryUnlock(_ key: Int64) throws -> Bool {
        try query("SELECT pg_advisory_unlock(\(key))")[0].decode(Bool.self, 0)
    }

    public func tryTransactionAdvisoryLock(_ key: Int64) throws -> Bool {
        try query("SELECT pg_try_advisory_xact_lock(\(key))")[0].decode(Bool.self, 0)
    }

    /// Waits for a transaction-scoped lock, bounded by `lock_timeout`.
    public func transactionAdvisoryLock(_ key: Int64) throws {
        try query("SELECT pg_advisory_xact_lock(\(key))")
    }

    /// Whether any session holds the lock `key` (a session's own lock included).
    public func isAdvisoryLockHeld(_ key: Int64) throws -> Bool {
        // A bigint key is stored as classid = high 32 bits, objid = low 32 bits, objsubid = 1.
        let high = Int64(UInt64(bitPattern: key) >> 32)
        let low = Int64(UInt64(bitPattern: key) & 0xFFFF_FFFF)
        return try query("""
            SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted
                           AND classid::bigint = \(high) AND objid::bigint = \(low) AND objsubid = 1
                           AND database = (SELECT oid FROM pg_database WHERE datname = current_database()))
            """)[0].decode(Bool.self, 0)
    }
}
