import Foundation
import Postgres

/// Replaces a namespace's content with an archive's, inside the caller's transaction: locks the namespace row
/// (`FOR UPDATE`: content writers take `FOR NO KEY UPDATE` on it, so they wait, and are waited for), deletes
/// every folder and item, and streams the archive's folders and items in with binary COPY, checking every
/// checksum, the layout rules and the counts on the way. The caller commits, or rolls back on any error, which
/// leaves the namespace untouched.
///
/// The archive is read through `reader` on another connection: a connection in COPY mode cannot also read a
/// large object.
struct NamespaceImport {
    let db: PostgresConnection
    let namespaceID: UUID
    let reader: ArchiveReader<LargeObjectSource>
    let lockTimeout: Duration

    struct Result {
        var summary: ArchiveSummary
        var namespaceName: String
    }

    func run() throws -> Result {
        try db.setLockTimeout(milliseconds: Int(lockTimeout.components.seconds * 1000), local: true)
        let locked: PostgresRows
        do {
            locked = try db.query("SELECT name FROM namespaces WHERE id = \(namespaceID) FOR UPDATE")
        } catch let error as PostgresError where error.isLockNotAvailable {
            throw RestoreFailure("The namespace stayed locked by other writers for \(lockTimeout.components.seconds) s; try again.")
        }
        guard let row = locked.first else { throw BackupError.namespaceNotFound(id: namespaceID) }
        try db.execute("DELETE FROM items WHERE namespace_id = \(namespaceID)")
        try db.execute("DELETE FROM folders WHERE namespace_id = \(namespaceID)")
        try copyFolders()
        try copyItems()
        let summary = try mapArchiveErrors { try reader.finish() }
        if !summary.missingParentFolders.isEmpty {
            try db.execute("""
                INSERT INTO folders (namespace_id, path, permissions)
                SELECT \(namespaceID), path, '[]' FROM unnest(\(summary.missingParentFolders)::text[]) AS path
                """)
        }
        try checkCounts(summary)
        return Result(summary: summary, namespaceName: try row.decode(String.self, 0))
    }

    private func copyFolders() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        try db.copyIn(ContentCopyEncoder.foldersCopy) { writer in
            var rows = ContentCopyEncoder(writer: writer)
            try mapArchiveErrors {
                try reader.readFolders { folder in
                    let permissions = String(decoding: try encoder.encode(folder.permissions), as: UTF8.self)
                    try rows.folder(folder, namespaceID: namespaceID, permissionsJSON: permissions)
                }
            }
            try rows.finish()
        }
    }

    private func copyItems() throws {
        try db.copyIn(ContentCopyEncoder.itemsCopy) { writer in
            var rows = ContentCopyEncoder(writer: writer)
            try mapArchiveErrors {
                try reader.readItems(verifyContent: true) { item, content in
                    rows.beginItem(item, namespaceID: namespaceID)
                    try content.read { chunk in try rows.content(chunk) }
                    try rows.endItem(item)
                }
            }
            try rows.finish()
        }
    }

    /// What the tables hold now must be what the archive said (a last guard against any slip on the way).
    private func checkCounts(_ summary: ArchiveSummary) throws {
        let row = try db.query("""
            SELECT (SELECT count(*) FROM folders WHERE namespace_id = \(namespaceID)),
                   count(*), coalesce(sum(size), 0)::int8
            FROM items WHERE namespace_id = \(namespaceID)
            """)[0]
        let folders = try row.decode(Int.self, 0)
        let items = try row.decode(Int.self, 1)
        let bytes = try row.decode(Int64.self, 2)
        guard folders == summary.folderCount + summary.missingParentFolders.count, items == summary.itemCount,
              bytes == summary.totalBytes else {
            throw RestoreFailure(
                "The restored content does not add up: \(folders) folders, \(items) items and \(bytes) bytes where the archive has \(summary.folderCount + summary.missingParentFolders.count), \(summary.itemCount) and \(summary.totalBytes).")
        }
    }

    private func mapArchiveErrors<R>(_ body: () throws -> R) throws -> R {
        do { return try body() } catch let error as ArchiveError { throw BackupError(error) }
    }
}

/// Why a restore stopped, as a sentence for the restore's `error`.
struct RestoreFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
