import Domain
import Foundation
import Hashing
import Postgres
import TestSupport

/// Content seeding, snapshots and database facts for the backup and restore tests. Content goes into the tables of
/// sql/0002 directly, so these tests do not depend on the content store.
enum BackupTestSupport {
    static let epoch2021 = Date(timeIntervalSince1970: 1_615_477_631.123456)

    /// A service over the test database, with a fast reaper (not started) and quiet logs.
    static func makeService(_ database: TestDatabase, limits: ArchiveLimits = ArchiveLimits(),
                            maxConcurrentJobs: Int = 2) -> BackupService {
        let pool = ConnectionPool(.init(conninfo: database.conninfo, maxConnections: 6))
        return BackupService(pool: pool, configuration: .init(
            appVersion: "0.1.0-test", maxConcurrentJobs: maxConcurrentJobs, reaperInterval: .milliseconds(200),
            archiveLimits: limits))
    }

    @discardableResult
    static func namespace(_ db: PostgresConnection, _ name: String) throws -> UUID {
        try db.query("INSERT INTO namespaces (name) VALUES (\(name)) RETURNING id")[0].decode(UUID.self, 0)
    }

    static func folder(_ db: PostgresConnection, _ namespace: UUID, _ path: String, _ permissions: String = "[]",
                       created: Date = epoch2021, updated: Date = epoch2021) throws {
        try db.execute("""
            INSERT INTO folders (namespace_id, path, permissions, created_at, updated_at)
            VALUES (\(namespace), \(path), \(permissions)::jsonb, \(created), \(updated))
            """)
    }

    static func item(_ db: PostgresConnection, _ namespace: UUID, _ path: String, kind: String = "file",
                     contentType: String = "application/octet-stream", bytes: [UInt8],
                     created: Date = epoch2021, updated: Date = epoch2021) throws {
        try db.execute("""
            INSERT INTO items (namespace_id, path, kind, content_type, size, sha256, content, created_at, updated_at)
            VALUES (\(namespace), \(path), \(kind), \(contentType), \(bytes.count), \(SHA256.hex(bytes)), \(ByteA(bytes)),
                    \(created), \(updated))
            """)
    }

