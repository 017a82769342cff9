import API
import Dispatch
import Foundation
import Hashing
import HTTP
import Synchronization
import Testing
import TestSupport

@Suite("Content routes: concurrent writers", .enabled(if: TestDatabase.isConfigured, "DATABASE_URL is not set: run scripts/test"),
       .timeLimit(.minutes(3)))
struct ContentConcurrencyRoutesTests {
    @Test("32 clients writing overlapping paths: never a 5xx, only legitimate 404/409, consistent content")
    func overlappingWriters() throws {
        try TestApp.with(configure: { $0.database.poolSize = 8 }) { app in
            let ns = try app.createNamespaceThroughAPI("Jane's Services")
            let port = app.app.port!
            let token = app.adminToken
            let statuses = Mutex<[Int: Int]>([:])
            let failures = Mutex<[String]>([])
            let group = DispatchGroup()
            for writer in 0..<32 {
                group.enter()
                Thread {
                    defer { group.leave() }
                    let client = HTTPClient(host: "127.0.0.1", port: port)
                    defer { client.close() }
                    let auth: HTTPHeaders = ["Authorization": "Bearer \(token)", "Content-Type": "application/xml"]
                    for round in 0..<8 {
                        let bytes = Array("writer \(writer) round \(round)".utf8) + [UInt8](repeating: UInt8(writer), count: 500 * round)
                        let request: HTTPClientRequest
                        switch (writer + round) % 5 {
                        case 0, 1:
                            request = HTTPClientRequest(
                                method: .put, target: "/v1/namespaces/\(ns)/items/Shared/item-\(round % 3)?kind=service",
                                headers: auth, body: .bytes(bytes))
                        case 2:
                            request = HTTPClientRequest(
                                method: .put, target: "/v1/namespaces/\(ns)/folders/Shared", headers: auth.replacing("Content-Type", "application/json"),
                                body: .bytes(Array(#"{"permissions":[{"principal":"writer:\#(writer)","access":"read"}]}"#.utf8)))
                        case 3:
                            request = writer % 2 == 0
                                ? HTTPClientRequest(method: .put, target: "/v1/namespaces/\(ns)/items/Contested?kind=file",
                                                    headers: auth, body: .bytes(bytes))
                                : HTTPClientRequest(method: .put, target: "/v1/namespaces/\(ns)/folders/Contested/sub",
                                                    headers: auth.replacing("Content-Type", "application/json"))
                        default:
                            request = HTTPClientRequest(
                                method: .delete,
                                target: "/v1/namespaces/\(ns)/\(round % 2 == 0 ? "folders" : "items")/Contested", headers: auth)
                        }
                        do {
                            let response = try client.execute(request)
                            let code = response.head.status.code
                            statuses.withLock { $0[code, default: 0] += 1 }
                            let problem = response.problemCode
                            let legitimate = (200...204).contains(code) || (code == 409 && problem == "path_conflict")
                                || (code == 404 && (problem == "item_not_found" || problem == "folder_not_found"))
                            if !legitimate { failures.withLock { $0.append("\(code) \(response.text)") } }
                        } catch {
                            failures.withLock { $0.append("\(error)") }
                        }
                    }
                }.start()
            }
            #expect(group.wait(timeout: .now() + .seconds(120)) == .success)
            #expect(failures.withLock { $0 }.isEmpty, "\(failures.withLock { $0 })")
            #expect(statuses.withLock { $0.values.reduce(0, +) } == 32 * 8)

            // Consistent: every enclosing folder exists, no path is both, every item's bytes match its hash.
            let listing = try app.admin(.get, "/v1/namespaces/\(ns)/content").jsonObject()
            let folders = Set(try #require(listing["folders"] as? [[String: Any]]).compactMap { $0["path"] as? String })
            let items = try #require(listing["items"] as? [[String: Any]])
            #expect(folders.isDisjoint(with: items.compactMap { $0["path"] as? String }))
            for item in items {
                let path = try #require(item["path"] as? String)
                var prefix = ""
                for segment in path.split(separator: "/").dropLast() {
                    prefix += "/" + segment
                    #expect(folders.contains(prefix))
                }
                let read = try app.admin(.get, "/v1/namespaces/\(ns)/items" + path)
                #expect(SHA256.hex(read.body) == item["sha256"] as? String)
            }
        }
    }
}

extension HTTPHeaders {
    /// A copy with `name` set to `value`.
    func replacing(_ name: String, _ value: String) -> HTTPHeaders {
        var copy = self
        copy.replaceOrAdd(name: name, value: value)
        return copy
    }
}
