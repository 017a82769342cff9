import API
import Foundation
import HTTP
import Postgres
import Testing
import TestSupport

@Suite("Namespace routes", .enabled(if: TestDatabase.isConfigured, "DATABASE_URL is not set: run scripts/test"),
       .timeLimit(.minutes(2)))
struct ContentNamespaceRoutesTests {
    @Test("POST creates (201, Location, trimmed name), GET reads, both with counts")
    func createAndGet() throws {
        try TestApp.with { app in
            let created = try app.admin(.post, "/v1/namespaces", json: #"{"name": "  Jane's Services "}"#)
            #expect(created.head.status == .created)
            let object = try created.jsonObject()
            let id = try #require(object["id"] as? String)
            #expect(created.head.headers["Location"] == "/v1/namespaces/\(id)")
            #expect(object["name"] as? String == "Jane's Services")
            #expect(object.keys.sorted() == ["createdAt", "folderCount", "id", "itemCount", "name", "totalBytes"])
            #expect((object["createdAt"] as? String)?.hasSuffix("Z") == true)
            #expect(object["folderCount"] as? Int == 0 && object["itemCount"] as? Int == 0 && object["totalBytes"] as? Int == 0)

            #expect(try app.putItem(id, ["Orders", "Order Service"], kind: "service", bytes: Array(repeating: 1, count: 100))
                .head.status == .created)
            let read = try app.admin(.get, "/v1/namespaces/\(id)")
            #expect(read.head.status == .ok)
            let readObject = try read.jsonObject()
            #expect(readObject["name"] as? String == "Jane's Services")
            #expect(readObject["folderCount"] as? Int == 1)
            #expect(readObject["itemCount"] as? Int == 1)
            #expect(readObject["totalBytes"] as? Int == 100)
        }
    }

    @Test("Invalid names: name_required and invalid_name with a sentence", arguments: [
        (#"{"name": "   "}"#, 400, "name_required"),
        (#"{"name": null}"#, 400, "name_required"),
        (#"{}"#, 400, "name_required"),
        ("", 400, "name_required"),
        (#"{"name": "a\u0007b"}"#, 400, "invalid_name"),
        (#"{"name": "line\nbreak"}"#, 400, "invalid_name"),
        (#"{"name": "\#(String(repeating: "n", count: 101))"}"#, 400, "invalid_name"),
        (#"{"name": 42}"#, 400, "bad_request"),
        (#"{"name": "x""#, 400, "bad_request"),
    ])
    func invalidNames(json: String, status: Int, code: String) throws {
        try TestApp.with { app in
            let response = json.isEmpty ? try app.admin(.post, "/v1/namespaces") : try app.admin(.post, "/v1/namespaces", json: json)
            expectContentProblem(response, status, code)
            #expect((try app.admin(.get, "/v1/namespaces").jsonObject()["namespaces"] as? [Any])?.isEmpty == true)
        }
    }

    @Test("A taken name is 409 namespace_exists; case differs → another namespace")
    func duplicates() throws {
        try TestApp.with { app in
            _ = try app.createNamespaceThroughAPI("ACME Corp.")
            let detail = expectContentProblem(try app.admin(.post, "/v1/namespaces", json: #"{"name":" ACME Corp."}"#), 409,
                                              "namespace_exists")
            #expect(detail.contains("'ACME Corp.'"))
            #expect(try app.admin(.post, "/v1/namespaces", json: #"{"name":"acme corp."}"#).head.status == .created)
        }
    }

    @Test("The list is sorted by code point and shows only what the token may see")
    func listing() throws {
        try TestApp.with { app in
            var ids: [String: String] = [:]
            for name in ["ä", "a", "B", "Jane's Services", "100% ünï 🚀", "designer_testspace"] {
                ids[name] = try app.createNamespaceThroughAPI(name)
            }
            let all = try app.admin(.get, "/v1/namespaces")
            #expect(all.head.status == .ok)
            let names = try #require(try all.jsonObject()["namespaces"] as? [[String: Any]]).compactMap { $0["name"] as? String }
            #expect(names == ["100% ünï 🚀", "B", "Jane's Services", "a", "designer_testspace", "ä"])

            let scoped = try app.createToken(role: "reader", namespaces: #"["\#(ids["a"]!)","\#(ids["B"]!)"]"#)
            let visible = try app.request(.get, "/v1/namespaces", token: scoped)
            let visibleNames = try #require(try visible.jsonObject()["namespaces"] as? [[String: Any]]).compactMap { $0["name"] as? String }
            #expect(visibleNames == ["B", "a"])
        }
    }

    @Test("Unknown and malformed ids are 404 namespace_not_found")
    func notFound() throws {
        try TestApp.with { app in
            for id in [UUID().uuidString.lowercased(), "not-a-uuid", "1234"] {
                expectContentProblem(try app.admin(.get, "/v1/namespaces/\(id)"), 404, "namespace_not_found")
                expectContentProblem(try app.admin(.delete, "/v1/namespaces/\(id)"), 404, "namespace_not_found")
                expectContentProblem(try app.admin(.get, "/v1/namespaces/\(id)/content"), 404, "namespace_not_found")
            }
        }
    }

    @Test("DELETE removes the namespace and its content and keeps its backups (namespace id null, name kept)")
    func deleteKeepsBackups() throws {
        try TestApp.with { app in
            let id = try app.createNamespaceThroughAPI("Jane's Services")
            #expect(try app.putItem(id, ["Orders", "x"], bytes: [1, 2, 3]).head.status == .created)
            let db = try #require(app.database).connect()
            try db.execute("""
                INSERT INTO backups (name, namespace_id, namespace_name, status, origin)
                VALUES ('Jane''s first backup', \(UUID(uuidString: id)!), 'Jane''s Services', 'creating', 'created')
                """)
            let deleted = try app.admin(.delete, "/v1/namespaces/\(id)")
            #expect(deleted.head.status == .noContent)
            #expect(deleted.body.isEmpty)
            expectContentProblem(try app.admin(.get, "/v1/namespaces/\(id)"), 404, "namespace_not_found")
            expectContentProblem(try app.admin(.delete, "/v1/namespaces/\(id)"), 404, "namespace_not_found")
            let rows = try db.query("SELECT namespace_id::text, namespace_name FROM backups")
            #expect(rows.count == 1)
            #expect(try rows[0].decode(String?.self, 0) == nil)
            #expect(try rows[0].decode(String.self, 1) == "Jane's Services")
            #expect(try db.query("SELECT count(*) FROM items")[0].decode(Int.self, 0) == 0)
        }
    }
}
