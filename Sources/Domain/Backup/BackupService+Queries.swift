import Foundation
import Postgres

extension BackupService {
    /// Backups sorted by creation time, then id.
    /// - Parameters:
    ///   - namespaceID: only those listed under this namespace.
    ///   - visibleNamespaces: only those listed under one of these namespaces (a token's scope); nil for all,
    ///     including the backups of deleted namespaces.
    public func backups(namespaceID: UUID? = nil, visibleNamespaces: Set<UUID>? = nil) throws -> [Backup] {
        let visible = visibleNamespaces.map { $0.map(\.lowercased).sorted() }
        return try pool.withConnection { db in
            try db.query(BackupRows.expand("""
                SELECT {backup} FROM backups
                WHERE (\(namespaceID)::uuid IS NULL OR namespace_id = \(namespaceID)::uuid)
                  AND (\(visible)::uuid[] IS NULL OR namespace_id = ANY(\(visible)::uuid[]))
                ORDER BY created_at, id
                """)).map(BackupRows.backup)
        }
    }

    /// - Throws: ``BackupError/backupNotFound(id:)``.
    public func backup(_ id: UUID) throws -> Backup {
        try pool.withConnection { db in
            guard let row = try db.query(BackupRows.expand("SELECT {backup} FROM backups WHERE id = \(id)")).first else {
                throw BackupError.backupNotFound(id: id)
            }
            return try BackupRows.backup(row)
        }
    }

    /// - Throws: ``BackupError/restoreNotFound(id:)``.
    public func restore(_ id: UUID) throws -> Restore {
        try pool.withConnection { db in
            guard let row = try db.query(BackupRows.expand("SELECT {restore} FROM restores WHERE id = \(id)")).first else {
                throw BackupError.restoreNotFound(id: id)
            }
            return try BackupRows.restore(row)
        }
    }

    /// Restores, newest first.
    /// - Parameters:
    ///   - namespaceID: only restores into this namespace.
    ///   - visibleNamespaces: only restores into one of these namespaces; nil for all.
    public func restores(namespaceID: UUID? = nil, visibleNamespaces: Set<UUID>? = nil) throws -> [Restore] {
        let visible = visibleNamespaces.map { $0.map(\.lowercased).sorted() }
        return try pool.withConnection { db in
            try db.query(BackupRows.expand("""
                SELECT {restore} FROM restores
                WHERE (\(namespaceID)::uuid IS NULL OR namespace_id = \(namespaceID)::uuid)
                  AND (\(visible)::uuid[] IS NULL OR namespace_id = ANY(\(visible)::uuid[]))
                ORDER BY started_at DESC, id DESC
                """)).map(BackupRows.restore)
        }
    }
}
