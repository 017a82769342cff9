import Testing
import Hashing
import Postgres
import TestSupport

@Suite(.enabled(if: TestDatabase.isConfigured, "DATABASE_URL is not set: run scripts/test"))
struct LargeObjectTests {
    @Test("A 50 MiB large object round-trips byte for byte and is gone after unlink")
    func fiftyMebibytesRoundTrip() throws {
        try TestDatabase.withTestDatabase { database in
            let db = try database.connect()
            var chunk = [UInt8](repeating: 0, count: 256 << 10)
            let (oid, writtenHex): (UInt32, String) = try db.transaction { tx in
                var written = SHA256()
                let oid = try tx.createLargeObject()
                let object = try tx.openLargeObject(oid, mode: .readWrite)
                for index in 0..<200 {
                    for position in stride(from: 0, to: chunk.count, by: 4096) { chunk[position] = UInt8(truncatingIfNeeded: index &+ position) }
                    try object.write(chunk)
                    written.update(chunk)
                }
                #expect(try object.size() == 50 << 20)
                return (oid, written.finalizeHex())
            }
            var read = SHA256()
            var total = 0
            try db.transaction { tx in
                let object = try tx.openLargeObject(oid)
                var buffer = [UInt8](repeating: 0, count: 256 << 10)
                while true {
                    let count = try buffer.withUnsafeMutableBytes { try object.read(into: $0) }
                    if count == 0 { break }
                    buffer.withUnsafeBytes { read.update(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
                    total += count
                }
                try object.seek(to: 10)
                #expect(try object.tell() == 10)
            }
            #expect(total == 50 << 20)
            #expect(read.finalizeHex() == writtenHex)
            try db.transaction { tx in try tx.unlinkLargeObject(oid) }
            #expect(try db.query("SELECT count(*) FROM pg_largeobject_metadata WHERE oid = \(oid)")[0].decode(Int.self, 0) == 0)
        }
    }

    @Test func largeObjectsNeedATransaction() throws {
        try TestDatabase.withTestDatabase { database in
            let db = try database.connect()
            let oid = try db.transaction { tx in try tx.createLargeObject() }
            #expect(throws: PostgresError.self) { try db.openLargeObject(oid) }
            #expect(try db.query("SELECT 1")[0].decode(Int.self, 0) == 1)
        }
    }

    @Test func rolledBackLargeObjectLeavesNothing() throws {
        try TestDatabase.withTestDatabase { database in
            let db = try database.connect()
            #expect(throws: Boom()) {
                try db.transaction { tx in
                    let object = try tx.openLargeObject(try tx.createLargeObject(), mode: .readWrite)
                    try object.write([1, 2, 3])
                    throw Boom()
                }
            }
            #expect(try db.query("SELECT count(*) FROM pg_largeobject_metadata")[0].decode(Int.self, 0) == 0)
        }
    }
}
