import Domain
import Foundation
import Postgres
import Testing
import TestSupport

@Suite("Content store inside a caller's transaction", .enabled(if: TestDatabase.isConfigured, "DATABASE_URL is not set: run scripts/test"))
struct ContentTransactionTests {
    let store = ContentStore()

    @Test("Writes join the caller's transaction: a refused write leaves it usable, a rollback undoes the rest")
    func savepoints() throws {
        try TestDatabase.withTestSchema { db, _ in
            let ns = try ContentFixtures.namespace("ns", on: db).id
            struct Abort: Error {}
            var aborted = false
            do {
                try db.transaction { tx in
                    _ = try store.putItem(at: try ContentFixtures.path("/a/item"), kind: .file, contentType: nil, in: ns,
                                          bytes: [1], on: tx)
                    // Refused inside the transaction: only its savepoint is undone.
                    #expect(throws: ContentError.self) {
                        try store.putFolder(at: try ContentFixtures.path("/a/item"), permissions: [], in: ns, on: tx)
                    }
                    #expect(try store.listing(of: ns, on: tx).items.map(\.path) == ["/a/item"])
                    #expect(try store.readItem(at: try ContentFixtures.path("/a/item"), in: ns, on: tx) { $1.copyBytes() } == [1])
                    throw Abort()
                }
            } catch is Abort {
                aborted = true
            }
            #expect(aborted)
            #expect(try store.listing(of: ns, on: db) == ContentListing(folders: [], items: []))

            try db.transaction { tx in
                _ = try store.putFolder(at: try ContentFixtures.path("/kept"), permissions: [], in: ns, on: tx)
            }
            #expect(try store.listing(of: ns, on: db).folders.map(\.path) == ["/kept"])
        }
    }
}
