import Domain
import Foundation
import Hashing
import Postgres
import Synchronization
import Testing
import TestSupport

@Suite("Content store: concurrent writers", .enabled(if: TestDatabase.isConfigured, "DATABASE_URL is not set: run scripts/test"))
struct ContentConcurrencyTests {
    @Test("32 writers on their own connections, overlapping paths: only legitimate conflicts, consistent end state")
    func overlappingWriters() throws {
        try TestDatabase.withTestSchema { db, schema in
            let ns = try ContentFixtures.namespace("Jane's Services", on: db).id
            let other = try ContentFixtures.namespace("Other", on: db).id
            let pool = ContentFixtures.pool(schema: schema, size: 32)
            let store = ContentStore()
            let unexpected = Mutex<[String]>([])
            let conflicts = Atomic<Int>(0)
            let writes = Atomic<Int>(0)

            let errors = ContentFixtures.runConcurrently(32) { writer in
                for round in 0..<12 {
                    let namespace = writer % 8 == 7 ? other : ns
                    let bytes = Array("writer \(writer) round \(round) ".utf8) + Array(repeating: UInt8(writer), count: 1000 * (round + 1))
                    do {
                        try pool.withConnection { connection in
                            switch (writer + round) % 6 {
                            case 0, 1:   // the same few items, replaced over and over
                                _ = try store.putItem(at: try ContentPath(parsing: "/Shared/item-\(round % 3)"), kind: .service,
                                                      contentType: "application/xml", in: namespace, bytes: bytes, on: connection)
                            case 2:      // deep items whose parents are created implicitly by many writers at once
                                _ = try store.putItem(at: try ContentPath(parsing: "/Deep/\(round % 2)/x/\(writer % 4)"),
                                                      kind: .model, contentType: nil, in: namespace, bytes: bytes, on: connection)
                            case 3:      // folder permissions replaced concurrently
                                _ = try store.putFolder(at: try ContentPath(parsing: "/Shared"),
                                                        permissions: [Permission(principal: "writer:\(writer)", access: .write)],
                                                        in: namespace, on: connection)
                            case 4:      // a path that is an item for some writers and a folder for others
                                if writer % 2 == 0 {
                                    _ = try store.putItem(at: try ContentPath(parsing: "/Contested"), kind: .file,
                                                          contentType: nil, in: namespace, bytes: bytes, on: connection)
                                } else {
                                    _ = try store.putFolder(at: try ContentPath(parsing: "/Contested/sub"), permissions: [],
                                                            in: namespace, on: connection)
                                }
                            default:     // deletes racing with the writes above
                                if round % 2 == 0 {
                                    try store.deleteFolder(at: try ContentPath(parsing: "/Contested"), in: namespace, on: connection)
                                } else {
                                    try store.deleteItem(at: try ContentPath(parsing: "/Contested"), in: namespace, on: connection)
                                }
                            }
                        }
                        writes.add(1, ordering: .relaxed)
                    } catch let error as ContentError {
                        switch error {
                        case .pathConflict, .itemNotFound, .folderNotFound:
                            conflicts.add(1, ordering: .relaxed)
                        default:
                            unexpected.withLock { $0.append("\(error)") }
                        }
                    }
                }
            }
            #expect(errors.isEmpty, "errors other than ContentError: \(errors)")
            #expect(unexpected.withLock { $0 }.isEmpty)
            #expect(writes.load(ordering: .relaxed) + conflicts.load(ordering: .relaxed) == 32 * 12)
            #expect(writes.load(ordering: .relaxed) > 32 * 6)

            for namespace in [ns, other] {
                try Self.expectConsistent(namespace, store: store, on: db)
            }
        }
    }

    /// Every enclosing folder exists, no path is both a folder and an item, and every item's bytes match its metadata.
    static func expectConsistent(_ namespace: UUID, store: ContentStore, on db: PostgresConnection) throws {
        let listing = try store.listing(of: namespace, on: db)
        let folders = Set(listing.folders.map(\.path))
        let items = Set(listing.items.map(\.path))
        #expect(folders.isDisjoint(with: items))
        for path in listing.folders.map(\.path) + listing.items.map(\.path) {
            for ancestor in try ContentPath(parsing: path).ancestors {
                #expect(folders.contains(ancestor.string), "\(path) lacks its folder \(ancestor)")
            }
        }
        var checked = 0
        try store.forEachItem(of: namespace, on: db) { item, content in
            var digest = SHA256()
            content.forEachChunk { digest.update($0) }
            #expect(digest.finalizeHex() == item.sha256)
            #expect(Int64(content.count) == item.size)
            checked += 1
        }
        #expect(checked == items.count)
    }
}
