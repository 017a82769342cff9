import Foundation
import Postgres

/// Replaces a namespace's content with an archive's, inside the caller's transaction, by the content store's own
/// protocol: ``NamespaceLock`` first (content writers take the same lock, so writes and restores exclude each
/// other), then ``ContentBulkLoader`` deletes every folder and item and streams the archive's in with binary COPY,
/// while ``ArchiveReader`` checks, once each, the layout (paths, conflicts, permissions, content types, sizes),
/// the CRCs, the SHA-256 of every item and the counts. The caller commits, or rolls back on any error, which leaves the namespace untouched.
///
/// The archive is read through `reader` on another connection: a connection in COPY mode cannot also read a
/// large object.
struct NamespaceImport {
    let db: PostgresConnection
    let namespaceID: UUID
    let reader: ArchiveReader<LargeObjectSource>
    let limits: ContentLimits

    struct Result {
        var summary: ArchiveSummary
        var namespaceName: String
        var implicitFolders: [String]
    }

    func run() throws -> Result {
        do {
            let name = try NamespaceLock.acquire(namespaceID, timeout: limits.lockTimeout, on: db)
            let loader = ContentBulkLoader(limits: limits)
            try loader.removeContent(of: namespaceID, on: db)
            // The reader checks every line and every byte once; the loader only writes rows (see there).
            let (loaded, summary) = try loader.load(archive: reader, into: namespaceID, on: db)
            try check(loaded, against: summary)
            return Result(summary: summary, namespaceName: name, implicitFolders: loaded.implicitFolders)
        } catch let error as ArchiveError {
            throw BackupError(error)
        } catch let error as ContentError {
            switch error {
            case .namespaceNotFound: throw BackupError.namespaceNotFound(id: namespaceID)
            case .namespaceBusy: throw RestoreFailure(error.message)
            default: throw BackupError.archiveInvalid(detail: error.message)   // content the archive should not hold
            }
        }
    }

    /// What was loaded must be what the archive said (a last guard against any slip on the way).
    private func check(_ loaded: ContentLoadSummary, against summary: ArchiveSummary) throws {
        guard loaded.folders == summary.folderCount, loaded.items == summary.itemCount,
              loaded.bytes == summary.totalBytes else {
            throw RestoreFailure(
                "The restored content does not add up: \(loaded.folders) folders, \(loaded.items) items and \(loaded.bytes) bytes where the archive has \(summary.folderCount), \(summary.itemCount) and \(summary.totalBytes).")
        }
    }
}

/// Why a restore stopped, as a sentence for the restore's `error`.
struct RestoreFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
