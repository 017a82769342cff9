import Foundation
import Hashing
import Postgres

/// Backups made behind the service's back, for tests of what reads archives.
public enum TestBackups {
    /// Stores `bytes` as a ready backup of `namespace` (no validation: downloads do not parse archives, and restores
    /// of damaged archives need exactly these bytes). Returns its id.
    public static func insertReady(_ db: PostgresConnection, namespace: UUID, bytes: [UInt8], name: String = "raw") throws -> UUID {
        try db.transaction { db in
            let oid = try db.createLargeObject()
            try db.openLargeObject(oid, mode: .readWrite).write(bytes)
            let id = UUID()
            try db.execute("""
                INSERT INTO backups (id, name, namespace_id, namespace_name, status, origin, archive_oid, size_bytes, sha256,
                                     schema_version, folder_count, item_count)
                SELECT \(id), \(name), id, name, 'ready', 'uploaded', \(oid), \(bytes.count), \(SHA256.hex(bytes)), 2, 0, 0
                FROM namespaces WHERE id = \(namespace)
                """)
            return id
        }
    }
}
