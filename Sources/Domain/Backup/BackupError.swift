import Foundation

/// Why a backup or restore operation could not be done. The API answers each case with its contract code;
/// ``message`` is the sentence for the problem's `detail`.
public enum BackupError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `backup_not_found`
    case backupNotFound(id: UUID)
    /// `restore_not_found`
    case restoreNotFound(id: UUID)
    /// `namespace_not_found`
    case namespaceNotFound(id: UUID)
    /// `backup_not_ready`: download, verify, manifest or restore of a backup that is not ready.
    case notReady(id: UUID, status: BackupStatus)
    /// `archive_invalid`: the detail names the entry and the fault.
    case archiveInvalid(detail: String)
    /// `archive_too_new`: `field` is `formatVersion` or `schemaVersion`.
    case archiveTooNew(field: String, archiveVersion: Int, supported: Int)
    /// `namespace_busy`: a restore into the namespace is running (on any instance).
    case namespaceBusy(namespaceID: UUID)
    /// `name_required`
    case nameRequired
    /// `invalid_name`: the detail says which rule the name breaks.
    case invalidName(detail: String)
    /// `payload_too_large`
    case payloadTooLarge(limit: Int64)
    /// `unavailable`: this instance already has as many jobs queued as it accepts.
    case tooManyJobs(limit: Int)
    /// `unavailable`: the upload could not be kept in the server's temporary storage (`reason` is the system's
    /// words, e.g. "No space left on device"; never a path).
    case uploadStorage(reason: String)
    /// The job stopped because its backup was deleted (never shown to a client: the backup is gone).
    case cancelled(id: UUID)

    public var message: String {
        switch self {
        case .backupNotFound(let id): "There is no backup with id \(id.lowercased)."
        case .restoreNotFound(let id): "There is no restore with id \(id.lowercased)."
        case .namespaceNotFound(let id): "There is no namespace with id \(id.lowercased)."
        case .notReady(let id, let status):
            "The backup \(id.lowercased) is \(status.rawValue), not ready; "
                + (status == .creating ? "try again when it is ready." : "it cannot be used; make a new one.")
        case .archiveInvalid(let detail): detail
        case .archiveTooNew(let field, let archiveVersion, let supported):
            ArchiveError.tooNew(field: field, archiveVersion: archiveVersion, supported: supported).description
        case .namespaceBusy(let id):
            "A restore into namespace \(id.lowercased) is already running; wait for it to finish."
        case .nameRequired: "A backup needs a name: give a non-blank 'name' (an upload may give its file name instead)."
        case .invalidName(let detail): detail
        case .payloadTooLarge(let limit): "The upload is larger than the \(limit) bytes this server accepts."
        case .tooManyJobs(let limit):
            "This server already has \(limit) backup and restore jobs waiting; try again in a moment."
        case .uploadStorage(let reason):
            "The server could not keep the upload in its temporary storage (\(reason)); nothing was stored. "
                + "Try again later; if it persists, the administrator needs to free space where TMPDIR points."
        case .cancelled(let id): "The backup \(id.lowercased) was deleted while it was being made."
        }
    }

    public var description: String { message }

    /// The archive reader's refusal as a backup error.
    init(_ error: ArchiveError) {
        switch error {
        case .invalid(let detail): self = .archiveInvalid(detail: detail)
        case .tooNew(let field, let archiveVersion, let supported):
            self = .archiveTooNew(field: field, archiveVersion: archiveVersion, supported: supported)
        }
    }
}

extension UUID {
    /// The contract's spelling of an id.
    var lowercased: String { uuidString.lowercased() }
}
