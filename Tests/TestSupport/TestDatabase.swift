import Foundation
import Postgres

/// Isolated PostgreSQL for tests, in two tiers (style.md §3.8):
/// - `withTestSchema`: a schema of its own (fast; for everything that stays inside a schema);
/// - `withTestDatabase`: a database cloned from a migrated template (for large objects, which are
///   database-wide, for server processes, and for whole-database assertions).
///
/// The server comes from `DATABASE_URL` (set by scripts/test), else libpq's `PG*` variables.
public struct TestDatabase: Sendable {
    /// The base connection string tests were given.
    public static var baseConninfo: String { ProcessInfo.processInfo.environment["DATABASE_URL"] ?? "" }

    /// Whether a server is configured; suites use it to fail loudly rather than silently skip.
    public static var isConfigured: Bool {
        let environment = ProcessInfo.processInfo.environment
        return environment["DATABASE_URL"] != nil || environment["PGHOST"] != nil
    }

    public static func migrations() throws -> [Migration] {
        try Migration.load(from: TestPaths.sqlDirectory)
    }

    /// A connection to the base database.
    public static func connect(overrides: [String: String] = [:]) throws -> PostgresConnection {
        try PostgresConnection(conninfo: baseConninfo, overrides: overrides)
    }

    /// Runs `body` on a connection whose search_path is a fresh, migrated schema; drops it afterwards.
    @discardableResult
    public static func withTestSchema<R>(migrate: Bool = true, _ body: (PostgresConnection, String) throws -> R) throws -> R {
        let db = try connect()
        let schema = "test_" + UUID().uuidString.lowercased().filter { $0 != "-" }
        try db.executeScript(unsafeSQL: "CREATE SCHEMA \(schema); SET search_path TO \(schema)")
        defer { try? db.executeScript(unsafeSQL: "DROP SCHEMA \(schema) CASCADE") }
        if migrate { try Migrator(migrations: migrations()).migrate(db) }
        return try body(db, schema)
    }

    /// The name of this test database.
    public let name: String
    /// A connection string for it (keyword/value form), for `PostgresConnection` or a server process.
    public let conninfo: String

    public func connect() throws -> PostgresConnection {
        try PostgresConnection(conninfo: conninfo)
    }

    /// Runs `body` with a database cloned from the migrated template; drops it afterwards.
    @discardableResult
    public static func withTestDatabase<R>(_ body: (TestDatabase) throws -> R) throws -> R {
        let admin = try connect()
        let template = try TemplateDatabase.ensure(using: admin)
        let name = "nsb_test_" + UUID().uuidString.lowercased().filter { $0 != "-" }
        try admin.executeScript(unsafeSQL: "CREATE DATABASE \(name) TEMPLATE \(template)")
        defer { try? admin.executeScript(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
        let database = TestDatabase(name: name, conninfo: admin.conninfoString(overriding: ["dbname": name]))
        return try body(database)
    }
}

/// The migrated template that test databases are cloned from, built once per set of migrations.
enum TemplateDatabase {
    static func ensure(using admin: PostgresConnection) throws -> String {
        let migrations = try TestDatabase.migrations()
        let fingerprint = Migration(version: 0, name: "all", sql: migrations.map(\.sql).joined(separator: "\n")).checksum
        let name = "nsb_template_\(fingerprint)"
        if try exists(name, admin) { return name }
        // One builder at a time across processes; the others wait, then find it built.
        try admin.setLockTimeout(milliseconds: 120_000)
        try admin.advisoryLock(0x6E73_6274_706C)
        defer { _ = try? admin.advisoryUnlock(0x6E73_6274_706C) }
        if try exists(name, admin) { return name }
        let building = name + "_building"
        // Separate statements: a multi-statement string runs as one transaction block, which DROP/CREATE DATABASE refuse.
        try admin.executeScript(unsafeSQL: "DROP DATABASE IF EXISTS \(building) WITH (FORCE)")
        try admin.executeScript(unsafeSQL: "CREATE DATABASE \(building)")
        do {
            let db = try PostgresConnection(conninfo: admin.conninfoString(overriding: ["dbname": building]))
            try Migrator(migrations: migrations).migrate(db)
        }   // the connection closes here: a template must have no sessions when it is cloned
        try admin.executeScript(unsafeSQL: "ALTER DATABASE \(building) RENAME TO \(name)")
        return name
    }

    private static func exists(_ name: String, _ admin: PostgresConnection) throws -> Bool {
        try admin.query("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = \(name))")[0].decode(Bool.self, 0)
    }
}
