import Domain
import Foundation
import Hashing
import Postgres
import Testing
import TestSupport

@Suite("Content bulk loader", .enabled(if: TestDatabase.isConfigured, "DATABASE_URL is not set: run scripts/test"))
struct ContentBulkLoaderTests {
    let loader = ContentBulkLoader()
    let store = ContentStore()

    /// A date with whole microseconds, as the database stores it.
    static func date(_ micros: Int64) -> Date {
        Date(timeIntervalSince1970: Double(micros / 1_000_000) + Double(micros % 1_000_000) / 1_000_000)
    }

    static func item(_ path: String, _ bytes: [UInt8], kind: ItemKind = .file, contentType: String = "application/xml") -> Item {
        Item(path: path, kind: kind, contentType: contentType, size: Int64(bytes.count), sha256: SHA256.hex(bytes),
             createdAt: date(1_615_477_631_123_456), updatedAt: date(1_615_477_700_000_001))
    }

    @Test("Folders and items stream in with permissions, timestamps and bytes kept; missing parents are made")
    func loadRoundTrip() throws {
        try TestDatabase.withTestSchema { db, _ in
            let ns = try ContentFixtures.namespace("ACME Corp.", on: db).id
            let folders = [
                Folder(path: "/Orders", permissions: [Permission(principal: "group:designers", access: .write)],
                       createdAt: Self.date(1_600_000_000_000_001), updatedAt: Self.date(1_600_000_100_000_002)),
                Folder(path: "/Orders/Archive", permissions: [], createdAt: Self.date(1_600_000_000_000_000),
                       updatedAt: Self.date(1_600_000_000_000_000)),
            ]
            var contents: [String: [UInt8]] = [:]
            var items: [Item] = []
            for index in 0..<300 {
                let bytes = ContentFixtures.xmlLike(count: 100 + index * 97, seed: UInt64(index))
                let path = index % 3 == 0 ? "/Orders/Svc \(index)" : "/Lib/ä/\(index)"   // /Lib and /Lib/ä are missing
                contents[path] = bytes
                items.append(Self.item(path, bytes, kind: ItemKind.allCases[index % 5]))
            }
            items.append(Self.item("/Big", ContentFixtures.xmlLike(count: 3 << 20, seed: 99)))
            contents["/Big"] = ContentFixtures.xmlLike(count: 3 << 20, seed: 99)

            let summary = try db.transaction { tx in
                try NamespaceLock.acquire(ns, timeout: .seconds(5), on: tx)
                return try loader.load(folders: folders, items: { sink in
                    for item in items {
                        let source = ContentFixtures.Source(contents[item.path]!, piece: 5000)
                        try sink.add(item, reading: source.read(into:))
                    }
                }, into: ns, on: tx)
            }
            #expect(summary.folders == 2)
            #expect(summary.implicitFolders == ["/Lib", "/Lib/ä"])
            #expect(summary.items == 301)
            #expect(summary.bytes == items.reduce(0) { $0 + $1.size })

            let listing = try store.listing(of: ns, on: db)
            #expect(Array(listing.folders.filter { $0.path.hasPrefix("/Orders") }) == folders)
            #expect(listing.folders.map(\.path) == ["/Lib", "/Lib/ä", "/Orders", "/Orders/Archive"])
            let expected = items.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
            #expect(listing.items == expected)
            var streamed = 0
            try store.forEachItem(of: ns, on: db) { item, content in
                #expect(content.copyBytes() == contents[item.path])
                streamed += 1
            }
            #expect(streamed == 301)
        }
    }

