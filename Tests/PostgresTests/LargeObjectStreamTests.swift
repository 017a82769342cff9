import Testing
import Postgres
import TestSupport

/// `streamLargeObject`: pieces of one query in single-row mode, the server's errors as `PostgresError`, and a
/// connection that stays usable whatever happened.
@Suite(.enabled(if: TestDatabase.isConfigured, "DATABASE_URL is not set: run scripts/test"))
struct LargeObjectStreamTests {
    private struct Stop: Error {}

    @Test("Pieces from an offset come in order and end at the object's end")
    func piecesInOrder() throws {
        try TestDatabase.withTestDatabase { database in
            let db = try database.connect()
            let bytes = (0..<100_003).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) }
            let oid = try db.transaction { tx in
                let oid = try tx.createLargeObject()
                try tx.openLargeObject(oid, mode: .readWrite).write(bytes)
                return oid
            }
            try db.transaction { tx in
                for (offset, pieces, pieceBytes) in [(0, 1, 200_000), (0, 7, 16_384), (5_000, 3, 40_000), (99_999, 4, 2), (100_003, 2, 10)] {
                    var received: [UInt8] = []
                    var sizes: [Int] = []
                    let total = try tx.streamLargeObject(oid, from: Int64(offset), pieces: pieces, pieceBytes: pieceBytes) {
                        received.append(contentsOf: $0)
                        sizes.append($0.count)
                    }
                    let expected = Array(bytes[offset..<min(bytes.count, offset + pieces * pieceBytes)])
                    #expect(received == expected, "offset \(offset)")
                    #expect(total == Int64(expected.count))
                    #expect(sizes.allSatisfy { $0 <= pieceBytes })
                }
            }
        }
    }

    @Test("A missing object is the server's error, and the connection goes on")
    func missingObject() throws {
        try TestDatabase.withTestDatabase { database in
            let db = try database.connect()
            let error = try #require(throws: PostgresError.self) {
                try db.transaction { tx in _ = try tx.streamLargeObject(4_000_000_000, from: 0, pieces: 2, pieceBytes: 10) { _ in } }
            }
            #expect(error.sqlState == "42704", "\(error)")
            #expect(try db.query("SELECT 1")[0].decode(Int.self, 0) == 1)
        }
    }

    @Test("A body that throws stops the stream with its error, and the rows left are read off")
    func bodyThrows() throws {
        try TestDatabase.withTestDatabase { database in
            let db = try database.connect()
            let oid = try db.transaction { tx in
                let oid = try tx.createLargeObject()
                try tx.openLargeObject(oid, mode: .readWrite).write([UInt8](repeating: 7, count: 1_000))
                return oid
            }
            try db.transaction { tx throws in
                var calls = 0
                #expect(throws: Stop.self) {
                    try tx.streamLargeObject(oid, from: 0, pieces: 10, pieceBytes: 100) { _ in
                        calls += 1
                        if calls == 2 { throw Stop() }
                    }
                }
                #expect(calls == 2)
                #expect(try tx.query("SELECT 1")[0].decode(Int.self, 0) == 1)
            }
        }
    }

    @Test("Outside a transaction it is refused")
    func needsTransaction() throws {
        try TestDatabase.withTestDatabase { database in
            let db = try database.connect()
            #expect(throws: PostgresError.self) { try db.streamLargeObject(1, from: 0, pieces: 1, pieceBytes: 1) { _ in } }
        }
    }
}
