import Foundation
import Postgres

/// The `backups` and `restores` columns as the models need them, and the mapping from rows (snake_case in SQL,
/// camelCase in Swift, mapped here explicitly).
enum BackupRows {
    /// Columns for ``backup(_:)``, in order.
    static let backupColumns = """
        id, name, namespace_id, namespace_name, created_at, status, origin, size_bytes, sha256, schema_version,
        source_namespace, folder_count, item_count, error
        """

    /// `query` with the markers `{backup}` and `{restore}` replaced by the column lists. The lists are constants
    /// of this file, so the SQL still contains no text built from values (those stay bound parameters).
    static func expand(_ query: Query) -> Query {
        let sql = query.sql.replacingOccurrences(of: "{backup}", with: backupColumns)
            .replacingOccurrences(of: "{restore}", with: restoreColumns)
        return Query(unsafeSQL: sql, bindings: query.bindings)
    }

    static func backup(_ row: PostgresRow) throws -> Backup {
        Backup(
            id: try row.decode(UUID.self, 0), name: try row.decode(String.self, 1),
            namespace: BackupNamespace(id: try row.decode(UUID?.self, 2), name: try row.decode(String.self, 3)),
            createdAt: try row.decode(Date.self, 4),
            status: try enumValue(BackupStatus.self, row, 5), origin: try enumValue(BackupOrigin.self, row, 6),
            sizeBytes: try row.decode(Int64?.self, 7), sha256: try row.decode(String?.self, 8),
            schemaVersion: try row.decode(Int?.self, 9), sourceNamespace: try row.decode(String?.self, 10),
            folderCount: try row.decode(Int?.self, 11), itemCount: try row.decode(Int?.self, 12),
            error: try row.decode(String?.self, 13))
    }

    /// Columns for ``restore(_:)``, in order.
    static let restoreColumns = """
        id, backup_id, namespace_id, namespace_name, status, started_at, finished_at, error, report::text
        """

    static func restore(_ row: PostgresRow) throws -> Restore {
        let report = try row.decode(String?.self, 8).map { text in
            try JSONDecoder().decode(RestoreReport.self, from: Data(text.utf8))
        }
        return Restore(
            id: try row.decode(UUID.self, 0), backupID: try row.decode(UUID.self, 1),
            namespace: BackupNamespace(id: try row.decode(UUID?.self, 2), name: try row.decode(String.self, 3)),
            status: try enumValue(RestoreStatus.self, row, 4), startedAt: try row.decode(Date.self, 5),
            finishedAt: try row.decode(Date?.self, 6), error: try row.decode(String?.self, 7), report: report)
    }

    private static func enumValue<T: RawRepresentable<String>>(_ type: T.Type, _ row: PostgresRow, _ column: Int) throws -> T {
        let text = try row.decode(String.self, column)
        guard let value = T(rawValue: text) else {
            throw PostgresError(code: .decoding, message: "'\(text)' is not a valid \(T.self)")
        }
        return value
    }
}
