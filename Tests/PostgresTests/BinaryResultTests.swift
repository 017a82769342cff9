import Foundation
import Postgres
import TestSupport
import Testing

@Suite(.enabled(if: TestDatabase.isConfigured, "DATABASE_URL is not set: run scripts/test"))
struct BinaryResultTests {
    @Test("bytea, text, int8 and NULL come back in binary format, also through a cursor's FETCH")
    func binaryColumnsThroughACursor() throws {
        try TestDatabase.withTestSchema { db, _ throws in
            let blobs: [[UInt8]] = [[], [0, 0, 255, 92, 39], (0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }]
            try db.execute("CREATE TABLE b (n int8, name text, data bytea)")
            for (index, blob) in blobs.enumerated() {
                try db.execute("INSERT INTO b VALUES (\(Int64(index) - 1), \("Ünï \(index)"), \(ByteA(blob)))")
            }
            try db.execute("INSERT INTO b VALUES (\(Int64.max), 'null', NULL)")
            try db.transaction { db in
                try db.execute("DECLARE c NO SCROLL CURSOR FOR SELECT n, name, data FROM b ORDER BY n")
                var rows = Array(try db.queryBinary("FETCH 2 FROM c"))
                rows += try db.queryBinary("FETCH 10 FROM c")
                #expect(try db.queryBinary("FETCH 10 FROM c").isEmpty)
                #expect(rows.count == 4)
                for (index, blob) in blobs.enumerated() {
                    #expect(try rows[index].int64(0) == Int64(index) - 1)
                    #expect(try rows[index].text(1) == "Ünï \(index)")
                    #expect(try rows[index].bytes(2) == blob)
                }
                #expect(try rows[3].int64(0) == Int64.max)
                #expect(try rows[3].bytes(2) == nil)
                #expect(throws: PostgresError.self) { try rows[3].text(2) }
                #expect(throws: PostgresError.self) { try rows[3].bytes(3) }
                #expect(throws: PostgresError.self) { try rows[0].int64(1) }  // text, not 8 bytes
            }
        }
    }

    @Test("A statement without rows, and a server error, as with query")
    func noRowsAndErrors() throws {
        try TestDatabase.withTestSchema { db, _ throws in
            #expect(try db.queryBinary("CREATE TABLE e (x int)").isEmpty)
            #expect(throws: PostgresError.self) { try db.queryBinary("SELECT * FROM missing_table") }
            #expect(try db.query("SELECT 1")[0].decode(Int.self, 0) == 1)  // the connection is still usable
        }
    }
}
