import API
import Foundation
import HTTP
import Hashing
import Postgres
import TestSupport

/// Content seeding and database facts for the backup and restore route tests (content goes into the tables of
/// sql/0002 directly, so these tests do not depend on the content routes).
enum BackupAPITestSupport {
    static func seedJanesServices(_ db: PostgresConnection, name: String = "Jane's Services") throws -> UUID {
        let ns = try db.query("INSERT INTO namespaces (name) VALUES (\(name)) RETURNING id")[0].decode(UUID.self, 0)
        let folders: [(String, String)] = [
            ("/Orders", #"[{"principal": "group:designers", "access": "read"}, {"principal": "user:jane", "access": "admin"}]"#),
            ("/Orders/Archive 2020", "[]"),
            ("/Ünïcödé 100%", #"[{"principal": "user:zoë", "access": "write"}]"#),
        ]
        for (path, permissions) in folders {
            try db.execute("""
                INSERT INTO folders (namespace_id, path, permissions, created_at, updated_at)
                VALUES (\(ns), \(path), \(permissions)::jsonb, '2021-03-11 15:47:11.123456+00', '2021-03-12 08:00:00.000001+00')
                """)
        }
        let items: [(String, String, String, [UInt8])] = [
            ("/Orders/Order Service", "service", "application/xml", Array(String(repeating: "<service/>\n", count: 300).utf8)),
            ("/Orders/Order Model", "model", "application/xml", Array("<model/>".utf8)),
            ("/Orders/Order Form", "form", "application/xml", Array("<form/>".utf8)),
            ("/Orders/Archive 2020/Common.lib", "library", "application/xml", Array("<library/>".utf8)),
            ("/Ünïcödé 100%/logo?.png", "file", "image/png", (0..<3000).map { UInt8(truncatingIfNeeded: $0 &* 7) }),
        ]
        for (path, kind, type, bytes) in items {
            try db.execute("""
                INSERT INTO items (namespace_id, path, kind, content_type, size, sha256, content, created_at, updated_at)
                VALUES (\(ns), \(path), \(kind), \(type), \(bytes.count), \(SHA256.hex(bytes)), \(ByteA(bytes)),
                        '2021-03-11 15:47:11.123456+00', '2021-03-12 08:00:00.000001+00')
                """)
        }
        return ns
    }

    static func namespace(_ db: PostgresConnection, _ name: String) throws -> UUID {
        try db.query("INSERT INTO namespaces (name) VALUES (\(name)) RETURNING id")[0].decode(UUID.self, 0)
    }

    /// Paths, kinds, content types, sizes, hashes, bytes' hashes, timestamps and permissions, comparable.
    static func snapshot(_ db: PostgresConnection, _ namespace: UUID) throws -> [[String]] {
        let folders = try db.query("""
            SELECT path, permissions::text, created_at::text, updated_at::text
            FROM folders WHERE namespace_id = \(namespace) ORDER BY path
            """).map { row in try (0..<4).map { try row.decode(String.self, $0) } }
        let items = try db.query("""
            SELECT path, kind, content_type, size::text, sha256, encode(sha256(content), 'hex'), created_at::text,
                   updated_at::text
            FROM items WHERE namespace_id = \(namespace) ORDER BY path
            """).map { row in try (0..<8).map { try row.decode(String.self, $0) } }
        return folders + [["--"]] + items
    }

    static func largeObjects(_ db: PostgresConnection) throws -> Int {
        try db.query("SELECT count(*) FROM pg_largeobject_metadata")[0].decode(Int.self, 0)
    }

    static func orphanLargeObjects(_ db: PostgresConnection) throws -> Int {
        try db.query("""
            SELECT count(*) FROM pg_largeobject_metadata m
            WHERE NOT EXISTS (SELECT 1 FROM backups b WHERE b.archive_oid = m.oid)
            """)[0].decode(Int.self, 0)
    }
}

extension TestApp {
    /// Sends raw bytes (an upload) with the admin token or `token`.
    func upload(_ target: String, bytes: [UInt8], token: String? = nil, headers: HTTPHeaders = HTTPHeaders()) throws
        -> HTTPClientResponse
    {
        var headers = headers
        headers.add(name: "Authorization", value: "Bearer \(token ?? adminToken)")
        headers.add(name: "Content-Type", value: "application/zip")
        return try client.execute(HTTPClientRequest(method: .post, target: target, headers: headers, body: .bytes(bytes)))
    }

    /// A GET with extra headers and the admin token or `token`.
    func get(_ target: String, token: String? = nil, headers: HTTPHeaders = HTTPHeaders()) throws -> HTTPClientResponse {
        var headers = headers
        headers.add(name: "Authorization", value: "Bearer \(token ?? adminToken)")
        return try client.execute(HTTPClientRequest(method: .get, target: target, headers: headers, body: .none))
    }

    func db() throws -> PostgresConnection {
        guard let database else { throw TestFailure("no database") }
        return try database.connect()
    }
}

extension TestApp {
    /// Creates a namespace through the API; returns its id.
    func apiNamespace(_ name: String) throws -> String {
        let escaped = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        let response = try admin(.post, "/v1/namespaces", json: #"{"name": "\#(escaped)"}"#)
        guard response.head.status == .created, let id = try response.jsonObject()["id"] as? String else {
            throw TestFailure("creating namespace \(name): \(response.head.status) \(response.text)")
        }
        return id
    }

    /// `PUT …/folders/{path}` with permissions (a JSON array).
    func apiFolder(_ namespace: String, _ path: [String], permissions: String) throws {
        let target = "/v1/namespaces/\(namespace)/folders/" + path.map(PercentEncoding.encodePathSegment).joined(separator: "/")
        let response = try admin(.put, target, json: #"{"permissions": \#(permissions)}"#)
        guard response.head.status.code < 300 else { throw TestFailure("folder \(path): \(response.text)") }
    }

    /// `PUT …/items/{path}?kind=` with raw bytes and a content type.
    func apiItem(_ namespace: String, _ path: [String], kind: String, contentType: String, bytes: [UInt8]) throws {
        let target = "/v1/namespaces/\(namespace)/items/" + path.map(PercentEncoding.encodePathSegment).joined(separator: "/") + "?kind=\(kind)"
        let headers: HTTPHeaders = ["Authorization": "Bearer \(adminToken)", "Content-Type": contentType]
        let response = try client.execute(HTTPClientRequest(method: .put, target: target, headers: headers, body: .bytes(bytes)))
        guard response.head.status.code < 300 else { throw TestFailure("item \(path): \(response.text)") }
    }

    /// The content listing (`GET …/content`) as JSON text, for comparing two namespaces.
    func apiContent(_ namespace: String) throws -> [String: Any] {
        try admin(.get, "/v1/namespaces/\(namespace)/content").jsonObject()
    }
}
