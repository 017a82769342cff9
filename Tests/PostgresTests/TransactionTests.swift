import Testing
import Postgres
import TestSupport

struct Boom: Error, Equatable {}

@Suite(.enabled(if: TestDatabase.isConfigured, "DATABASE_URL is not set: run scripts/test"))
struct TransactionTests {
    @Test func commitsWhenTheBodyReturns() throws {
        try TestDatabase.withTestSchema { db, _ throws in
            try db.execute("CREATE TABLE t (n int)")
            let value = try db.transaction { tx in
                try tx.execute("INSERT INTO t VALUES (1)")
                return 7
            }
            #expect(value == 7)
            #expect(try db.query("SELECT count(*) FROM t")[0].decode(Int.self, 0) == 1)
            #expect(!db.isInTransaction)
        }
    }

    @Test("A failing statement rolls the transaction back and the connection stays usable")
    func rollsBackOnError() throws {
        try TestDatabase.withTestSchema { db, _ throws in
            try db.execute("CREATE TABLE t (n int PRIMARY KEY)")
            let error = try #require(throws: PostgresError.self) {
                try db.transaction { tx in
                    try tx.execute("INSERT INTO t VALUES (1)")
                    try tx.execute("INSERT INTO t VALUES (1)")
                }
            }
            #expect(error.isUniqueViolation)
            #expect(!db.isInTransaction)
            #expect(try db.query("SELECT count(*) FROM t")[0].decode(Int.self, 0) == 0)
            try db.execute("INSERT INTO t VALUES (2)")
            #expect(try db.query("SELECT count(*) FROM t")[0].decode(Int.self, 0) == 1)
        }
    }

    @Test("The body's own error is what the caller sees")
    func keepsTheOriginalError() throws {
        try TestDatabase.withTestSchema { db, _ throws in
            try db.execute("CREATE TABLE t (n int)")
            #expect(throws: Boom()) {
                try db.transaction { tx in
                    try tx.execute("INSERT INTO t VALUES (1)")
                    throw Boom()
                }
            }
            #expect(try db.query("SELECT count(*) FROM t")[0].decode(Int.self, 0) == 0)
        }
    }

    @Test func isolationLevelIsApplied() throws {
        try TestDatabase.withTestSchema { db, _ throws in
            let level = try db.transaction(isolation: .repeatableRead, readOnly: true) { tx in
                try tx.query("SHOW transaction_isolation")[0].decode(String.self, 0)
            }
            #expect(level == "repeatable read")
        }
    }

    @Test func savepointUndoesOnlyItsOwnWork() throws {
        try TestDatabase.withTestSchema { db, _ throws in
            try db.execute("CREATE TABLE t (n int PRIMARY KEY)")
            try db.transaction { tx in
                try tx.execute("INSERT INTO t VALUES (1)")
                _ = try? tx.savepoint { sp in try sp.execute("INSERT INTO t VALUES (1)") }
                try tx.execute("INSERT INTO t VALUES (2)")
            }
            #expect(try db.query("SELECT count(*) FROM t")[0].decode(Int.self, 0) == 2)
        }
    }

    @Test func advisoryLocksExcludeOtherSessions() throws {
        let a = try TestDatabase.connect()
        let b = try TestDatabase.connect()
        let key = Int64.random(in: 1...Int64.max)
        #expect(try a.tryAdvisoryLock(key))
        #expect(try !b.tryAdvisoryLock(key))
        #expect(try b.isAdvisoryLockHeld(key))
        try b.setLockTimeout(milliseconds: 100)
        let waited = try #require(throws: PostgresError.self) { try b.advisoryLock(key) }
        #expect(waited.isLockNotAvailable)
        #expect(try a.advisoryUnlock(key))
        #expect(try !b.isAdvisoryLockHeld(key))
        try b.transaction { tx throws in
            #expect(try tx.tryTransactionAdvisoryLock(key))
            #expect(try !a.tryAdvisoryLock(key))
        }
        #expect(try a.tryAdvisoryLock(key))
    }
}
