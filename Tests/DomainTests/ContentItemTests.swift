import Domain
import Foundation
import Hashing
import Postgres
import Testing
import TestSupport

@Suite("Content store: items", .enabled(if: TestDatabase.isConfigured, "DATABASE_URL is not set: run scripts/test"))
struct ContentItemTests {
    let store = ContentStore()

    @Test("An item is created with its size, SHA-256, kind and content type, and reads back byte for byte")
    func createAndRead() throws {
        try TestDatabase.withTestSchema { db, _ in
            let ns = try ContentFixtures.namespace("ACME Corp.", on: db).id
            let bytes = ContentFixtures.xmlLike(count: 700_000, seed: 1)
            let path = try ContentFixtures.path("/Orders/Order Service")
            let source = ContentFixtures.Source(bytes, piece: 10_000)
            let result = try store.putItem(at: path, kind: .service, contentType: "application/xml", in: ns,
                                           on: db, reading: source.read(into:))
            #expect(result.wasCreated)
            #expect(result.value.size == 700_000)
            #expect(result.value.sha256 == SHA256.hex(bytes))
            #expect(result.value.kind == .service)
            #expect(result.value.contentType == "application/xml")
            #expect(result.value.createdAt == result.value.updatedAt)
            #expect(try store.item(at: path, in: ns, on: db) == result.value)

            var chunks = 0
            var read: [UInt8] = []
            let item = try store.readItem(at: path, in: ns, on: db) { item, content in
                #expect(content.count == 700_000)
                content.forEachChunk { chunk in
                    chunks += 1
                    #expect(chunk.count <= store.limits.chunkBytes)
                    read.append(contentsOf: chunk)
                }
                return item
            }
            #expect(item == result.value)
            #expect(read == bytes)
            #expect(chunks == 3)   // 700,000 bytes in 256 KiB chunks
            // The enclosing folder was created.
            #expect(try store.folder(at: try ContentFixtures.path("/Orders"), in: ns, on: db).permissions.isEmpty)
        }
    }

    @Test("Replacing keeps createdAt, moves updatedAt, and replaces bytes, kind and content type")
    func replace() throws {
        try TestDatabase.withTestSchema { db, _ in
            let ns = try ContentFixtures.namespace("ns", on: db).id
            let path = try ContentFixtures.path("/Models/Customer")
            let first = try store.putItem(at: path, kind: .model, contentType: "text/xml", in: ns, bytes: Array("v1".utf8), on: db)
            let second = try store.putItem(at: path, kind: .file, contentType: nil, in: ns, bytes: Array("version 2".utf8), on: db)
            #expect(!second.wasCreated)
            #expect(second.value.createdAt == first.value.createdAt)
            #expect(second.value.updatedAt > first.value.updatedAt)
            #expect(second.value.size == 9)
            #expect(second.value.sha256 == SHA256.hex(Array("version 2".utf8)))
            #expect(second.value.kind == .file)
            #expect(second.value.contentType == "application/octet-stream")
            #expect(try store.readItem(at: path, in: ns, on: db) { $1.copyBytes() } == Array("version 2".utf8))
            #expect(try store.listing(of: ns, on: db).items == [second.value])
        }
    }

    @Test func emptyItem() throws {
        try TestDatabase.withTestSchema { db, _ in
            let ns = try ContentFixtures.namespace("ns", on: db).id
            let path = try ContentFixtures.path("/empty")
            let result = try store.putItem(at: path, kind: .file, contentType: nil, in: ns, bytes: [], on: db)
            #expect(result.value.size == 0)
            #expect(result.value.sha256 == SHA256.hex([UInt8]()))
            #expect(try store.readItem(at: path, in: ns, on: db) { _, content in content.count } == 0)
        }
    }

    @Test("A 64 MiB item is accepted and reads back intact")
    func largestItem() throws {
        try TestDatabase.withTestSchema { db, _ in
            let ns = try ContentFixtures.namespace("ns", on: db).id
            let path = try ContentFixtures.path("/big.bin")
            let source = ContentFixtures.GeneratedSource(total: 64 << 20)
            let result = try store.putItem(at: path, kind: .file, contentType: nil, in: ns, on: db,
                                           reading: source.read(into:))   // no declared length: chunked upload
            #expect(result.value.size == 64 << 20)
            var digest = SHA256()
            var total = 0
            try store.readItem(at: path, in: ns, on: db) { _, content in
                content.forEachChunk { chunk in
                    digest.update(chunk)
                    total += chunk.count
                }
            }
            #expect(total == 64 << 20)
            #expect(digest.finalizeHex() == result.value.sha256)
        }
    }

