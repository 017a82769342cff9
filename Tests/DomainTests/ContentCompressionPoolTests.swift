@testable import Domain
import Foundation
import Hashing
import Testing
import ZipArchive

/// The backup's compression workers: results in submission order, errors at the content that caused them,
/// memory bounded by the byte limit, and no thread left behind by `shutdown`, also mid-way.
@Suite struct ContentCompressionPoolTests {
    static func content(_ index: Int, size: Int) -> (ArchiveItem, [UInt8]) {
        let line = Array("<task id=\"\(index)\" name=\"Step \(index)\"/>\n".utf8)
        let bytes = Array((0..<max(size / line.count, 1)).flatMap { _ in line }.prefix(size))
        let item = ArchiveItem(
            path: "/f/item \(index)", kind: .model, contentType: "application/xml", size: Int64(bytes.count),
            sha256: SHA256.hex(bytes), createdAt: ArchiveTimestamp(microseconds: 0),
            updatedAt: ArchiveTimestamp(microseconds: 0), entry: "content/f/item \(index)")
        return (item, bytes)
    }

    static func inflate(_ entry: DeflatedEntry, name: String) throws -> [UInt8] {
        let writer = ZipWriter(sink: ZipMemorySink())
        try writer.addEntry(name, deflated: entry)
        let reader = try ZipReader(source: ZipMemorySource(try writer.finish().bytes))
        return try reader.contents(of: reader.requireEntry(named: name))
    }

    @Test("Results come back in submission order with the right bytes", arguments: [1, 2, 4])
    func inOrder(workers: Int) throws {
        let pool = ContentCompressionPool(workers: workers, level: 1, byteLimit: 64 << 10)
        defer { pool.shutdown() }
        let contents = (0..<200).map { Self.content($0, size: [0, 1, 100, 2_048, 20_480, 70_000][$0 % 6]) }
        var next = 0
        for (item, bytes) in contents {
            while !pool.hasRoom(for: bytes.count) {
                let result = try #require(try pool.next())
                #expect(result.item == contents[next].0)
                #expect(try Self.inflate(result.deflated, name: "x") == contents[next].1)
                next += 1
            }
            pool.submit(item, bytes: bytes)
        }
        while let result = try pool.next() {
            #expect(result.item == contents[next].0)
            #expect(result.deflated.size == Int64(contents[next].1.count))
            #expect(try Self.inflate(result.deflated, name: "x") == contents[next].1)
            next += 1
        }
        #expect(next == contents.count)
        #expect(pool.isEmpty)
    }

    @Test("A content that does not match its SHA-256 fails at its own position")
    func damagedContent() throws {
        let pool = ContentCompressionPool(workers: 2, level: 1, byteLimit: 1 << 20)
        defer { pool.shutdown() }
        for index in 0..<10 {
            var (item, bytes) = Self.content(index, size: 5_000)
            if index == 6 { bytes[100] ^= 1 }
            if index == 8 { item.size += 1 }
            pool.submit(item, bytes: bytes)
        }
        for index in 0..<6 { #expect(try pool.next()?.item.path == "/f/item \(index)") }
        #expect(throws: ExportFailure.self) { try pool.next() }
        #expect(try pool.next()?.item.path == "/f/item 7")
        #expect(throws: ExportFailure.self) { try pool.next() }
    }

    @Test("Shutdown mid-way, with contents queued, returns once every worker is gone")
    func shutdownMidWay() throws {
        let pool = ContentCompressionPool(workers: 2, level: 9, byteLimit: 1 << 30)
        for index in 0..<50 {
            let (item, bytes) = Self.content(index, size: 200_000)
            pool.submit(item, bytes: bytes)
        }
        _ = try pool.next()
        #expect(pool.runningWorkers == 2)
        pool.shutdown()
        #expect(pool.runningWorkers == 0)
        pool.shutdown()  // twice is harmless
        #expect(pool.runningWorkers == 0)
        // Once shut down, the pool says so instead of handing out more or hanging.
        #expect(throws: ExportFailure.self) { try pool.next() }
    }

    @Test("The byte limit bounds what is in flight; one content over it is admitted alone")
    func byteLimit() throws {
        let pool = ContentCompressionPool(workers: 1, level: 1, byteLimit: 10_000)
        defer { pool.shutdown() }
        #expect(pool.hasRoom(for: 50_000))
        let (big, bigBytes) = Self.content(0, size: 50_000)
        pool.submit(big, bytes: bigBytes)
        #expect(!pool.hasRoom(for: 1))
        _ = try pool.next()
        #expect(pool.hasRoom(for: 10_000))
        let (small, smallBytes) = Self.content(1, size: 6_000)
        pool.submit(small, bytes: smallBytes)
        #expect(pool.hasRoom(for: 10_000 - smallBytes.count))
        #expect(!pool.hasRoom(for: 10_001 - smallBytes.count))
        _ = try pool.next()
        #expect(try pool.next() == nil)
    }
}
