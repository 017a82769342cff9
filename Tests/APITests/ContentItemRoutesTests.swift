import API
import Foundation
import Hashing
import HTTP
import Testing
import TestSupport

@Suite("Item routes", .enabled(if: TestDatabase.isConfigured, "DATABASE_URL is not set: run scripts/test"),
       .timeLimit(.minutes(3)))
struct ContentItemRoutesTests {
    @Test("PUT creates (201) with kind and content type; GET streams the bytes with Content-Type and ETag")
    func putAndGet() throws {
        try TestApp.with { app in
            let ns = try app.createNamespaceThroughAPI("ACME Corp.")
            let bytes = Array("<service name=\"Order Service\"/>".utf8)
            let created = try app.putItem(ns, ["Orders", "Order Service"], kind: "service", bytes: bytes,
                                          contentType: "application/xml; charset=utf-8")
            #expect(created.head.status == .created)
            #expect(created.head.headers["Location"] == "/v1/namespaces/\(ns)/items/Orders/Order%20Service")
            let item = try created.jsonObject()
            #expect(item.keys.sorted() == ["contentType", "createdAt", "kind", "path", "sha256", "size", "updatedAt"])
            #expect(item["path"] as? String == "/Orders/Order Service")
            #expect(item["kind"] as? String == "service")
            #expect(item["contentType"] as? String == "application/xml; charset=utf-8")
            #expect(item["size"] as? Int == bytes.count)
            #expect(item["sha256"] as? String == SHA256.hex(bytes))
            #expect(item["createdAt"] as? String == item["updatedAt"] as? String)

            let target = app.contentTarget(ns, "items", ["Orders", "Order Service"])
            let read = try app.admin(.get, target)
            #expect(read.head.status == .ok)
            #expect(read.body == bytes)
            #expect(read.head.headers["Content-Type"] == "application/xml; charset=utf-8")
            #expect(read.head.headers["ETag"] == "\"\(SHA256.hex(bytes))\"")
            #expect(read.head.headers["Content-Length"] == String(bytes.count))

            let head = try app.admin(.head, target)
            #expect(head.head.status == .ok)
            #expect(head.body.isEmpty)
            #expect(head.head.headers["Content-Length"] == String(bytes.count))
            #expect(head.head.headers["ETag"] == read.head.headers["ETag"])

            let cached = try app.request(.get, target, token: app.adminToken,
                                         headers: ["If-None-Match": "\"other\", \(read.head.headers["ETag"]!)"])
            #expect(cached.head.status == .notModified)
            #expect(cached.body.isEmpty)
            let stale = try app.request(.get, target, token: app.adminToken, headers: ["If-None-Match": "\"other\""])
            #expect(stale.head.status == .ok)
            #expect(stale.body == bytes)

            // The parent folder was created; the listing has both.
            let listing = try app.admin(.get, "/v1/namespaces/\(ns)/content").jsonObject()
            #expect((listing["folders"] as? [[String: Any]])?.compactMap { $0["path"] as? String } == ["/Orders"])
            #expect((listing["items"] as? [[String: Any]])?.first?["sha256"] as? String == SHA256.hex(bytes))
        }
    }

    @Test("Replacing answers 200, keeps createdAt, moves updatedAt; no Content-Type stores application/octet-stream")
    func replace() throws {
        try TestApp.with { app in
            let ns = try app.createNamespaceThroughAPI("ns")
            let first = try app.putItem(ns, ["Models", "Customer"], kind: "model", bytes: [1], contentType: "text/xml").jsonObject()
            let second = try app.putItem(ns, ["Models", "Customer"], kind: "form", bytes: [2, 2])
            #expect(second.head.status == .ok)
            #expect(second.head.headers["Location"] == nil)
            let object = try second.jsonObject()
            #expect(object["createdAt"] as? String == first["createdAt"] as? String)
            #expect((object["updatedAt"] as? String ?? "") > (first["updatedAt"] as? String ?? "~"))
            #expect(object["kind"] as? String == "form")
            #expect(object["contentType"] as? String == "application/octet-stream")
            #expect(object["size"] as? Int == 2)
            let read = try app.admin(.get, app.contentTarget(ns, "items", ["Models", "Customer"]))
            #expect(read.head.headers["Content-Type"] == "application/octet-stream")
            #expect(read.body == [2, 2])
        }
    }

    @Test("kind is required and checked: 400 bad_request")
    func kindQuery() throws {
        try TestApp.with { app in
            let ns = try app.createNamespaceThroughAPI("ns")
            let headers: HTTPHeaders = ["Authorization": "Bearer \(app.adminToken)"]
            let missing = try app.client.execute(HTTPClientRequest(
                method: .put, target: app.contentTarget(ns, "items", ["x"]), headers: headers, body: .bytes([1])))
            #expect(expectContentProblem(missing, 400, "bad_request").contains("'kind' is required"))
            expectContentProblem(try app.putItem(ns, ["x"], kind: "spreadsheet", bytes: [1]), 400, "bad_request")
            for kind in ["service", "model", "form", "library", "file"] {
                #expect(try app.putItem(ns, ["k", kind], kind: kind, bytes: []).head.status == .created)
            }
        }
    }

