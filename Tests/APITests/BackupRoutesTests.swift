import API
import Foundation
import HTTP
import Hashing
import Postgres
import TestSupport
import Testing

@Suite(.enabled(if: TestDatabase.isConfigured, "DATABASE_URL is not set: run scripts/test"), .timeLimit(.minutes(3)))
struct BackupRoutesTests {
    typealias S = BackupAPITestSupport

    /// The seed's walkthrough (issue 6): back up Jane's Services, list, download, upload it into ACME Corp. under
    /// another name, restore it there; ACME's content then equals Jane's.
    @Test("The seed walkthrough over HTTP")
    func walkthrough() throws {
        try TestApp.with { app in
            let db = try app.db()
            let jane = try #require(UUID(uuidString: try app.apiNamespace("Jane's Services")))
            let acme = try #require(UUID(uuidString: try app.apiNamespace("ACME Corp.")))
            try Self.seedThroughTheAPI(app, jane.lowercased)
            try app.apiItem(acme.lowercased, ["to be replaced"], kind: "file", contentType: "text/plain", bytes: [1])

            let created = try app.admin(.post, "/v1/namespaces/\(jane.lowercased)/backups?wait=60",
                                        json: #"{"name": "Jane's first backup"}"#)
            #expect(created.head.status == .created, "\(created.text)")
            let backup = try created.jsonObject()
            let id = try #require(backup["id"] as? String)
            #expect(created.head.headers["Location"] == "/v1/backups/\(id)")
            #expect(backup["status"] as? String == "ready")
            #expect(backup["origin"] as? String == "created")
            #expect(backup["name"] as? String == "Jane's first backup")
            #expect((backup["namespace"] as? [String: Any])?["name"] as? String == "Jane's Services")
            #expect(backup["folderCount"] as? Int == 3 && backup["itemCount"] as? Int == 5)
            #expect(backup["schemaVersion"] as? Int == 2)
            #expect(backup.keys.contains("error") && backup["error"] is NSNull)
            let createdAt = try #require(backup["createdAt"] as? String)
            #expect(createdAt.count == 24 && createdAt.hasSuffix("Z"))

            let list = try app.admin(.get, "/v1/backups")
            #expect((try list.jsonObject()["backups"] as? [[String: Any]])?.map { $0["id"] as? String } == [id])

            let download = try app.get("/v1/backups/\(id)/archive")
            #expect(download.head.status == .ok)
            #expect(download.head.headers["Content-Type"] == "application/zip")
            #expect(download.head.headers["Content-Length"] == String(download.body.count))
            #expect(download.head.headers["ETag"] == "\"\(SHA256.hex(download.body))\"")
            let fileName = try #require(backup["fileName"] as? String)
            let stamp = createdAt.prefix(16).replacingOccurrences(of: "T", with: "_").replacingOccurrences(of: ":", with: "-")
            #expect(fileName == "Jane's first backup_\(stamp).zip")
            let disposition = try #require(download.head.headers["Content-Disposition"])
            #expect(disposition.hasPrefix("attachment; filename=\"Jane's first backup_"))
            #expect(disposition.contains("filename*=UTF-8''Jane%27s%20first%20backup_"))
            try Self.checkWithTools(download.body)

            let uploaded = try app.upload("/v1/namespaces/\(acme.lowercased)/backups/upload?name=Janes%20MASTER%20backup",
                                          bytes: download.body)
            #expect(uploaded.head.status == .created, "\(uploaded.text)")
            let upload = try uploaded.jsonObject()
            #expect(upload["name"] as? String == "Janes MASTER backup")
            #expect(upload["origin"] as? String == "uploaded")
            #expect(upload["sourceNamespace"] as? String == "Jane's Services")
            #expect((upload["namespace"] as? [String: Any])?["id"] as? String == acme.lowercased)
            let uploadID = try #require(upload["id"] as? String)

            let restored = try app.admin(.post, "/v1/namespaces/\(acme.lowercased)/restore?wait=60",
                                         json: #"{"backupId": "\#(uploadID)"}"#)
            #expect(restored.head.status == .ok, "\(restored.text)")
            let restore = try restored.jsonObject()
            #expect(restore["status"] as? String == "succeeded")
            #expect(restore["backupId"] as? String == uploadID)
            let report = try #require(restore["report"] as? [String: Any])
            #expect(report["folders"] as? Int == 3 && report["items"] as? Int == 5)
            #expect(report["migratedFromSchemaVersion"] is NSNull && report["safetyBackupId"] is NSNull)
            #expect((report["warnings"] as? [String])?.first?.contains("Jane's Services") == true)
            #expect(try S.snapshot(db, acme) == S.snapshot(db, jane))
            let janeContent = try app.apiContent(jane.lowercased)
            let acmeContent = try app.apiContent(acme.lowercased)
            #expect(NSDictionary(dictionary: janeContent).isEqual(to: acmeContent))
            #expect((acmeContent["items"] as? [Any])?.count == 5)

            let restoreID = try #require(restore["id"] as? String)
            #expect(try app.admin(.get, "/v1/restores/\(restoreID)").head.status == .ok)
            let history = try app.admin(.get, "/v1/restores?namespaceId=\(acme.lowercased)").jsonObject()
            #expect((history["restores"] as? [[String: Any]])?.count == 1)
            #expect(try S.orphanLargeObjects(db) == 0)
        }
    }

    /// Folders with permissions and an item of every kind, through the content routes.
    static func seedThroughTheAPI(_ app: TestApp, _ ns: String) throws {
        try app.apiFolder(ns, ["Orders"], permissions: #"[{"principal": "group:designers", "access": "read"}, {"principal": "user:jane", "access": "admin"}]"#)
        try app.apiFolder(ns, ["Orders", "Archive 2020"], permissions: "[]")
        try app.apiFolder(ns, ["Ünïcödé 100%"], permissions: #"[{"principal": "user:zoë", "access": "write"}]"#)
        try app.apiItem(ns, ["Orders", "Order Service"], kind: "service", contentType: "application/xml",
                        bytes: Array(String(repeating: "<service/>\n", count: 300).utf8))
        try app.apiItem(ns, ["Orders", "Order Model"], kind: "model", contentType: "application/xml", bytes: Array("<model/>".utf8))
        try app.apiItem(ns, ["Orders", "Order Form"], kind: "form", contentType: "application/xml", bytes: Array("<form/>".utf8))
        try app.apiItem(ns, ["Orders", "Archive 2020", "Common.lib"], kind: "library", contentType: "application/xml",
                        bytes: Array("<library/>".utf8))
        try app.apiItem(ns, ["Ünïcödé 100%", "logo?.png"], kind: "file", contentType: "image/png",
                        bytes: (0..<3000).map { UInt8(truncatingIfNeeded: $0 &* 7) })
    }

    static func checkWithTools(_ bytes: [UInt8]) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("nsb-api-\(UUID().uuidString).zip").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        for (tool, arguments) in [("/usr/bin/unzip", ["-t", path]),
                                  ("/usr/bin/python3", ["-c", "import zipfile,sys; assert zipfile.ZipFile(sys.argv[1]).testzip() is None", path])] {
            guard FileManager.default.isExecutableFile(atPath: tool) else {
                Issue.record("\(tool) is not installed; scripts/test installs it")
                continue
            }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: tool)
            process.arguments = arguments
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "\(tool) refused the archive")
        }
    }

    @Test("Ranges: 206 with Content-Range, suffixes, If-Range, 416 past the end, HEAD")
    func ranges() throws {
        try TestApp.with { app in
            let db = try app.db()
            let jane = try S.seedJanesServices(db)
            let backup = try app.admin(.post, "/v1/namespaces/\(jane.lowercased)/backups?wait=60", json: #"{"name":"r"}"#).jsonObject()
            let id = try #require(backup["id"] as? String)
            let all = try app.get("/v1/backups/\(id)/archive").body
            let size = all.count
            let partial = try app.get("/v1/backups/\(id)/archive", headers: ["Range": "bytes=10-109"])
            #expect(partial.head.status == .partialContent)
            #expect(partial.body == Array(all[10...109]))
            #expect(partial.head.headers["Content-Range"] == "bytes 10-109/\(size)")
            let suffix = try app.get("/v1/backups/\(id)/archive", headers: ["Range": "bytes=-22"])
            #expect(suffix.body == Array(all.suffix(22)))
            let open = try app.get("/v1/backups/\(id)/archive", headers: ["Range": "bytes=\(size - 5)-"])
            #expect(open.body == Array(all.suffix(5)))
            let stale = try app.get("/v1/backups/\(id)/archive", headers: ["Range": "bytes=0-9", "If-Range": "\"other\""])
            #expect(stale.head.status == .ok && stale.body == all)
            let beyond = try app.get("/v1/backups/\(id)/archive", headers: ["Range": "bytes=\(size)-"])
            #expect(beyond.head.status == .rangeNotSatisfiable)
            #expect(beyond.head.headers["Content-Range"] == "bytes */\(size)")
            let multiple = try app.get("/v1/backups/\(id)/archive", headers: ["Range": "bytes=0-1,5-6"])
            #expect(multiple.head.status == .ok && multiple.body.count == size)
            let head = try app.admin(.head, "/v1/backups/\(id)/archive")
            #expect(head.head.status == .ok && head.body.isEmpty && head.head.headers["Content-Length"] == String(size))
        }
    }

    @Test("Uploads: names from the query, filename or Content-Disposition; refusals leave nothing")
    func uploads() throws {
        try TestApp.with { app in
            let db = try app.db()
            let jane = try S.seedJanesServices(db)
            let backup = try app.admin(.post, "/v1/namespaces/\(jane.lowercased)/backups?wait=60", json: #"{"name":"u"}"#).jsonObject()
            let bytes = try app.get("/v1/backups/\(try #require(backup["id"] as? String))/archive").body
            let target = "/v1/namespaces/\(jane.lowercased)/backups/upload"
            let byFile = try app.upload(target + "?filename=nightly.ZIP", bytes: bytes).jsonObject()
            #expect(byFile["name"] as? String == "nightly")
            let byHeader = try app.upload(target, bytes: bytes,
                                          headers: ["Content-Disposition": "attachment; filename=\"x.zip\"; filename*=UTF-8''J%C3%BCrgen%27s.zip"])
            #expect(try byHeader.jsonObject()["name"] as? String == "Jürgen's")
            let before = try S.largeObjects(db)
            #expect(try app.upload(target, bytes: bytes).problemCode == "name_required")
            let damaged = try app.upload(target + "?name=bad", bytes: Array(bytes.prefix(bytes.count - 40)))
            #expect(damaged.head.status == .unprocessableContent)
            #expect(damaged.problemCode == "archive_invalid")
            let notZip = try app.upload(target + "?name=bad", bytes: Array("hello".utf8))
            #expect(notZip.problemCode == "archive_invalid")
            #expect(try S.largeObjects(db) == before)
            #expect(try app.admin(.get, "/v1/backups").jsonObject()["backups"].map { ($0 as? [Any])?.count } == 3)
        }
    }

    @Test("Roles and scopes: reader reads, operator creates, admin deletes and verifies; other namespaces are 404")
    func roles() throws {
        try TestApp.with { app in
            let db = try app.db()
            let jane = try S.seedJanesServices(db)
            let acme = try S.namespace(db, "ACME Corp.")
            let backup = try app.admin(.post, "/v1/namespaces/\(jane.lowercased)/backups?wait=60", json: #"{"name":"b"}"#).jsonObject()
            let id = try #require(backup["id"] as? String)
            let reader = try app.createToken(role: "reader", namespaces: #"["\#(jane.lowercased)"]"#)
            let op = try app.createToken(role: "operator", namespaces: #"["\#(jane.lowercased)"]"#)
            let acmeAdmin = try app.createToken(role: "admin", namespaces: #"["\#(acme.lowercased)"]"#)

            #expect(try app.request(.get, "/v1/backups/\(id)", token: reader).head.status == .ok)
            #expect(try app.get("/v1/backups/\(id)/archive", token: reader).head.status == .ok)
            #expect(try app.request(.get, "/v1/backups/\(id)/manifest", token: reader).head.status == .ok)
            #expect(try app.request(.post, "/v1/namespaces/\(jane.lowercased)/backups", token: reader, json: #"{"name":"x"}"#).problemCode == "forbidden")
            #expect(try app.request(.delete, "/v1/backups/\(id)", token: op).problemCode == "forbidden")
            #expect(try app.request(.post, "/v1/backups/\(id)/verify", token: op).problemCode == "forbidden")
            #expect(try app.request(.post, "/v1/namespaces/\(jane.lowercased)/restore", token: op, json: #"{"backupId":"\#(id)"}"#).problemCode == "forbidden")
            let started = try app.request(.post, "/v1/namespaces/\(jane.lowercased)/backups", token: op, json: #"{"name":"by operator"}"#)
            #expect(started.head.status == .accepted)

            // ACME's admin sees neither Jane's backup nor may restore it into ACME.
            #expect(try app.request(.get, "/v1/backups/\(id)", token: acmeAdmin).problemCode == "backup_not_found")
            #expect(try app.request(.post, "/v1/namespaces/\(acme.lowercased)/restore", token: acmeAdmin, json: #"{"backupId":"\#(id)"}"#).problemCode == "backup_not_found")
            #expect(try app.request(.post, "/v1/namespaces/\(jane.lowercased)/backups", token: acmeAdmin, json: #"{"name":"x"}"#).problemCode == "namespace_not_found")
            let listed = try app.request(.get, "/v1/backups", token: acmeAdmin).jsonObject()["backups"] as? [Any]
            #expect(listed?.isEmpty == true)
            // Jane's reader may list Jane's backups only.
            let janeList = try app.request(.get, "/v1/backups?namespaceId=\(jane.lowercased)", token: reader).jsonObject()
            #expect((janeList["backups"] as? [Any])?.count ?? 0 >= 1)
        }
    }

    @Test("Errors: unknown and malformed ids, unready backups, names, wait bounds, verify, manifest, delete")
    func errors() throws {
        try TestApp.with { app in
            let db = try app.db()
            let jane = try S.seedJanesServices(db)
            #expect(try app.admin(.get, "/v1/backups/not-a-uuid").problemCode == "backup_not_found")
            #expect(try app.admin(.get, "/v1/backups/\(UUID().uuidString.lowercased())").problemCode == "backup_not_found")
            #expect(try app.admin(.get, "/v1/restores/nope").problemCode == "restore_not_found")
            #expect(try app.admin(.get, "/v1/backups?namespaceId=nope").problemCode == "bad_request")
            let ns = jane.lowercased
            #expect(try app.admin(.post, "/v1/namespaces/\(ns)/backups", json: #"{"name":"  "}"#).problemCode == "name_required")
            #expect(try app.admin(.post, "/v1/namespaces/\(ns)/backups", json: "{}").problemCode == "name_required")
            #expect(try app.admin(.post, "/v1/namespaces/\(ns)/backups", json: #"{"name":"a\u0007"}"#).problemCode == "invalid_name")
            #expect(try app.admin(.post, "/v1/namespaces/\(ns)/backups?wait=301", json: #"{"name":"a"}"#).problemCode == "bad_request")
            #expect(try app.admin(.post, "/v1/namespaces/\(ns)/restore", json: #"{"backupId":"nope"}"#).problemCode == "backup_not_found")

            let failed = UUID()
            try db.execute("""
                INSERT INTO backups (id, name, namespace_id, namespace_name, status, origin, error)
                VALUES (\(failed), 'broken', \(jane), 'Jane''s Services', 'failed', 'created', 'It broke.')
                """)
            #expect(try app.get("/v1/backups/\(failed.lowercased)/archive").problemCode == "backup_not_ready")
            #expect(try app.admin(.post, "/v1/namespaces/\(ns)/restore", json: #"{"backupId":"\#(failed.lowercased)"}"#).problemCode == "backup_not_ready")

            let backup = try app.admin(.post, "/v1/namespaces/\(ns)/backups?wait=60", json: #"{"name":"b"}"#).jsonObject()
            let id = try #require(backup["id"] as? String)
            let verify = try app.admin(.post, "/v1/backups/\(id)/verify").jsonObject()
            #expect(verify["ok"] as? Bool == true)
            let manifest = try app.admin(.get, "/v1/backups/\(id)/manifest").jsonObject()
            #expect((manifest["manifest"] as? [String: Any])?["schemaVersion"] as? Int == 2)
            #expect((manifest["items"] as? [[String: Any]])?.count == 5)
            #expect(((manifest["manifest"] as? [String: Any])?["createdAt"] as? String)?.count == 24)
            #expect(try app.admin(.delete, "/v1/backups/\(id)").head.status == .noContent)
            #expect(try app.admin(.get, "/v1/backups/\(id)").problemCode == "backup_not_found")
            #expect(try app.admin(.delete, "/v1/backups/\(id)").problemCode == "backup_not_found")
            #expect(try S.orphanLargeObjects(db) == 0)
        }
    }

    @Test("A second restore into a busy namespace is 409 namespace_busy")
    func busy() throws {
        try TestApp.with { app in
            let db = try app.db()
            let jane = try S.seedJanesServices(db)
            let backup = try app.admin(.post, "/v1/namespaces/\(jane.lowercased)/backups?wait=60", json: #"{"name":"b"}"#).jsonObject()
            let id = try #require(backup["id"] as? String)
            let writer = try app.db()
            try writer.executeScript(unsafeSQL: "BEGIN")
            try writer.query("SELECT 1 FROM namespaces WHERE id = \(jane) FOR NO KEY UPDATE")
            let first = try app.admin(.post, "/v1/namespaces/\(jane.lowercased)/restore", json: #"{"backupId":"\#(id)"}"#)
            #expect(first.head.status == .accepted)
            #expect(first.head.headers["Location"]?.hasPrefix("/v1/restores/") == true)
            let second = try app.admin(.post, "/v1/namespaces/\(jane.lowercased)/restore", json: #"{"backupId":"\#(id)"}"#)
            #expect(second.head.status == .conflict)
            #expect(second.problemCode == "namespace_busy")
            try writer.executeScript(unsafeSQL: "COMMIT")
            let restoreID = try #require(try first.jsonObject()["id"] as? String)
            var status = "running"
            for _ in 0..<100 where status == "running" {
                Thread.sleep(forTimeInterval: 0.1)
                status = try app.admin(.get, "/v1/restores/\(restoreID)").jsonObject()["status"] as? String ?? "?"
            }
            #expect(status == "succeeded")
        }
    }
}

extension UUID {
    var lowercased: String { uuidString.lowercased() }
}
