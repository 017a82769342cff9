/// Applies migrations in order, each in its own transaction, recorded in `schema_migrations`.
///
/// Several instances starting at once serialise on an advisory lock keyed by the current schema, so each
/// migration is applied exactly once. A database that has a migration this binary does not know
/// (a newer schema) is refused; so is one whose recorded migration text differs from the file.
public struct Migrator: Sendable {
    public let migrations: [Migration]
    /// How long to wait for another instance that is migrating.
    public var lockTimeoutMilliseconds = 120_000

    public init(migrations: [Migration]) {
        self.migrations = migrations
    }

    /// The newest version this binary knows.
    public var latestVersion: Int { migrations.last?.version ?? 0 }

    /// Applies what is missing and returns the versions applied by this call.
    @discardableResult
    public func migrate(_ connection: PostgresConnection) throws -> [Int] {
        let key = try lockKey(connection)
        try connection.setLockTimeout(milliseconds: lockTimeoutMilliseconds)
        try connection.advisoryLock(key)
        defer {
            _ = try? connection.advisoryUnlock(key)
            _ = try? connection.setLockTimeout(milliseconds: 0)
        }
        try connection.executeScript(unsafeSQL: """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    integer PRIMARY KEY,
                name       text NOT NULL,
                checksum   text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """)
        let applied = try appliedMigrations(connection)
        if let newest = applied.keys.max(), newest > latestVersion {
            throw PostgresError(code: .migration, message: """
                The database schema is at version \(newest), but this nsbackup knows versions up to \(latestVersion) only. \
                Upgrade nsbackup (or point it at another database); it will not run against a newer schema.
                """)
        }
        var done: [Int] = []
        for migration in migrations {
            if let checksum = applied[migration.version] {
                guard checksum == migration.checksum else {
                    throw PostgresError(code: .migration, message: """
                        Migration \(migration.name) differs from the one applied to this database. \
                        Landed migrations must never be edited: add a new numbered file instead.
                        """)
                }
                continue
            }
            try connection.transaction { db in
                try db.executeScript(unsafeSQL: migration.sql)
                try db.query("""
                    INSERT INTO schema_migrations (version, name, checksum)
                    VALUES (\(migration.version), \(migration.name), \(migration.checksum))
                    """)
            }
            done.append(migration.version)
        }
        return done
    }

    /// The version the database is at (0 when never migrated).
    public func currentVersion(_ connection: PostgresConnection) throws -> Int {
        let exists = try connection.query("SELECT to_regclass('schema_migrations') IS NOT NULL")[0].decode(Bool.self, 0)
        guard exists else { return 0 }
        return try connection.query("SELECT coalesce(max(version), 0) FROM schema_migrations")[0].decode(Int.self, 0)
    }

    private func appliedMigrations(_ connection: PostgresConnection) throws -> [Int: String] {
        var result: [Int: String] = [:]
        for row in try connection.query("SELECT version, checksum FROM schema_migrations") {
            result[try row.decode(Int.self, 0)] = try row.decode(String.self, 1)
        }
        return result
    }

    /// One lock per schema, so per-test schemas migrate in parallel while instances sharing one serialise.
    private func lockKey(_ connection: PostgresConnection) throws -> Int64 {
        let hash = try connection.query("SELECT hashtext(current_schema())::bigint")[0].decode(Int64.self, 0)
        return 0x6E73_6200_0000_0000 | (hash & 0xFFFF_FFFF)   // "nsb" prefix in the high bits
    }
}
