import Foundation
import Testing
import Postgres
import TestSupport

@Suite(.enabled(if: TestDatabase.isConfigured, "DATABASE_URL is not set: run scripts/test"))
struct QueryTests {
    @Test("Quotes, unicode and injection attempts travel as values, never as SQL")
    func awkwardStringsRoundTrip() throws {
        try TestDatabase.withTestSchema { db, _ throws in
            try db.execute("CREATE TABLE t (id serial PRIMARY KEY, name text)")
            let names = ["Jane's Services", "x'); DROP TABLE t; --", "ACME Corp.", "Ünïcødé ✓ 日本語 🎉", "back\\slash \"quoted\"", ""]
            for name in names { try db.execute("INSERT INTO t (name) VALUES (\(name))") }
            let rows = try db.query("SELECT name FROM t ORDER BY id")
            #expect(try rows.map { try $0.decode(String.self, 0) } == names)
            #expect(try db.query("SELECT count(*) FROM t WHERE name = \(names[1])")[0].decode(Int.self, 0) == 1)
        }
    }

    @Test func nullAndOptionalsRoundTrip() throws {
        try TestDatabase.withTestSchema { db, _ throws in
            let missing: String? = nil
            let row = try db.query("SELECT \(missing)::text AS a, \(Optional("x"))::text AS b, \(42) AS c")[0]
            #expect(try row.decode(String?.self, "a") == nil)
            #expect(try row.decode(String?.self, "b") == "x")
            #expect(try row.decode(Int.self, "c") == 42)
            #expect(throws: PostgresError.self) { try row.decode(String.self, "a") }
        }
    }

    @Test func byteaRoundTripsEveryByteValue() throws {
        try TestDatabase.withTestSchema { db, _ throws in
            let bytes = (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 8) } + [0, 0, 255, 92, 39]
            try db.execute("CREATE TABLE b (data bytea)")
            try db.execute("INSERT INTO b VALUES (\(ByteA(bytes)))")
            #expect(try db.query("SELECT data FROM b")[0].decode(ByteA.self, 0).bytes == bytes)
            #expect(try db.query("SELECT length(data) FROM b")[0].decode(Int.self, 0) == bytes.count)
        }
    }

    @Test func typedValuesRoundTrip() throws {
        try TestDatabase.withTestSchema { db, _ throws in
            let id = UUID()
            let when = Date(timeIntervalSince1970: 1_615_477_631.123456)
            let row = try db.query("""
                SELECT \(id)::uuid, \(when)::timestamptz, \(true), \(Int64.max), \(2.5), \(["a", "b'c", "d\"e"])::text[]
                """)[0]
            #expect(try row.decode(UUID.self, 0) == id)
            #expect(abs(try row.decode(Date.self, 1).timeIntervalSince(when)) < 0.000_001)
            #expect(try row.decode(Bool.self, 2) == true)
            #expect(try row.decode(Int64.self, 3) == Int64.max)
            #expect(try row.decode(Double.self, 4) == 2.5)
            #expect(try row.decode(String.self, 5) == #"{a,b'c,"d\"e"}"#)
        }
    }

    @Test func affectedRowCounts() throws {
        try TestDatabase.withTestSchema { db, _ throws in
            try db.execute("CREATE TABLE t (n int)")
            #expect(try db.execute("INSERT INTO t SELECT generate_series(1, 25)") == 25)
            #expect(try db.execute("UPDATE t SET n = n + 1 WHERE n > \(20)") == 5)
            #expect(try db.execute("DELETE FROM t") == 25)
        }
    }

    @Test func serverErrorsCarrySQLStateAndConstraint() throws {
        try TestDatabase.withTestSchema { db, _ throws in
            try db.execute("CREATE TABLE u (name text CONSTRAINT u_name_key UNIQUE)")
            try db.execute("INSERT INTO u VALUES ('a')")
            let error = try #require(throws: PostgresError.self) { try db.execute("INSERT INTO u VALUES ('a')") }
            #expect(error.isUniqueViolation)
            #expect(error.constraint == "u_name_key")
            #expect(error.detail?.contains("already exists") == true)
            let syntax = try #require(throws: PostgresError.self) { try db.execute("SELEC 1") }
            #expect(syntax.sqlState == "42601")
            #expect(try db.query("SELECT 1")[0].decode(Int.self, 0) == 1)
        }
    }

    @Test func textParameterWithNulIsRefusedClearly() throws {
        try TestDatabase.withTestSchema { db, _ throws in
            let error = try #require(throws: PostgresError.self) { try db.query("SELECT \("a\u{0}b")::text") }
            #expect(error.message.contains("NUL"))
        }
    }

    @Test("Server notices reach the handler, not stderr")
    func noticesGoToHandler() throws {
        let collected = NoticeCollector()
        let db = try PostgresConnection(conninfo: TestDatabase.baseConninfo, noticeHandler: { collected.add($0) })
        try db.executeScript(unsafeSQL: "DO $$ BEGIN RAISE NOTICE 'hello from the server'; END $$")
        #expect(collected.messages.contains { $0.contains("hello from the server") })
    }

    @Test func statementTimeoutCancelsLongQueries() throws {
        let db = try TestDatabase.connect()
        try db.setStatementTimeout(milliseconds: 100)
        let error = try #require(throws: PostgresError.self) { try db.query("SELECT pg_sleep(5)") }
        #expect(error.isQueryCanceled)
        try db.setStatementTimeout(milliseconds: 0)
        #expect(try db.query("SELECT 2")[0].decode(Int.self, 0) == 2)
    }

    @Test func unreachableServerIsAConnectionError() throws {
        let error = try #require(throws: PostgresError.self) {
            try PostgresConnection(conninfo: "host=/nonexistent/socket/dir port=1 connect_timeout=2")
        }
        #expect(error.isConnectionLost)
        #expect(!error.message.isEmpty)
    }
}

final class NoticeCollector: @unchecked Sendable {
    // Guarded by `lock`; only the test thread and libpq's notice callback touch it.
    private let lock = NSLock()
    private var stored: [String] = []
    func add(_ message: String) { lock.withLock { stored.append(message) } }
    var messages: [String] { lock.withLock { stored } }
}