    @Test("Bytes that disagree with size or SHA-256 abort the load", arguments: [
        ("short", "it has 3 bytes but its size says 4"), ("long", "it has more than the 4 bytes its size says"),
        ("hash", "its SHA-256 is"),
    ])
    func mismatches(_ fault: String, _ reason: String) throws {
        try TestDatabase.withTestSchema { db, _ in
            let ns = try ContentFixtures.namespace("ns", on: db).id
            var item = Self.item("/x", [1, 2, 3, 4])
            var bytes: [UInt8] = [1, 2, 3, 4]
            switch fault {
            case "short": bytes = [1, 2, 3]
            case "long": bytes = [1, 2, 3, 4, 5]
            default: item.sha256 = SHA256.hex([9, 9, 9, 9])
            }
            let error = #expect(throws: ContentError.self) {
                try db.transaction { tx in
                    try loader.load(folders: [], items: { sink in
                        try sink.add(Self.item("/fine", [0]), reading: ContentFixtures.Source([0]).read(into:))
                        try sink.add(item, reading: ContentFixtures.Source(bytes, piece: 1).read(into:))
                    }, into: ns, on: tx)
                }
            }
            guard case .itemContentMismatch(let path, let message) = error else {
                Issue.record("expected itemContentMismatch, got \(String(describing: error))")
                return
            }
            #expect(path == "/x")
            #expect(message.contains(reason))
            #expect(try store.listing(of: ns, on: db) == ContentListing(folders: [], items: []))
        }
    }

    @Test("Conflicting, duplicate and invalid paths abort the load")
    func invalidTrees() throws {
        let cases: [(folders: [String], items: [String], expected: ContentError)] = [
            (["/a"], ["/a"], .pathConflict(path: "/a", attempted: .item, conflictingPath: "/a", existing: .folder)),
            ([], ["/a", "/a/b"], .pathConflict(path: "/a/b", attempted: .item, conflictingPath: "/a", existing: .item)),
            ([], ["/a/b", "/a"], .pathConflict(path: "/a", attempted: .item, conflictingPath: "/a", existing: .folder)),
            ([], ["/a", "/a"], .pathConflict(path: "/a", attempted: .item, conflictingPath: "/a", existing: .item)),
            (["/f", "/f"], [], .pathConflict(path: "/f", attempted: .folder, conflictingPath: "/f", existing: .folder)),
        ]
        try TestDatabase.withTestSchema { db, _ in
            let ns = try ContentFixtures.namespace("ns", on: db).id
            for (folders, items, expected) in cases {
                #expect(throws: expected) {
                    try db.transaction { tx in
                        try loader.load(folders: folders.map { Folder(path: $0, permissions: [], createdAt: Date(), updatedAt: Date()) },
                                        items: { sink in
                                            for path in items {
                                                try sink.add(Self.item(path, []), reading: { _ in 0 })
                                            }
                                        }, into: ns, on: tx)
                    }
                }
            }
            let invalid = #expect(throws: ContentError.self) {
                try db.transaction { tx in
                    try loader.load(folders: [], items: { sink in
                        try sink.add(Self.item("/a/../b", []), reading: { _ in 0 })
                    }, into: ns, on: tx)
                }
            }
            guard case .invalidName(let nameError) = invalid else {
                Issue.record("expected invalidName, got \(String(describing: invalid))")
                return
            }
            #expect(nameError.rule == .dotSegment)
            #expect(try store.listing(of: ns, on: db) == ContentListing(folders: [], items: []))
        }
    }

    @Test("removeContent empties one namespace and leaves the others")
    func removeContent() throws {
        try TestDatabase.withTestSchema { db, _ in
            let ns = try ContentFixtures.namespace("ns", on: db).id
            let other = try ContentFixtures.namespace("other", on: db).id
            for namespace in [ns, other] {
                _ = try store.putItem(at: try ContentFixtures.path("/a/b/c"), kind: .file, contentType: nil, in: namespace,
                                      bytes: [1], on: db)
            }
            let removed = try db.transaction { tx in
                try NamespaceLock.acquire(ns, timeout: .seconds(5), on: tx)
                return try loader.removeContent(of: ns, on: tx)
            }
            #expect(removed == DeletedContent(folders: 2, items: 1))
            #expect(try store.listing(of: ns, on: db) == ContentListing(folders: [], items: []))
            #expect(try store.listing(of: other, on: db).items.count == 1)
        }
    }

    @Test("A write waits for a restore's lock; a write that waits too long is namespaceBusy")
    func lockExcludesWriters() throws {
        try TestDatabase.withTestSchema { db, schema in
            let ns = try ContentFixtures.namespace("ns", on: db).id
            let pool = ContentFixtures.pool(schema: schema, size: 2)
            let impatient = ContentStore(limits: ContentLimits(lockTimeout: .milliseconds(200)))
            try db.transaction { tx in
                try NamespaceLock.acquire(ns, timeout: .seconds(5), on: tx)
                let error = #expect(throws: ContentError.self) {
                    try pool.withConnection { other in
                        try impatient.putFolder(at: try ContentFixtures.path("/x"), permissions: [], in: ns, on: other)
                    }
                }
                #expect(error == .namespaceBusy(id: ns, waited: .milliseconds(200)))
                // Foreign-key inserts that reference the namespace are not blocked by the lock.
                try pool.withConnection { other in
                    try other.setLockTimeout(milliseconds: 2000)
                    try other.execute("""
                        INSERT INTO backups (name, namespace_id, namespace_name, status, origin)
                        VALUES ('b', \(ns), 'ns', 'creating', 'created')
                        """)
                }
            }
        }
    }
}
