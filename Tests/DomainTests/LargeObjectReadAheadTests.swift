import Domain
import Foundation
import Postgres
import Testing
import TestSupport

/// ``LargeObjectSource`` with a ``LargeObjectReadAhead``: the same bytes as without, whatever the pattern of reads,
/// from the exporting transaction's snapshot; a failure of the thread reaches the reader.
@Suite(.enabled(if: TestDatabase.isConfigured, "DATABASE_URL is not set: run scripts/test"))
struct LargeObjectReadAheadTests {
    /// 3.3 MiB whose every byte depends on its offset (so a byte from the wrong place shows).
    static let size = 3_300_000
    static func byte(at offset: Int) -> UInt8 { UInt8(truncatingIfNeeded: offset &* 7 &+ offset >> 9) }

    /// Three interleaved streams like a restore's (small requests straddling windows, 256 KiB requests, lookups
    /// front to back), then jumps back and forth; every read checked byte for byte.
    static func readAndCheck(_ source: LargeObjectSource) throws -> Int {
        var checked = 0
        var content = 0, lines = 1_400_000, directory = 2_900_000
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 << 10, alignment: 16)
        defer { buffer.deallocate() }
        func check(_ offset: Int, _ count: Int) throws {
            let wanted = max(0, min(count, size - offset))
            let got = try source.read(at: Int64(offset), into: UnsafeMutableRawBufferPointer(rebasing: buffer[..<count]))
            #expect(got == wanted)
            for index in stride(from: 0, to: got, by: 97) where buffer[index] != byte(at: offset + index) {
                Issue.record("byte \(offset + index) differs")
                return
            }
            if got > 0 { #expect(buffer[got - 1] == byte(at: offset + got - 1)) }
            checked += got
        }
        while content < 1_400_000 {
            try check(content, 30)
            try check(content + 30, 700)
            content += 730
            if content % 7 == 0, lines < 2_900_000 { try check(lines, 256 << 10); lines += 256 << 10 }
            if content % 3 == 0, directory < size { try check(directory, 90); directory += 90 }
        }
        for offset in [3_000_000, 10, 1_000_000, size - 5, 524_288, 2_000_000] { try check(offset, 4096) }
        return checked
    }

    @Test("Reads through the read-ahead equal the object's bytes, also after the object was deleted meanwhile")
    func sameBytes() throws {
        try TestDatabase.withTestDatabase { database in
            let db = try database.connect()
            let oid = try db.transaction { db in
                let oid = try db.createLargeObject()
                let object = try db.openLargeObject(oid, mode: .readWrite)
                try object.write((0..<Self.size).map(Self.byte(at:)))
                return oid
            }
            let reading = try database.connect()
            try reading.transaction(isolation: .repeatableRead, readOnly: true) { archiveDB in
                let snapshot = try archiveDB.query("SELECT pg_export_snapshot()")[0].decode(String.self, 0)
                let object = try archiveDB.openLargeObject(oid, mode: .read)
                // Deleted after the snapshot: the read-ahead, joined to it, still sees the object.
                try db.transaction { db in try db.unlinkLargeObject(oid) }
                let readAhead = LargeObjectSource.makeReadAhead(oid: oid, connection: try database.connect(), snapshot: snapshot)
                defer { readAhead.close() }
                let source = try LargeObjectSource(object: object, readAhead: readAhead)
                #expect(source.size == Int64(Self.size))
                #expect(try Self.readAndCheck(source) > 2_000_000)
            }
        }
    }

    @Test("A read-ahead that cannot start (no such snapshot) fails the reads, and closes")
    func failurePropagates() throws {
        try TestDatabase.withTestDatabase { database in
            let db = try database.connect()
            try db.transaction { db in
                let oid = try db.createLargeObject()
                let object = try db.openLargeObject(oid, mode: .readWrite)
                try object.write((0..<Self.size).map(Self.byte(at:)))
                let readAhead = LargeObjectSource.makeReadAhead(
                    oid: oid, connection: try database.connect(), snapshot: "00000000-00000000-1")
                defer { readAhead.close() }
                let source = try LargeObjectSource(object: object, readAhead: readAhead)
                #expect(throws: PostgresError.self) { _ = try Self.readAndCheck(source) }
            }
        }
    }
}
