import Foundation
import Testing
import Postgres
import TestSupport

@Suite(.enabled(if: TestDatabase.isConfigured, "DATABASE_URL is not set: run scripts/test"))
struct CopyTests {
    @Test("10,000 rows go in by binary COPY and come back out by text COPY")
    func copyRoundTrip() throws {
        try TestDatabase.withTestSchema { db, _ throws in
            try db.execute("CREATE TABLE c (id bigint, name text, data bytea, at timestamptz, ref uuid, doc jsonb, note text)")
            let epoch = Date(timeIntervalSince1970: 1_600_000_000)
            let copied = try db.copyIn("COPY c FROM STDIN (FORMAT binary)") { writer in
                var encoder = CopyBinaryEncoder(flushThreshold: 64 << 10)
                for index in 0..<10_000 {
                    encoder.beginRow(fieldCount: 7)
                    encoder.append(int64: Int64(index))
                    encoder.append(text: "name \(index) it's ✓\t\n")
                    encoder.append(bytes: [UInt8(index % 256), 0, 92, 10])
                    encoder.append(timestamp: epoch.addingTimeInterval(Double(index)))
                    encoder.append(uuid: UUID(uuidString: String(format: "00000000-0000-4000-8000-%012d", index))!)
                    encoder.append(jsonb: #"{"n": \#(index)}"#)
                    encoder.append(text: index.isMultiple(of: 2) ? nil : "odd")
                    if encoder.shouldFlush { try encoder.flush(to: writer) }
                }
                try encoder.finish(to: writer)
            }
            #expect(copied == 10_000)
            let check = try db.query("""
                SELECT count(*), sum(id), count(note), min(at), max(doc->>'n')::int, max(length(data))
                FROM c WHERE name LIKE 'name % it''s ✓' || E'\\t\\n'
                """)[0]
            #expect(try check.decode(Int.self, 0) == 10_000)
            #expect(try check.decode(Int.self, 1) == 49_995_000)
            #expect(try check.decode(Int.self, 2) == 5_000)
            #expect(try check.decode(Date.self, 3) == epoch)
            #expect(try check.decode(Int.self, 4) == 9_999)
            #expect(try check.decode(Int.self, 5) == 4)

            var lines = 0
            var bytes = 0
            let rows = try db.copyOut("COPY (SELECT id, name FROM c ORDER BY id) TO STDOUT") { chunk in
                lines += 1
                bytes += chunk.count
                #expect(chunk.last == 10)
            }
            #expect(rows == 10_000)
            #expect(lines == 10_000)
            #expect(bytes > 10_000 * 10)
        }
    }

    @Test("A producer that throws aborts the COPY; nothing is inserted and the connection stays usable")
    func producerFailureAbortsCleanly() throws {
        try TestDatabase.withTestSchema { db, _ throws in
            try db.execute("CREATE TABLE c (n int)")
            #expect(throws: Boom()) {
                try db.copyIn("COPY c FROM STDIN") { writer in
                    try writer.write(Array("1\n2\n".utf8))
                    throw Boom()
                }
            }
            #expect(try db.query("SELECT count(*) FROM c")[0].decode(Int.self, 0) == 0)
            try db.copyIn("COPY c FROM STDIN") { writer in try writer.write(Array("5\n".utf8)) }
            #expect(try db.query("SELECT sum(n) FROM c")[0].decode(Int.self, 0) == 5)
        }
    }

    @Test func invalidCopyDataReportsTheServerError() throws {
        try TestDatabase.withTestSchema { db, _ throws in
            try db.execute("CREATE TABLE c (n int)")
            let error = try #require(throws: PostgresError.self) {
                try db.copyIn("COPY c FROM STDIN") { writer in try writer.write(Array("not a number\n".utf8)) }
            }
            #expect(error.sqlState == SQLState.invalidTextRepresentation)
            #expect(try db.query("SELECT 1")[0].decode(Int.self, 0) == 1)
        }
    }

    @Test func consumerFailureCancelsCopyOut() throws {
        try TestDatabase.withTestSchema { db, _ throws in
            var seen = 0
            #expect(throws: Boom()) {
                try db.copyOut("COPY (SELECT generate_series(1, 1000000)) TO STDOUT") { _ in
                    seen += 1
                    if seen == 10 { throw Boom() }
                }
            }
            #expect(seen == 10)
            #expect(try db.query("SELECT 3")[0].decode(Int.self, 0) == 3)
        }
    }
}
