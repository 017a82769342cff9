import Foundation
import Testing
import Postgres
import TestSupport

/// `copyIn(_:sendingAhead:_:)`: the same results and failures as `copyIn(_:_:)`, with the sends on a thread.
@Suite(.enabled(if: TestDatabase.isConfigured, "DATABASE_URL is not set: run scripts/test"))
struct CopySendAheadTests {
    @Test("Rows arrive complete and in order through a queue far smaller than the data (and one write larger)")
    func rowsArriveInOrder() throws {
        try TestDatabase.withTestSchema { db, _ throws in
            try db.execute("CREATE TABLE c (seq bigserial, n bigint)")
            let copied = try db.copyIn("COPY c (n) FROM STDIN", sendingAhead: 256) { writer in
                for index in 1...20_000 { try writer.write(Array("\(index)\n".utf8)) }
                // One write larger than the queue is admitted alone.
                try writer.write(Array((20_001...21_000).map { "\($0)\n" }.joined().utf8))
            }
            #expect(copied == 21_000)
            let check = try db.query("SELECT count(*), bool_and(seq = n), sum(n) FROM c")[0]
            #expect(try check.decode(Int.self, 0) == 21_000)
            #expect(try check.decode(Bool.self, 1) == true)
            #expect(try check.decode(Int.self, 2) == 21_000 * 21_001 / 2)
        }
    }

    @Test("A producer that throws aborts the COPY: nothing is inserted, the thread is gone, the connection works")
    func producerFailure() throws {
        try TestDatabase.withTestSchema { db, _ throws in
            try db.execute("CREATE TABLE c (n int)")
            #expect(throws: Boom()) {
                try db.copyIn("COPY c FROM STDIN", sendingAhead: 1 << 20) { writer in
                    for index in 0..<5_000 { try writer.write(Array("\(index)\n".utf8)) }
                    throw Boom()
                }
            }
            #expect(try db.query("SELECT count(*) FROM c")[0].decode(Int.self, 0) == 0)
            try db.copyIn("COPY c FROM STDIN", sendingAhead: 1 << 20) { writer in try writer.write(Array("5\n".utf8)) }
            #expect(try db.query("SELECT sum(n) FROM c")[0].decode(Int.self, 0) == 5)
        }
    }

    @Test("Data the server refuses fails the COPY with the server's error, however much follows it")
    func serverRefusal() throws {
        try TestDatabase.withTestSchema { db, _ throws in
            try db.execute("CREATE TABLE c (n int)")
            let error = try #require(throws: PostgresError.self) {
                try db.copyIn("COPY c FROM STDIN", sendingAhead: 64 << 10) { writer in
                    try writer.write(Array("not a number\n".utf8))
                    let more = Array(String(repeating: "7\n", count: 50_000).utf8)
                    for _ in 0..<20 { try writer.write(more) }
                }
            }
            #expect(error.sqlState == SQLState.invalidTextRepresentation)
            #expect(try db.query("SELECT count(*) FROM c")[0].decode(Int.self, 0) == 0)
        }
    }

    @Test("A writer kept past its COPY refuses further writes instead of dropping them", arguments: [0, 64 << 10])
    func writerKeptPastTheCopy(queue: Int) throws {
        try TestDatabase.withTestSchema { db, _ throws in
            try db.execute("CREATE TABLE c (n int)")
            var kept: CopyInWriter?
            try db.copyIn("COPY c FROM STDIN", sendingAhead: queue) { writer in
                try writer.write(Array("1\n".utf8))
                kept = writer
            }
            let writer = try #require(kept)
            #expect(throws: PostgresError.self) { try writer.write(Array("2\n".utf8)) }
            #expect(try db.query("SELECT array_agg(n) FROM c")[0].decode(String.self, 0) == "{1}")
        }
    }

    @Test("A connection lost mid-COPY fails the producer's writes or the end, not silently")
    func lostConnection() throws {
        try TestDatabase.withTestSchema { db, schema throws in
            try db.execute("CREATE TABLE c (n int)")
            let pid = try db.query("SELECT pg_backend_pid()")[0].decode(Int.self, 0)
            let other = try TestDatabase.connect()
            let chunk = Array(String(repeating: "1\n", count: 32_768).utf8)
            #expect(throws: PostgresError.self) {
                try db.copyIn("COPY c FROM STDIN", sendingAhead: 256 << 10) { writer in
                    try writer.write(chunk)
                    _ = try other.query("SELECT pg_terminate_backend(\(pid))")
                    // Keep writing until the loss shows (bounded: 1 GiB would take far longer than it needs).
                    for _ in 0..<16_384 { try writer.write(chunk) }
                }
            }
            // The schema's own connection is gone: drop it from the other one.
            try other.executeScript(unsafeSQL: "DROP SCHEMA \(schema) CASCADE")
        }
    }
}
