import Postgres

/// How the stores run their statements: in a transaction of their own, or inside the caller's.
enum ContentTransaction {
    /// Runs `body` in a READ COMMITTED transaction, or — when the caller already opened one — in a savepoint of
    /// it, so the caller's commit decides (a restore composes several steps in one transaction).
    static func write<R>(on connection: PostgresConnection, _ body: (PostgresConnection) throws -> R) throws -> R {
        if connection.isInTransaction { return try connection.savepoint(body) }
        return try connection.transaction(isolation: .readCommitted, body)
    }

    /// Runs `body`, whose statements must see one snapshot, in a read-only REPEATABLE READ transaction — or in the
    /// caller's transaction if one is open.
    static func read<R>(on connection: PostgresConnection, _ body: (PostgresConnection) throws -> R) throws -> R {
        if connection.isInTransaction { return try body(connection) }
        return try connection.transaction(isolation: .repeatableRead, readOnly: true, body)
    }
}