    @Test("64 MiB + 1 is refused: unread when declared, within one chunk of the limit when streamed")
    func overLimit() throws {
        try TestDatabase.withTestSchema { db, _ in
            let ns = try ContentFixtures.namespace("ns", on: db).id
            let path = try ContentFixtures.path("/too big")
            let limit: Int64 = 64 << 20
            let declared = ContentFixtures.GeneratedSource(total: limit + 1)
            #expect(throws: ContentError.itemTooLarge(path: "/too big", limit: limit)) {
                try store.putItem(at: path, kind: .file, contentType: nil, in: ns, declaredLength: limit + 1, on: db,
                                  reading: declared.read(into:))
            }
            #expect(declared.given == 0)

            let streamed = ContentFixtures.GeneratedSource(total: limit + 1)
            #expect(throws: ContentError.itemTooLarge(path: "/too big", limit: limit)) {
                try store.putItem(at: path, kind: .file, contentType: nil, in: ns, on: db, reading: streamed.read(into:))
            }
            // The refusal came with the chunk that crossed the limit; nothing past it was read.
            #expect(streamed.given == limit + 1)
            #expect(try store.listing(of: ns, on: db) == ContentListing(folders: [], items: []))
        }
    }

    @Test("A configured smaller limit applies, with a sentence naming it")
    func configuredLimit() throws {
        try TestDatabase.withTestSchema { db, _ in
            let ns = try ContentFixtures.namespace("ns", on: db).id
            let small = ContentStore(limits: ContentLimits(maxItemBytes: 1000, chunkBytes: 300))
            _ = try small.putItem(at: try ContentFixtures.path("/ok"), kind: .file, contentType: nil, in: ns,
                                  bytes: Array(repeating: 7, count: 1000), on: db)
            let source = ContentFixtures.Source(Array(repeating: 7, count: 5000), piece: 300)
            let error = #expect(throws: ContentError.self) {
                try small.putItem(at: try ContentFixtures.path("/big"), kind: .file, contentType: nil, in: ns, on: db,
                                  reading: source.read(into:))
            }
            #expect(error == .itemTooLarge(path: "/big", limit: 1000))
            #expect(source.given == 1200)   // four chunks of 300: the fourth crosses 1000
            #expect(error?.message == "The item '/big' is larger than the limit of 1000 bytes.")
        }
    }

    @Test("Path conflicts both ways, including enclosing items, are refused before the body is read")
    func pathConflicts() throws {
        try TestDatabase.withTestSchema { db, _ in
            let ns = try ContentFixtures.namespace("ns", on: db).id
            _ = try store.putFolder(at: try ContentFixtures.path("/Folder/Sub"), permissions: [], in: ns, on: db)
            _ = try store.putItem(at: try ContentFixtures.path("/Folder/Item"), kind: .form, contentType: nil, in: ns,
                                  bytes: [1, 2, 3], on: db)

            // An item where a folder is.
            let source = ContentFixtures.Source([9, 9, 9])
            #expect(throws: ContentError.pathConflict(path: "/Folder/Sub", attempted: .item,
                                                      conflictingPath: "/Folder/Sub", existing: .folder)) {
                try store.putItem(at: try ContentFixtures.path("/Folder/Sub"), kind: .file, contentType: nil, in: ns,
                                  on: db, reading: source.read(into:))
            }
            #expect(source.given == 0)
            // An item where a folder is implied (an enclosing folder of other content).
            #expect(throws: ContentError.pathConflict(path: "/Folder", attempted: .item, conflictingPath: "/Folder",
                                                      existing: .folder)) {
                try store.putItem(at: try ContentFixtures.path("/Folder"), kind: .file, contentType: nil, in: ns, bytes: [], on: db)
            }
            // A folder where an item is.
            #expect(throws: ContentError.pathConflict(path: "/Folder/Item", attempted: .folder,
                                                      conflictingPath: "/Folder/Item", existing: .item)) {
                try store.putFolder(at: try ContentFixtures.path("/Folder/Item"), permissions: [], in: ns, on: db)
            }
            // Anything below an item, however deep.
            #expect(throws: ContentError.pathConflict(path: "/Folder/Item/x", attempted: .item,
                                                      conflictingPath: "/Folder/Item", existing: .item)) {
                try store.putItem(at: try ContentFixtures.path("/Folder/Item/x"), kind: .file, contentType: nil, in: ns,
                                  bytes: [], on: db)
            }
            #expect(throws: ContentError.pathConflict(path: "/Folder/Item/a/b", attempted: .folder,
                                                      conflictingPath: "/Folder/Item", existing: .item)) {
                try store.putFolder(at: try ContentFixtures.path("/Folder/Item/a/b"), permissions: [], in: ns, on: db)
            }
            let listing = try store.listing(of: ns, on: db)
            #expect(listing.folders.map(\.path) == ["/Folder", "/Folder/Sub"])
            #expect(listing.items.map(\.path) == ["/Folder/Item"])
        }
    }

    @Test func deleteAndNotFound() throws {
        try TestDatabase.withTestSchema { db, _ in
            let ns = try ContentFixtures.namespace("ns", on: db).id
            let path = try ContentFixtures.path("/Forms/Entry")
            _ = try store.putItem(at: path, kind: .form, contentType: nil, in: ns, bytes: [1], on: db)
            try store.deleteItem(at: path, in: ns, on: db)
            #expect(throws: ContentError.itemNotFound(path: "/Forms/Entry")) { try store.deleteItem(at: path, in: ns, on: db) }
            #expect(throws: ContentError.itemNotFound(path: "/Forms/Entry")) { try store.item(at: path, in: ns, on: db) }
            #expect(throws: ContentError.itemNotFound(path: "/Forms/Entry")) {
                try store.readItem(at: path, in: ns, on: db) { _, _ in () }
            }
            // A folder is not an item; the folder stays.
            #expect(throws: ContentError.itemNotFound(path: "/Forms")) {
                try store.deleteItem(at: try ContentFixtures.path("/Forms"), in: ns, on: db)
            }
            let unknown = UUID()
            #expect(throws: ContentError.namespaceNotFound(.id(unknown))) { try store.item(at: path, in: unknown, on: db) }
            #expect(throws: ContentError.namespaceNotFound(.id(unknown))) {
                try store.readItem(at: path, in: unknown, on: db) { _, _ in () }
            }
            #expect(throws: ContentError.namespaceNotFound(.id(unknown))) { try store.deleteItem(at: path, in: unknown, on: db) }
            #expect(throws: ContentError.namespaceNotFound(.id(unknown))) {
                try store.putItem(at: path, kind: .file, contentType: nil, in: unknown, bytes: [], on: db)
            }
        }
    }

    @Test("Content types are trimmed, defaulted and checked")
    func contentTypes() throws {
        try TestDatabase.withTestSchema { db, _ in
            let ns = try ContentFixtures.namespace("ns", on: db).id
            let path = try ContentFixtures.path("/x")
            #expect(try store.putItem(at: path, kind: .file, contentType: " text/plain; charset=utf-8 ", in: ns, bytes: [],
                                      on: db).value.contentType == "text/plain; charset=utf-8")
            #expect(try store.putItem(at: path, kind: .file, contentType: "  ", in: ns, bytes: [], on: db).value.contentType
                == "application/octet-stream")
            for bad in ["text/\u{1}plain", "x/" + String(repeating: "y", count: 300)] {
                let error = #expect(throws: ContentError.self) {
                    try store.putItem(at: path, kind: .file, contentType: bad, in: ns, bytes: [], on: db)
                }
                guard case .invalidContentType = error else {
                    Issue.record("expected invalidContentType, got \(String(describing: error))")
                    continue
                }
            }
        }
    }

    @Test("Listing sorts folders and items by code point: 'B' < 'a' < 'ä'")
    func listingOrder() throws {
        try TestDatabase.withTestSchema { db, _ in
            let ns = try ContentFixtures.namespace("ns", on: db).id
            for name in ["ä", "a", "B", "a b", "Z"] {
                _ = try store.putItem(at: try ContentFixtures.path("/items/\(name)"), kind: .file, contentType: nil, in: ns,
                                      bytes: [], on: db)
                _ = try store.putFolder(at: try ContentFixtures.path("/\(name)"), permissions: [], in: ns, on: db)
            }
            let listing = try store.listing(of: ns, on: db)
            #expect(listing.folders.map(\.path) == ["/B", "/Z", "/a", "/a b", "/items", "/ä"])
            #expect(listing.items.map(\.path) == ["/items/B", "/items/Z", "/items/a", "/items/a b", "/items/ä"])
            var streamed: [String] = []
            try store.forEachItem(of: ns, on: db) { item, _ in streamed.append(item.path) }
            #expect(streamed == listing.items.map(\.path))
        }
    }
}
