import Domain
import Foundation
import Postgres
import Testing
import TestSupport

@Suite("Content store: folders", .enabled(if: TestDatabase.isConfigured, "DATABASE_URL is not set: run scripts/test"))
struct ContentFolderTests {
    let store = ContentStore()
    let designers = [Permission(principal: "group:designers", access: .write), Permission(principal: "user:jane", access: .admin)]

    @Test("A folder is created with its permissions, then replaced (createdAt kept, updatedAt moved)")
    func createThenReplace() throws {
        try TestDatabase.withTestSchema { db, _ in
            let ns = try ContentFixtures.namespace("ACME Corp.", on: db).id
            let path = try ContentFixtures.path("/Orders")
            let created = try store.putFolder(at: path, permissions: designers, in: ns, on: db)
            #expect(created.wasCreated)
            #expect(created.value.path == "/Orders")
            #expect(created.value.permissions == designers)
            #expect(try store.folder(at: path, in: ns, on: db) == created.value)

            let readers = [Permission(principal: "group:everyone", access: .read)]
            let replaced = try store.putFolder(at: path, permissions: readers, in: ns, on: db)
            #expect(!replaced.wasCreated)
            #expect(replaced.value.permissions == readers)
            #expect(replaced.value.createdAt == created.value.createdAt)
            #expect(replaced.value.updatedAt > created.value.updatedAt)
            #expect(try store.folder(at: path, in: ns, on: db) == replaced.value)

            // No permissions given: an existing folder stays as it is.
            let untouched = try store.putFolder(at: path, permissions: nil, in: ns, on: db)
            #expect(!untouched.wasCreated)
            #expect(untouched.value == replaced.value)
        }
    }

    @Test("Missing enclosing folders are created with no permissions")
    func implicitParents() throws {
        try TestDatabase.withTestSchema { db, _ in
            let ns = try ContentFixtures.namespace("ns", on: db).id
            let result = try store.putFolder(at: try ContentFixtures.path("/a/b/c"), permissions: designers, in: ns, on: db)
            #expect(result.wasCreated)
            let listing = try store.listing(of: ns, on: db)
            #expect(listing.folders.map(\.path) == ["/a", "/a/b", "/a/b/c"])
            #expect(listing.folders.map(\.permissions) == [[], [], designers])
            // An implicit parent is a normal folder: putting it replaces its permissions (200).
            #expect(!(try store.putFolder(at: try ContentFixtures.path("/a"), permissions: designers, in: ns, on: db)).wasCreated)
        }
    }

    @Test("Deleting a folder deletes its subtree and nothing else (/A vs /AB, /A B, /A0, /A.b)")
    func deleteSubtree() throws {
        try TestDatabase.withTestSchema { db, _ in
            let ns = try ContentFixtures.namespace("ns", on: db).id
            let other = try ContentFixtures.namespace("other", on: db).id
            for folder in ["/A/x", "/A/y/deep", "/AB", "/A B", "/A0", "/A.b", "/B"] {
                _ = try store.putFolder(at: try ContentFixtures.path(folder), permissions: [], in: ns, on: db)
            }
            _ = try store.putFolder(at: try ContentFixtures.path("/A/x"), permissions: [], in: other, on: db)
            for item in ["/A/i1", "/A/y/deep/i2", "/AB/i3", "/A B/i4", "/A0/i5", "/Aitem"] {
                _ = try store.putItem(at: try ContentFixtures.path(item), kind: .file, contentType: nil, in: ns,
                                      bytes: Array(item.utf8), on: db)
            }
            let deleted = try store.deleteFolder(at: try ContentFixtures.path("/A"), in: ns, on: db)
            #expect(deleted == DeletedContent(folders: 4, items: 2))   // /A, /A/x, /A/y, /A/y/deep; i1, i2

            let listing = try store.listing(of: ns, on: db)
            #expect(listing.folders.map(\.path) == ["/A B", "/A.b", "/A0", "/AB", "/B"])
            #expect(listing.items.map(\.path) == ["/A B/i4", "/A0/i5", "/AB/i3", "/Aitem"])
            #expect(try store.listing(of: other, on: db).folders.map(\.path) == ["/A", "/A/x"])
        }
    }

    @Test func missingFoldersAreNotFound() throws {
        try TestDatabase.withTestSchema { db, _ in
            let ns = try ContentFixtures.namespace("ns", on: db).id
            _ = try store.putItem(at: try ContentFixtures.path("/item"), kind: .file, contentType: nil, in: ns, bytes: [1], on: db)
            let path = try ContentFixtures.path("/nope")
            #expect(throws: ContentError.folderNotFound(path: "/nope")) { try store.folder(at: path, in: ns, on: db) }
            #expect(throws: ContentError.folderNotFound(path: "/nope")) { try store.deleteFolder(at: path, in: ns, on: db) }
            // An item is not a folder.
            let item = try ContentFixtures.path("/item")
            #expect(throws: ContentError.folderNotFound(path: "/item")) { try store.deleteFolder(at: item, in: ns, on: db) }
            #expect(try store.listing(of: ns, on: db).items.count == 1)

            let unknown = UUID()
            #expect(throws: ContentError.namespaceNotFound(.id(unknown))) { try store.folder(at: path, in: unknown, on: db) }
            #expect(throws: ContentError.namespaceNotFound(.id(unknown))) {
                try store.putFolder(at: path, permissions: nil, in: unknown, on: db)
            }
            #expect(throws: ContentError.namespaceNotFound(.id(unknown))) { try store.deleteFolder(at: path, in: unknown, on: db) }
            #expect(throws: ContentError.namespaceNotFound(.id(unknown))) { try store.listing(of: unknown, on: db) }
        }
    }

    @Test("Blank or control-character principals are refused")
    func invalidPermissions() throws {
        try TestDatabase.withTestSchema { db, _ in
            let ns = try ContentFixtures.namespace("ns", on: db).id
            let path = try ContentFixtures.path("/F")
            for principal in ["", "  ", "group:\u{7}bell", String(repeating: "p", count: 201)] {
                let error = #expect(throws: ContentError.self) {
                    try store.putFolder(at: path, permissions: [Permission(principal: principal, access: .read)], in: ns, on: db)
                }
                guard case .invalidPermission = error else {
                    Issue.record("expected invalidPermission, got \(String(describing: error))")
                    continue
                }
            }
            #expect(try store.listing(of: ns, on: db).folders.isEmpty)
        }
    }

    @Test("Names with apostrophes, spaces, dots, percent signs and unicode round-trip")
    func awkwardNames() throws {
        try TestDatabase.withTestSchema { db, _ in
            let ns = try ContentFixtures.namespace("Jane's Services", on: db).id
            let segments = ["Jane's", "with space", "a.b", "...", "100%", "%2F", "名前 ä", "🚀", String(repeating: "ü", count: 127)]
            let path = try ContentPath(segments: segments)
            _ = try store.putFolder(at: path, permissions: designers, in: ns, on: db)
            #expect(try store.folder(at: try ContentPath(segments: segments), in: ns, on: db).permissions == designers)
            #expect(try store.listing(of: ns, on: db).folders.last?.path == path.string)
        }
    }
}
