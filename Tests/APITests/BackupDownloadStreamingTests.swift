import API
import Foundation
import HTTP
import Hashing
import Postgres
import TestSupport
import Testing

/// Large downloads over real sockets: whole and ranged bodies across the read-ahead's batches, and clients that
/// hang up mid-download (every database connection and transaction must be let go).
@Suite(.enabled(if: TestDatabase.isConfigured, "DATABASE_URL is not set: run scripts/test"), .timeLimit(.minutes(3)))
struct BackupDownloadStreamingTests {
    typealias S = BackupAPITestSupport

    /// A ready backup whose archive is `bytes`, in a namespace of its own (downloads do not parse archives).
    static func insertReadyBackup(_ db: PostgresConnection, bytes: [UInt8]) throws -> String {
        let namespace = try S.namespace(db, "Streaming \(UUID().uuidString.prefix(8))")
        return try TestBackups.insertReady(db, namespace: namespace, bytes: bytes).uuidString.lowercased()
    }

    static func bytes(_ count: Int) -> [UInt8] { SeededGenerator.bytes(count, seed: 99) }

    /// Database sessions of this test database other than `db`'s that are inside a transaction or running.
    static func busySessions(_ db: PostgresConnection) throws -> Int {
        try db.query("""
            SELECT count(*) FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid()
              AND (state = 'active' OR state LIKE 'idle in transaction%')
            """)[0].decode(Int.self, 0)
    }

    @Test("A 9 MiB archive comes whole and in ranges across batches, with its ETag and Content-Length")
    func largeBodies() throws {
        try TestApp.with { app in
            let db = try app.db()
            let original = Self.bytes(9 << 20 + 12_345)
            let id = try Self.insertReadyBackup(db, bytes: original)
            let whole = try app.get("/v1/backups/\(id)/archive")
            #expect(whole.head.status == .ok)
            #expect(whole.head.headers["Content-Length"] == String(original.count))
            #expect(whole.head.headers["ETag"] == "\"\(SHA256.hex(original))\"")
            #expect(whole.body == original)
            let lower = (2 << 20) - 3
            let upper = (7 << 20) + 5
            let part = try app.get("/v1/backups/\(id)/archive", headers: ["Range": "bytes=\(lower)-\(upper)"])
            #expect(part.head.status == .partialContent)
            #expect(part.body == Array(original[lower...upper]))
        }
    }

    @Test("Clients that hang up mid-download free the server's database connections and transactions")
    func hangUps() throws {
        try TestApp.with { app in
            let db = try app.db()
            let original = Self.bytes(16 << 20)
            let id = try Self.insertReadyBackup(db, bytes: original)
            let port = try #require(app.app.port)
            // More hang-ups than the pool has connections (4): a leak would make the last download wait and fail.
            for _ in 0..<6 {
                let connection = try TCPConnection(host: "127.0.0.1", port: port)
                try connection.send(Array("""
                    GET /v1/backups/\(id)/archive HTTP/1.1\r
                    Host: 127.0.0.1\r
                    Authorization: Bearer \(app.adminToken)\r
                    \r

                    """.utf8))
                let first = try connection.receive(max: 64 << 10, timeout: .seconds(10))
                #expect(String(decoding: (first ?? []).prefix(12), as: UTF8.self) == "HTTP/1.1 200")
                connection.close()
            }
            #expect(try waitFor(timeout: .seconds(20)) { try Self.busySessions(db) == 0 }, "a download kept a transaction open")
            let whole = try app.get("/v1/backups/\(id)/archive")
            #expect(whole.head.status == .ok)
            #expect(SHA256.hex(whole.body) == SHA256.hex(original))
        }
    }
}
