import API
import Foundation
import HTTP
import Testing
import TestSupport

@Suite("Folder routes", .enabled(if: TestDatabase.isConfigured, "DATABASE_URL is not set: run scripts/test"),
       .timeLimit(.minutes(2)))
struct ContentFolderRoutesTests {
    static let permissions = #"{"permissions":[{"principal":"group:designers","access":"write"},{"principal":"user:jane","access":"admin"}]}"#

    @Test("PUT creates (201) then replaces permissions (200); GET reads; no body leaves it as it is")
    func putGetReplace() throws {
        try TestApp.with { app in
            let ns = try app.createNamespaceThroughAPI("ACME Corp.")
            let created = try app.putFolder(ns, ["Orders"], json: Self.permissions)
            #expect(created.head.status == .created)
            #expect(created.head.headers["Location"] == "/v1/namespaces/\(ns)/folders/Orders")
            let folder = try created.jsonObject()
            #expect(folder.keys.sorted() == ["createdAt", "path", "permissions", "updatedAt"])
            #expect(folder["path"] as? String == "/Orders")
            let permissions = try #require(folder["permissions"] as? [[String: String]])
            #expect(permissions == [["principal": "group:designers", "access": "write"], ["principal": "user:jane", "access": "admin"]])

            let read = try app.admin(.get, app.contentTarget(ns, "folders", ["Orders"]))
            #expect(read.head.status == .ok)
            #expect(read.body == created.body)

            let replaced = try app.putFolder(ns, ["Orders"], json: #"{"permissions":[{"principal":"group:all","access":"read"}]}"#)
            #expect(replaced.head.status == .ok)
            let replacedObject = try replaced.jsonObject()
            #expect(replacedObject["createdAt"] as? String == folder["createdAt"] as? String)
            #expect((replacedObject["permissions"] as? [[String: String]]) == [["principal": "group:all", "access": "read"]])

            let untouched = try app.putFolder(ns, ["Orders"])
            #expect(untouched.head.status == .ok)
            #expect(untouched.body == replaced.body)
            // Created without a body: no permissions, and its parents implicitly.
            let deep = try app.putFolder(ns, ["Lib", "Shared", "Util"])
            #expect(deep.head.status == .created)
            #expect((try deep.jsonObject()["permissions"] as? [Any])?.isEmpty == true)
            let listing = try app.admin(.get, "/v1/namespaces/\(ns)/content").jsonObject()
            let paths = try #require(listing["folders"] as? [[String: Any]]).compactMap { $0["path"] as? String }
            #expect(paths == ["/Lib", "/Lib/Shared", "/Lib/Shared/Util", "/Orders"])
        }
    }

    @Test("Bad permission bodies are 400 bad_request naming the field; other media types 415")
    func badBodies() throws {
        try TestApp.with { app in
            let ns = try app.createNamespaceThroughAPI("ns")
            let badAccess = expectContentProblem(
                try app.putFolder(ns, ["F"], json: #"{"permissions":[{"principal":"x","access":"owner"}]}"#), 400, "bad_request")
            #expect(badAccess.contains("permissions[0].access"))
            expectContentProblem(try app.putFolder(ns, ["F"], json: #"{"permissions":[{"principal":"  ","access":"read"}]}"#),
                                 400, "bad_request")
            expectContentProblem(try app.putFolder(ns, ["F"], json: #"{"permissions":"all"}"#), 400, "bad_request")
            let xml = try app.request(.put, app.contentTarget(ns, "folders", ["F"]), token: app.adminToken,
                                      json: "<permissions/>", headers: ["Content-Type": "application/xml"])
            expectContentProblem(xml, 415, "unsupported_media_type")
            expectContentProblem(try app.admin(.get, app.contentTarget(ns, "folders", ["F"])), 404, "folder_not_found")
        }
    }

    @Test("Awkward names round-trip: apostrophes, spaces, dots, percent signs, unicode, 255-byte segments")
    func awkwardNames() throws {
        try TestApp.with { app in
            let ns = try app.createNamespaceThroughAPI("Jane's Services")
            let segments = ["Jane's", "with space", "a.b", "...", "100%", "%2F literally", "名前 ä 🚀", "+plus&amp=;",
                            String(repeating: "€", count: 85)]
            let created = try app.putFolder(ns, segments)
            #expect(created.head.status == .created, "\(created.text)")
            let path = "/" + segments.joined(separator: "/")
            #expect(try created.jsonObject()["path"] as? String == path)
            #expect(try app.admin(.get, app.contentTarget(ns, "folders", segments)).jsonObject()["path"] as? String == path)
            #expect(created.head.headers["Location"] == app.contentTarget(ns, "folders", segments))
        }
    }

    @Test("Path rules are 400 invalid_name naming the rule", arguments: [
        (["a/b"], "%2F"), (["ok", ".."], "'.' and '..'"), (["."], "'.' and '..'"),
        ([String(repeating: "x", count: 256)], "256 bytes"), (["tab\tname"], "control character"),
    ])
    func invalidPaths(segments: [String], reason: String) throws {
        try TestApp.with { app in
            let ns = try app.createNamespaceThroughAPI("ns")
            for response in [try app.putFolder(ns, segments), try app.admin(.get, app.contentTarget(ns, "folders", segments)),
                             try app.putItem(ns, segments, bytes: [1])] {
                let detail = expectContentProblem(response, 400, "invalid_name")
                #expect(detail.contains(reason), "\(detail)")
            }
        }
    }

    @Test("An empty segment (// or a trailing /) is 400 invalid_name")
    func emptySegment() throws {
        try TestApp.with { app in
            let ns = try app.createNamespaceThroughAPI("ns")
            expectContentProblem(try app.admin(.put, "/v1/namespaces/\(ns)/folders/a//b"), 400, "invalid_name")
            expectContentProblem(try app.admin(.put, "/v1/namespaces/\(ns)/folders/a/"), 400, "invalid_name")
        }
    }

    @Test("DELETE removes the folder's subtree and nothing else; again is 404 folder_not_found")
    func deleteSubtree() throws {
        try TestApp.with { app in
            let ns = try app.createNamespaceThroughAPI("ns")
            for folder in [["A", "x"], ["AB"], ["A B"], ["A0"]] { #expect(try app.putFolder(ns, folder).head.status == .created) }
            for item in [["A", "x", "i"], ["A", "j"], ["AB", "k"], ["A B", "l"]] {
                #expect(try app.putItem(ns, item, bytes: [1]).head.status == .created)
            }
            let deleted = try app.admin(.delete, app.contentTarget(ns, "folders", ["A"]))
            #expect(deleted.head.status == .noContent)
            let listing = try app.admin(.get, "/v1/namespaces/\(ns)/content").jsonObject()
            let folders = try #require(listing["folders"] as? [[String: Any]]).compactMap { $0["path"] as? String }
            let items = try #require(listing["items"] as? [[String: Any]]).compactMap { $0["path"] as? String }
            #expect(folders == ["/A B", "/A0", "/AB"])
            #expect(items == ["/A B/l", "/AB/k"])
            expectContentProblem(try app.admin(.delete, app.contentTarget(ns, "folders", ["A"])), 404, "folder_not_found")
        }
    }

    @Test("A folder where an item is, or below one, is 409 path_conflict")
    func conflicts() throws {
        try TestApp.with { app in
            let ns = try app.createNamespaceThroughAPI("ns")
            #expect(try app.putItem(ns, ["Item"], bytes: [1]).head.status == .created)
            expectContentProblem(try app.putFolder(ns, ["Item"]), 409, "path_conflict")
            let detail = expectContentProblem(try app.putFolder(ns, ["Item", "sub", "deeper"]), 409, "path_conflict")
            #expect(detail.contains("'/Item' is an item"))
        }
    }
}