    @Test("Conflicts are 409 path_conflict both ways; missing items 404 item_not_found; DELETE 204 then 404")
    func conflictsAndDeletes() throws {
        try TestApp.with { app in
            let ns = try app.createNamespaceThroughAPI("ns")
            #expect(try app.putFolder(ns, ["Folder"]).head.status == .created)
            #expect(try app.putItem(ns, ["Item"], bytes: [1]).head.status == .created)
            expectContentProblem(try app.putItem(ns, ["Folder"], bytes: [1]), 409, "path_conflict")
            expectContentProblem(try app.putItem(ns, ["Item", "below"], bytes: [1]), 409, "path_conflict")
            expectContentProblem(try app.admin(.get, app.contentTarget(ns, "items", ["Folder"])), 404, "item_not_found")
            expectContentProblem(try app.admin(.get, app.contentTarget(ns, "items", ["nope"])), 404, "item_not_found")
            #expect(try app.admin(.head, app.contentTarget(ns, "items", ["nope"])).head.status == .notFound)
            let deleted = try app.admin(.delete, app.contentTarget(ns, "items", ["Item"]))
            #expect(deleted.head.status == .noContent)
            expectContentProblem(try app.admin(.delete, app.contentTarget(ns, "items", ["Item"])), 404, "item_not_found")
            expectContentProblem(try app.admin(.get, app.contentTarget(UUID().uuidString.lowercased(), "items", ["x"])), 404,
                                 "namespace_not_found")
        }
    }

    @Test("A 64 MiB item goes in and out; 64 MiB + 1 is 413 payload_too_large, declared or chunked")
    func sizeLimit() throws {
        try TestApp.with { app in
            let ns = try app.createNamespaceThroughAPI("ns")
            let limit = 64 << 20
            let headers: HTTPHeaders = ["Authorization": "Bearer \(app.adminToken)"]
            func stream(_ total: Int) -> () throws -> [UInt8]? {
                var sent = 0
                return {
                    guard sent < total else { return nil }
                    let count = min(1 << 20, total - sent)
                    defer { sent += count }
                    return [UInt8](repeating: UInt8(truncatingIfNeeded: sent >> 20), count: count)
                }
            }
            var digest = SHA256()
            let source = stream(limit)
            while let piece = try source() { digest.update(piece) }
            let expected = digest.finalizeHex()

            let put = try app.client.execute(HTTPClientRequest(
                method: .put, target: app.contentTarget(ns, "items", ["big.bin"], query: "kind=file"), headers: headers,
                body: .stream(length: Int64(limit), next: stream(limit)), expectContinue: true))
            #expect(put.head.status == .created, "\(put.text)")
            #expect(try put.jsonObject()["sha256"] as? String == expected)

            var received = SHA256()
            var count = 0
            let head = try app.client.execute(HTTPClientRequest(
                method: .get, target: app.contentTarget(ns, "items", ["big.bin"]), headers: headers)) { piece in
                received.update(piece)
                count += piece.count
            }
            #expect(head.status == .ok)
            #expect(count == limit)
            #expect(head.headers["ETag"] == "\"\(expected)\"")
            #expect(received.finalizeHex() == expected)

            for length in [Int64(limit + 1), nil] {
                let tooBig = try app.client.execute(HTTPClientRequest(
                    method: .put, target: app.contentTarget(ns, "items", ["too big"], query: "kind=file"), headers: headers,
                    body: .stream(length: length, next: stream(limit + 1))))
                expectContentProblem(tooBig, 413, "payload_too_large")
            }
            expectContentProblem(try app.admin(.get, app.contentTarget(ns, "items", ["too big"])), 404, "item_not_found")
        }
    }

    @Test("An upload without Content-Length or chunked framing is 411 length_required")
    func lengthRequired() throws {
        try TestApp.with { app in
            let ns = try app.createNamespaceThroughAPI("ns")
            let connection = try TCPConnection(host: "127.0.0.1", port: app.app.port!)
            defer { connection.close() }
            try connection.send(Array(
                ("PUT /v1/namespaces/\(ns)/items/x?kind=file HTTP/1.1\r\nHost: x\r\n"
                    + "Authorization: Bearer \(app.adminToken)\r\nConnection: close\r\n\r\n").utf8))
            expectContentProblem(try HTTPClientResponse(parsing: connection.receiveUntilClosed()), 411, "length_required")
        }
    }
}
