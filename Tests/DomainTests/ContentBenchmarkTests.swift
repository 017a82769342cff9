import Domain
import Foundation
import Hashing
import Postgres
import Testing
import TestSupport

/// Throwaway measurements for issue 5's note and for the column-storage choice in sql/0002. Not unit tests: they
/// only run with NSBACKUP_BENCH=1 and print their figures; they assert only that the data arrived.
///
///     NSBACKUP_BENCH=1 scripts/test --filter ContentBenchmarkTests
@Suite("Content benchmarks (NSBACKUP_BENCH=1)", .serialized,
       .enabled(if: TestDatabase.isConfigured && ProcessInfo.processInfo.environment["NSBACKUP_BENCH"] == "1",
                "set NSBACKUP_BENCH=1 (and DATABASE_URL) to run the benchmarks"))
struct ContentBenchmarkTests {
    static let itemCount = 10_000
    static let itemBytes = 20 << 10
    /// Distinct documents, cycled: the database compresses each value on its own, so 1,000 distinct documents cost
    /// what 10,000 would, without 200 MiB of test data in memory.
    static let documents: [(bytes: [UInt8], sha256: String)] = (0..<1000).map { seed in
        let bytes = ContentFixtures.xmlLike(count: itemBytes, seed: UInt64(seed))
        return (bytes, SHA256.hex(bytes))
    }

    static var megabytes: Double { Double(itemCount * itemBytes) / 1_000_000 }

    static func report(_ label: String, _ duration: Duration, extra: String = "") {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        print(String(format: "BENCH %@: %.2f s, %.1f MB/s, %.0f items/s %@", label, seconds, megabytes / seconds,
                     Double(itemCount) / seconds, extra))
    }

    func bulkLoad(storage: String) throws {
        try TestDatabase.withTestSchema { db, _ in
            try db.executeScript(unsafeSQL: storage)
            let ns = try ContentFixtures.namespace("bench", on: db).id
            let now = Date()
            let start = ContinuousClock.now
            let summary = try db.transaction { tx in
                try NamespaceLock.acquire(ns, timeout: .seconds(5), on: tx)
                return try ContentBulkLoader().load(folders: [], items: { sink in
                    for index in 0..<Self.itemCount {
                        let document = Self.documents[index % Self.documents.count]
                        let item = Item(path: "/folder \(index / 100)/item \(index)", kind: .service,
                                        contentType: "application/xml", size: Int64(Self.itemBytes), sha256: document.sha256,
                                        createdAt: now, updatedAt: now)
                        let source = ContentFixtures.Source(document.bytes)
                        try sink.add(item, reading: source.read(into:))
                    }
                }, into: ns, on: tx)
            }
            let elapsed = ContinuousClock.now - start
            #expect(summary.items == Self.itemCount)
            let size = try db.query("SELECT pg_total_relation_size('items')")[0].decode(Int64.self, 0)
            Self.report("bulk COPY, \(storage)", elapsed, extra: String(format: "(items table %.1f MiB)", Double(size) / 1_048_576))

            let readStart = ContinuousClock.now
            var bytes = 0
            try ContentStore().forEachItem(of: ns, on: db) { _, content in bytes += content.count }
            Self.report("read back with forEachItem (COPY TO), \(storage)", ContinuousClock.now - readStart)
            #expect(bytes == Self.itemCount * Self.itemBytes)
        }
    }

    @Test func bulkLoadLZ4() throws {
        try bulkLoad(storage: "ALTER TABLE items ALTER COLUMN content SET COMPRESSION lz4")
    }

    @Test func bulkLoadPGLZ() throws {
        try bulkLoad(storage: "ALTER TABLE items ALTER COLUMN content SET COMPRESSION pglz")
    }

    @Test func bulkLoadExternal() throws {
        try bulkLoad(storage: "ALTER TABLE items ALTER COLUMN content SET STORAGE EXTERNAL")
    }

    @Test("10,000 × 20 KiB through ContentStore.putItem, one transaction per item")
    func putItemRowByRow() throws {
        try TestDatabase.withTestSchema { db, _ in
            let ns = try ContentFixtures.namespace("bench", on: db).id
            let store = ContentStore()
            let start = ContinuousClock.now
            for index in 0..<Self.itemCount {
                let document = Self.documents[index % Self.documents.count]
                _ = try store.putItem(at: try ContentPath(parsing: "/folder \(index / 100)/item \(index)"), kind: .service,
                                      contentType: "application/xml", in: ns, bytes: document.bytes, on: db)
            }
            Self.report("putItem row by row, lz4", ContinuousClock.now - start)
            #expect(try NamespaceStore().namespace(id: ns, on: db).itemCount == Self.itemCount)
        }
    }

    @Test("100,000 small items: bulk load, namespace counts, full listing, subtree delete")
    func largeNamespace() throws {
        try TestDatabase.withTestSchema { db, _ in
            let ns = try ContentFixtures.namespace("large", on: db).id
            let bytes = Array("<item/>".utf8)
            let sha = SHA256.hex(bytes)
            let now = Date()
            var start = ContinuousClock.now
            _ = try db.transaction { tx in
                try ContentBulkLoader().load(folders: [], items: { sink in
                    for index in 0..<100_000 {
                        let item = Item(path: "/f\(index / 1000)/g\(index / 100 % 10)/item \(index)", kind: .file,
                                        contentType: "application/xml", size: Int64(bytes.count), sha256: sha,
                                        createdAt: now, updatedAt: now)
                        try sink.add(item, reading: ContentFixtures.Source(bytes).read(into:))
                    }
                }, into: ns, on: tx)
            }
            print("BENCH 100k items: bulk load \(ContinuousClock.now - start)")
            try db.executeScript(unsafeSQL: "ANALYZE items; ANALYZE folders")
            start = ContinuousClock.now
            let namespace = try NamespaceStore().namespace(id: ns, on: db)
            print("BENCH 100k items: namespace with counts \(ContinuousClock.now - start)")
            #expect(namespace.itemCount == 100_000)
            start = ContinuousClock.now
            let listing = try ContentStore().listing(of: ns, on: db)
            print("BENCH 100k items: full listing \(ContinuousClock.now - start)")
            #expect(listing.items.count == 100_000)
            start = ContinuousClock.now
            let deleted = try ContentStore().deleteFolder(at: try ContentPath(parsing: "/f5"), in: ns, on: db)
            print("BENCH 100k items: delete a 1,000-item subtree \(ContinuousClock.now - start)")
            #expect(deleted.items == 1000)
        }
    }
}
