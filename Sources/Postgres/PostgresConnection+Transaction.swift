/// Transaction isolation levels (PostgreSQL's names).
public enum IsolationLevel: String, Sendable {
    case readCommitted = "READ COMMITTED"
    case repeatableRead = "REPEATABLE READ"
    case serializable = "SERIALIZABLE"
}

extension PostgresConnection {
    /// Runs `body` between BEGIN and COMMIT: commits when it returns, rolls back when it throws.
    ///
    /// The caller always sees the error from `body`; a failing ROLLBACK (typically a lost connection,
    /// which the pool then discards) never replaces it. A failing COMMIT is the caller's error.
    public func transaction<R>(isolation: IsolationLevel = .readCommitted, readOnly: Bool = false,
                               _ body: (PostgresConnection) throws -> R) throws -> R {
        let mode = readOnly ? " READ ONLY" : ""
        try executeScript(unsafeSQL: "BEGIN ISOLATION LEVEL \(isolation.rawValue)\(mode)")
        let result: R
        do {
            result = try body(self)
        } catch {
            try? executeScript(unsafeSQL: "ROLLBACK")
            throw error
        }
        try executeScript(unsafeSQL: "COMMIT")
        return result
    }

    /// Runs `body` inside a savepoint of the current transaction: on error, only its work is undone and
    /// the transaction stays usable.
    public func savepoint<R>(_ body: (PostgresConnection) throws -> R) throws -> R {
        try executeScript(unsafeSQL: "SAVEPOINT nsbackup_savepoint")
        do {
            let result = try body(self)
            try executeScript(unsafeSQL: "RELEASE SAVEPOINT nsbackup_savepoint")
            return result
        } catch {
            try? executeScript(unsafeSQL: "ROLLBACK TO SAVEPOINT nsbackup_savepoint; RELEASE SAVEPOINT nsbackup_savepoint")
            throw error
        }
    }

    /// Sets `statement_timeout` for the session, or only for the current transaction when `local`.
    /// Zero disables it.
    public func setStatementTimeout(milliseconds: Int, local: Bool = false) throws {
        try query("SELECT set_config('statement_timeout', \(String(milliseconds)), \(local))")
    }

    /// Sets `lock_timeout` (also bounds waits for advisory locks), for the session or the transaction.
    public func setLockTimeout(milliseconds: Int, local: Bool = false) throws {
        try query("SELECT set_config('lock_timeout', \(String(milliseconds)), \(local))")
    }
}
