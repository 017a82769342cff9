import Foundation
import Synchronization
import Testing
import Postgres
import TestSupport

@Suite(.enabled(if: TestDatabase.isConfigured, "DATABASE_URL is not set: run scripts/test"))
struct MigratorTests {
    let migrations = [
        Migration(version: 1, name: "0001_a", sql: "CREATE TABLE a (n int); INSERT INTO a VALUES (1);"),
        Migration(version: 2, name: "0002_b", sql: "CREATE TABLE b (n int); INSERT INTO a VALUES (2);"),
    ]

    @Test func appliesInOrderAndTwiceChangesNothing() throws {
        try TestDatabase.withTestSchema(migrate: false) { db, _ throws in
            let migrator = Migrator(migrations: migrations)
            #expect(try migrator.migrate(db) == [1, 2])
            #expect(try migrator.migrate(db) == [])
            #expect(try db.query("SELECT count(*) FROM a")[0].decode(Int.self, 0) == 2)
            #expect(try migrator.currentVersion(db) == 2)
        }
    }

    @Test("Four concurrent runners apply each migration exactly once")
    func concurrentRunnersApplyOnce() throws {
        try TestDatabase.withTestSchema(migrate: false) { _, schema throws in
            let applied = Mutex<[Int]>([])
            let failures = Mutex<[String]>([])
            DispatchQueue.concurrentPerform(iterations: 4) { _ in
                do {
                    let db = try TestDatabase.connect()
                    try db.executeScript(unsafeSQL: "SET search_path TO \(schema)")
                    let done = try Migrator(migrations: migrations).migrate(db)
                    applied.withLock { $0 += done }
                } catch {
                    failures.withLock { $0.append(String(describing: error)) }
                }
            }
            #expect(failures.withLock { $0 } == [])
            #expect(applied.withLock { $0.sorted() } == [1, 2])
        }
    }

    @Test func failingMigrationLeavesNoTrace() throws {
        try TestDatabase.withTestSchema(migrate: false) { db, _ throws in
            let broken = migrations + [Migration(version: 3, name: "0003_bad", sql: "CREATE TABLE c (n int); SELEC 1;")]
            #expect(throws: PostgresError.self) { try Migrator(migrations: broken).migrate(db) }
            #expect(try Migrator(migrations: broken).currentVersion(db) == 2)
            #expect(try db.query("SELECT to_regclass('c') IS NULL")[0].decode(Bool.self, 0))
        }
    }

    @Test("A database newer than the binary is refused with a clear message")
    func newerDatabaseIsRefused() throws {
        try TestDatabase.withTestSchema(migrate: false) { db, _ throws in
            try Migrator(migrations: migrations).migrate(db)
            let error = try #require(throws: PostgresError.self) { try Migrator(migrations: [migrations[0]]).migrate(db) }
            #expect(error.code == .migration)
            #expect(error.message.contains("version 2"))
            #expect(error.message.contains("up to 1"))
        }
    }

    @Test func editedMigrationIsRefused() throws {
        try TestDatabase.withTestSchema(migrate: false) { db, _ throws in
            try Migrator(migrations: migrations).migrate(db)
            let edited = [migrations[0], Migration(version: 2, name: "0002_b", sql: "CREATE TABLE b (n bigint);")]
            let error = try #require(throws: PostgresError.self) { try Migrator(migrations: edited).migrate(db) }
            #expect(error.message.contains("0002_b"))
        }
    }

    @Test("The project's own sql/ directory loads in order and applies")
    func projectMigrationsApply() throws {
        let loaded = try Migration.load(from: TestPaths.sqlDirectory)
        #expect(!loaded.isEmpty)
        #expect(loaded.map(\.version) == loaded.map(\.version).sorted())
        try TestDatabase.withTestSchema(migrate: false) { db, _ throws in
            let migrator = Migrator(migrations: loaded)
            try migrator.migrate(db)
            #expect(try migrator.currentVersion(db) == loaded.last?.version)
        }
    }
}
