import API
import Foundation
import HTTP
import Postgres
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Two `nsbackup serve` processes on one database, one of them killed with SIGKILL in the middle of a job.
@Suite(.enabled(if: TestDatabase.isConfigured, "DATABASE_URL is not set: run scripts/test"), .timeLimit(.minutes(4)))
struct BackupInstancesTests {
    typealias S = BackupAPITestSupport
    static let token = "instances-admin-token-0123456789abcdef"

    struct Instance {
        let process: ServerProcess
        let client: HTTPClient

        init(_ database: TestDatabase) throws {
            process = try ServerProcess(
                arguments: ["serve", "--port", "0"],
                environment: ["DATABASE_URL": database.conninfo, "NSBACKUP_SQL_DIR": TestPaths.sqlDirectory.path,
                              "NSBACKUP_ADMIN_TOKEN": BackupInstancesTests.token])
            let line = try process.waitForLine(containing: "nsbackup listening on http://127.0.0.1:")
            guard let port = line.split(separator: ":").last.flatMap({ Int($0) }) else { throw TestFailure("no port in \(line)") }
            client = HTTPClient(host: "127.0.0.1", port: port)
        }

        func send(_ method: HTTPMethod, _ target: String, json: String? = nil) throws -> HTTPClientResponse {
            var headers: HTTPHeaders = ["Authorization": "Bearer \(BackupInstancesTests.token)"]
            var body = HTTPClientRequest.Body.none
            if let json {
                headers.add(name: "Content-Type", value: "application/json")
                body = .bytes(Array(json.utf8))
            }
            return try client.execute(HTTPClientRequest(method: method, target: target, headers: headers, body: body))
        }

        func object(_ method: HTTPMethod, _ target: String, json: String? = nil) throws -> [String: Any] {
            try send(method, target, json: json).jsonObject()
        }
    }

    /// 120 items of 256 KiB of hex text (30 MiB): real work for the jobs killed below.
    static func seedBig(_ db: PostgresConnection, name: String) throws -> UUID {
        let ns = try S.namespace(db, name)
        try db.execute("""
            INSERT INTO items (namespace_id, path, kind, content_type, size, sha256, content)
            SELECT \(ns), '/big-' || i, 'file', 'text/plain', octet_length(c), encode(sha256(c), 'hex'), c
            FROM generate_series(1, 120) AS i,
                 LATERAL (SELECT convert_to(string_agg(md5(i::text || '-' || j::text), ''), 'UTF8') AS c
                          FROM generate_series(1, 8192) AS j) AS doc
            """)
        return ns
    }

    /// Polls `target` on `instance` until its `status` is no longer `running`/`creating` or 30 s passed.
    static func finalStatus(_ instance: Instance, _ target: String) throws -> String {
        var status = "?"
        for _ in 0..<300 {
            status = try instance.object(.get, target)["status"] as? String ?? "?"
            if status != "running" && status != "creating" { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return status
    }

    @Test("Two instances share backups and restores; a killed instance's jobs end failed and leave nothing")
    func twoInstances() throws {
        try TestDatabase.withTestDatabase { database in
            let db = try database.connect()
            let jane = try S.seedJanesServices(db)
            let big = try Self.seedBig(db, name: "Big")
            let a = try Instance(database)
            let b = try Instance(database)
            defer { a.client.close(); b.client.close() }

            // A backup made on A is listed and downloadable on B.
            let made = try a.object(.post, "/v1/namespaces/\(jane.lowercased)/backups?wait=60", json: #"{"name":"shared"}"#)
            let id = try #require(made["id"] as? String)
            let listed = try b.object(.get, "/v1/backups")["backups"] as? [[String: Any]]
            #expect(listed?.contains { $0["id"] as? String == id } == true)
            let download = try b.send(.get, "/v1/backups/\(id)/archive")
            #expect(download.head.status == .ok && download.body.count == made["sizeBytes"] as? Int)

            // Concurrent restores into one namespace: the second, on the other instance, is 409.
            let writer = try database.connect()
            try writer.executeScript(unsafeSQL: "BEGIN")
            try writer.query("SELECT 1 FROM namespaces WHERE id = \(jane) FOR NO KEY UPDATE")
            let first = try a.send(.post, "/v1/namespaces/\(jane.lowercased)/restore", json: #"{"backupId":"\#(id)"}"#)
            #expect(first.head.status == .accepted)
            #expect(try b.send(.post, "/v1/namespaces/\(jane.lowercased)/restore", json: #"{"backupId":"\#(id)"}"#).problemCode == "namespace_busy")
            try writer.executeScript(unsafeSQL: "COMMIT")
            let firstID = try #require(try first.jsonObject()["id"] as? String)
            #expect(try Self.finalStatus(b, "/v1/restores/\(firstID)") == "succeeded")

            // A big backup for the restore below, then kill -9 of A during a backup: B fails it, no large object stays.
            let bigBackup = try b.object(.post, "/v1/namespaces/\(big.lowercased)/backups?wait=120", json: #"{"name":"big"}"#)
            let bigID = try #require(bigBackup["id"] as? String)
            #expect(bigBackup["status"] as? String == "ready")
            let objects = try S.largeObjects(db)
            let backupCheckpoint = try JobCheckpoint(database)
            let doomed = try #require(try a.object(.post, "/v1/namespaces/\(big.lowercased)/backups", json: #"{"name":"doomed"}"#)["id"] as? String)
            // Killed with its archive written and only its commit left (the commit never comes: A is gone).
            try backupCheckpoint.holdBeforeCommit(.backups, id: try #require(UUID(uuidString: doomed)))
            a.process.send(SIGKILL)
            _ = try a.process.waitForExit()
            backupCheckpoint.release()
            let backupEnd = try b.object(.get, "/v1/backups/\(doomed)")
            let backupStatus = try Self.finalStatus(b, "/v1/backups/\(doomed)")
            #expect(backupStatus == "failed", "\(backupEnd)")
            #expect(try S.largeObjects(db) == objects)

            // kill -9 of an instance during a restore: content unchanged, the restore ends failed on B.
            let c = try Instance(database)
            defer { c.client.close() }
            let before = try S.snapshot(db, jane)
            let restoreCheckpoint = try JobCheckpoint(database)
            let restore = try c.send(.post, "/v1/namespaces/\(jane.lowercased)/restore", json: #"{"backupId":"\#(bigID)"}"#)
            #expect(restore.head.status == .accepted)
            let restoreID = try #require(try restore.jsonObject()["id"] as? String)
            // Killed with the old content deleted and the archive's loaded, only the commit left.
            try restoreCheckpoint.holdBeforeCommit(.restores, id: try #require(UUID(uuidString: restoreID)))
            c.process.send(SIGKILL)
            _ = try c.process.waitForExit()
            restoreCheckpoint.release()
            let restoreStatus = try Self.finalStatus(b, "/v1/restores/\(restoreID)")
            #expect(restoreStatus == "failed")
            let restoreError = try b.object(.get, "/v1/restores/\(restoreID)")["error"] as? String
            #expect(restoreError?.contains("Interrupted") == true, "\(restoreError ?? "")")
            #expect(try S.snapshot(db, jane) == before)
            #expect(try S.orphanLargeObjects(db) == 0)
        }
    }
}
