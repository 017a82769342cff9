import Domain
import Foundation
import Postgres
import Testing
import TestSupport

@Suite("Namespaces store", .enabled(if: TestDatabase.isConfigured, "DATABASE_URL is not set: run scripts/test"))
struct ContentNamespaceStoreTests {
    let store = NamespaceStore()

    @Test func createGetAndFindByName() throws {
        try TestDatabase.withTestSchema { db, _ in
            let created = try store.create(name: try NamespaceName("  Jane's Services "), on: db)
            #expect(created.name == "Jane's Services")
            #expect(created.folderCount == 0 && created.itemCount == 0 && created.totalBytes == 0)
            #expect(try store.namespace(id: created.id, on: db) == created)
            #expect(try store.namespace(named: "Jane's Services", on: db) == created)
        }
    }

    @Test("A taken name is namespace_exists; names are case- and code-point-sensitive")
    func duplicates() throws {
        try TestDatabase.withTestSchema { db, _ in
            _ = try store.create(name: try NamespaceName("ACME Corp."), on: db)
            let error = #expect(throws: ContentError.self) { try store.create(name: try NamespaceName("ACME Corp. "), on: db) }
            #expect(error == .namespaceExists(name: "ACME Corp."))
            #expect(error?.message.contains("'ACME Corp.' already exists") == true)
            _ = try store.create(name: try NamespaceName("acme corp."), on: db)
            _ = try store.create(name: try NamespaceName("Caf\u{E9}"), on: db)
            _ = try store.create(name: try NamespaceName("Cafe\u{301}"), on: db)
            #expect(try store.list(on: db).count == 4)
        }
    }

    @Test("The list is sorted by code point ('B' < 'a' < 'ä') and carries counts")
    func listOrderAndCounts() throws {
        try TestDatabase.withTestSchema { db, _ in
            let names = ["ä", "a", "B", "Jane's Services", "ACME Corp.", "_x", "Z"]
            var ids: [String: UUID] = [:]
            for name in names { ids[name] = try store.create(name: try NamespaceName(name), on: db).id }
            #expect(try store.list(on: db).map(\.name) == ["ACME Corp.", "B", "Jane's Services", "Z", "_x", "a", "ä"])

            let content = ContentStore()
            let acme = ids["ACME Corp."]!
            _ = try content.putFolder(at: try ContentFixtures.path("/Orders"), permissions: [], in: acme, on: db)
            _ = try content.putItem(at: try ContentFixtures.path("/Orders/Svc"), kind: .service, contentType: nil,
                                    in: acme, bytes: Array(repeating: 1, count: 1000), on: db)
            _ = try content.putItem(at: try ContentFixtures.path("/Lib/x"), kind: .library, contentType: nil,
                                    in: acme, bytes: Array(repeating: 2, count: 24), on: db)
            let listed = try store.list(on: db).first { $0.id == acme }
            #expect(listed?.folderCount == 2)
            #expect(listed?.itemCount == 2)
            #expect(listed?.totalBytes == 1024)
            #expect(try store.namespace(id: acme, on: db).totalBytes == 1024)

            let some = try store.list(restrictedTo: [ids["a"]!, ids["B"]!], on: db)
            #expect(some.map(\.name) == ["B", "a"])
            #expect(try store.list(restrictedTo: [], on: db).isEmpty)
        }
    }

    @Test func unknownNamespacesAreNotFound() throws {
        try TestDatabase.withTestSchema { db, _ in
            let id = UUID()
            #expect(throws: ContentError.namespaceNotFound(.id(id))) { try store.namespace(id: id, on: db) }
            #expect(throws: ContentError.namespaceNotFound(.name("nope"))) { try store.namespace(named: "nope", on: db) }
            #expect(throws: ContentError.namespaceNotFound(.id(id))) { try store.delete(id: id, on: db) }
        }
    }

    @Test("Deleting a namespace removes its content and keeps its backups with namespace_id NULL")
    func deleteKeepsBackups() throws {
        try TestDatabase.withTestSchema { db, _ in
            let namespace = try ContentFixtures.namespace("Jane's Services", on: db)
            let other = try ContentFixtures.namespace("Other", on: db)
            let content = ContentStore()
            for ns in [namespace.id, other.id] {
                _ = try content.putItem(at: try ContentFixtures.path("/Orders/Order Service"), kind: .service,
                                        contentType: "application/xml", in: ns, bytes: Array("<a/>".utf8), on: db)
            }
            try db.execute("""
                INSERT INTO backups (name, namespace_id, namespace_name, status, origin)
                VALUES ('Jane''s first backup', \(namespace.id), \(namespace.name), 'creating', 'created')
                """)
            try store.delete(id: namespace.id, on: db)

            #expect(throws: ContentError.namespaceNotFound(.id(namespace.id))) { try store.namespace(id: namespace.id, on: db) }
            let backups = try db.query("SELECT namespace_id::text, namespace_name FROM backups")
            #expect(backups.count == 1)
            #expect(try backups[0].decode(String?.self, 0) == nil)
            #expect(try backups[0].decode(String.self, 1) == "Jane's Services")
            let leftovers = try db.query("""
                SELECT (SELECT count(*) FROM folders WHERE namespace_id = \(namespace.id)),
                       (SELECT count(*) FROM items WHERE namespace_id = \(namespace.id)),
                       (SELECT count(*) FROM items)
                """)
            #expect(try leftovers[0].decode(Int.self, 0) == 0)
            #expect(try leftovers[0].decode(Int.self, 1) == 0)
            #expect(try leftovers[0].decode(Int.self, 2) == 1)   // the other namespace's item stays
        }
    }
}