    /// "Jane's Services"-like content: folders with permissions and an item of every kind, awkward names included.
    static func seedJanesServices(_ db: PostgresConnection, name: String = "Jane's Services") throws -> UUID {
        let ns = try namespace(db, name)
        try folder(db, ns, "/Orders", #"[{"principal": "group:designers", "access": "read"}, {"principal": "user:jane", "access": "admin"}]"#,
                   created: epoch2021, updated: epoch2021.addingTimeInterval(3600.000_007))
        try folder(db, ns, "/Orders/Archive 2020")
        try folder(db, ns, "/Ünïcödé: \"quotes\" and 100%", #"[{"principal": "user:zoë", "access": "write"}]"#)
        try item(db, ns, "/Orders/Order Service", kind: "service", contentType: "application/xml",
                 bytes: Array(String(repeating: "<service name='Order'/>\n", count: 200).utf8))
        try item(db, ns, "/Orders/Order Model", kind: "model", contentType: "application/xml", bytes: Array("<model/>".utf8))
        try item(db, ns, "/Orders/Order Form", kind: "form", contentType: "application/xml", bytes: Array("<form/>".utf8))
        try item(db, ns, "/Orders/Archive 2020/CON.txt", kind: "library", contentType: "text/plain", bytes: Array("lib".utf8))
        try item(db, ns, "/Ünïcödé: \"quotes\" and 100%/logo?.png", kind: "file", contentType: "image/png",
                 bytes: (0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        try item(db, ns, "/Ünïcödé: \"quotes\" and 100%/empty.", bytes: [])
        return ns
    }

    /// `count` items of `size` pseudo-random (barely compressible) bytes under `/bulk`.
    static func seedBulk(_ db: PostgresConnection, _ namespace: UUID, count: Int, size: Int, seed: UInt64 = 1) throws {
        try db.transaction { db in
            try folder(db, namespace, "/bulk")
            var state = seed
            for index in 0..<count {
                var bytes = [UInt8](repeating: 0, count: size)
                for word in stride(from: 0, to: size, by: 8) {
                    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                    withUnsafeBytes(of: state) { raw in
                        for offset in 0..<min(8, size - word) { bytes[word + offset] = raw[offset] }
                    }
                }
                try item(db, namespace, "/bulk/item-\(String(format: "%06d", index))", bytes: bytes)
            }
        }
    }

    /// Everything a restore must bring back, comparable between namespaces.
    struct Snapshot: Equatable, CustomStringConvertible {
        var folders: [[String]]
        var items: [[String]]
        var description: String { "folders: \(folders)\nitems: \(items)" }
    }

    static func snapshot(_ db: PostgresConnection, _ namespace: UUID) throws -> Snapshot {
        let folders = try db.query("""
            SELECT path, permissions::text, (extract(epoch FROM created_at) * 1000000)::int8::text,
                   (extract(epoch FROM updated_at) * 1000000)::int8::text
            FROM folders WHERE namespace_id = \(namespace) ORDER BY path
            """).map { row in try (0..<4).map { try row.decode(String.self, $0) } }
        let items = try db.query("""
            SELECT path, kind, content_type, size::text, sha256, encode(sha256(content), 'hex'),
                   (extract(epoch FROM created_at) * 1000000)::int8::text,
                   (extract(epoch FROM updated_at) * 1000000)::int8::text
            FROM items WHERE namespace_id = \(namespace) ORDER BY path
            """).map { row in try (0..<8).map { try row.decode(String.self, $0) } }
        return Snapshot(folders: folders, items: items)
    }

    static func counts(_ db: PostgresConnection, _ namespace: UUID) throws -> [Int] {
        let row = try db.query("""
            SELECT (SELECT count(*) FROM folders WHERE namespace_id = \(namespace)),
                   (SELECT count(*) FROM items WHERE namespace_id = \(namespace))
            """)[0]
        return [try row.decode(Int.self, 0), try row.decode(Int.self, 1)]
    }

    static func largeObjectCount(_ db: PostgresConnection) throws -> Int {
        try db.query("SELECT count(*) FROM pg_largeobject_metadata")[0].decode(Int.self, 0)
    }

    static func backupRowCount(_ db: PostgresConnection) throws -> Int {
        try db.query("SELECT count(*) FROM backups")[0].decode(Int.self, 0)
    }

    /// Large objects no backup row refers to (must always be 0).
    static func orphanLargeObjects(_ db: PostgresConnection) throws -> Int {
        try db.query("""
            SELECT count(*) FROM pg_largeobject_metadata m
            WHERE NOT EXISTS (SELECT 1 FROM backups b WHERE b.archive_oid = m.oid)
            """)[0].decode(Int.self, 0)
    }

    /// Uploads bytes as if they came in an HTTP body, in 100 KiB pieces.
    static func upload(_ service: BackupService, _ bytes: [UInt8], into namespace: UUID, name: String? = nil,
                       fileName: String? = "upload.zip", limit: Int64 = 1 << 30) throws -> Backup {
        var offset = 0
        return try service.upload(namespaceID: namespace, name: name, fileName: fileName, sizeLimit: limit) { buffer in
            let count = min(buffer.count, bytes.count - offset, 100 << 10)
            guard count > 0 else { return 0 }
            bytes.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + offset, byteCount: count) }
            offset += count
            return count
        }
    }

    /// Downloads a whole archive.
    static func download(_ service: BackupService, _ id: UUID, range: ClosedRange<Int64>? = nil) throws -> [UInt8] {
        var bytes: [UInt8] = []
        try service.readArchive(id, range: range) { bytes.append(contentsOf: $0) }
        return bytes
    }

    /// A committed fixture archive: `Fixtures/archives/<relative>`.
    static func fixture(_ relative: String) throws -> [UInt8] {
        guard let base = Bundle.module.resourceURL else { throw FixtureMissing(path: relative) }
        let url = base.appendingPathComponent("Fixtures/archives").appendingPathComponent(relative)
        guard let data = FileManager.default.contents(atPath: url.path) else { throw FixtureMissing(path: url.path) }
        return Array(data)
    }

    struct FixtureMissing: Error { var path: String }
}

extension BackupTestSupport {
    /// Runs `body` with a fresh database, a connection to it and a service; afterwards waits for the service's
    /// jobs and checks that no large object is left without its backup.
    static func withBackupDatabase(
        limits: ArchiveLimits = ArchiveLimits(),
        _ body: (TestDatabase, PostgresConnection, BackupService) throws -> Void
    ) throws {
        try TestDatabase.withTestDatabase { database in
            let db = try database.connect()
            let service = makeService(database, limits: limits)
            defer { service.stop() }
            try body(database, db, service)
            guard service.waitForIdle(timeout: .seconds(120)) else {
                throw Unfinished(message: "the service's jobs did not finish within 120 s")
            }
            let orphans = try orphanLargeObjects(db)
            guard orphans == 0 else { throw Unfinished(message: "\(orphans) large object(s) without a backup") }
        }
    }

    struct Unfinished: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}

extension BackupTestSupport {
    /// Stores `bytes` as a ready backup behind the service's back (no validation), for restores of damaged archives.
    static func insertReadyBackup(_ db: PostgresConnection, namespace: UUID, bytes: [UInt8], name: String = "raw") throws -> UUID {
        try TestBackups.insertReady(db, namespace: namespace, bytes: bytes, name: name)
    }

    /// Restores and waits for the outcome.
    static func restore(_ service: BackupService, _ backup: UUID, into namespace: UUID, safetyBackup: Bool = false) throws -> Restore {
        let started = try service.restore(backupID: backup, into: namespace, safetyBackup: safetyBackup)
        return try service.waitForRestore(started.id, timeout: .seconds(120))
    }
}
