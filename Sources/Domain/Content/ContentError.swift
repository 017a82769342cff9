import Foundation

/// Why a namespace or content operation could not be done. A closed set: the API maps every case to a
/// problem+json answer (the contract's code is noted on each case); ``message`` is the `detail` sentence.
///
/// Database failures that are not one of these outcomes (connection lost, timeouts) are thrown as
/// `PostgresError` and become 500/503 in the API.
public enum ContentError: Error, Sendable, Equatable, CustomStringConvertible {
    /// 404 `namespace_not_found`.
    case namespaceNotFound(NamespaceReference)
    /// 409 `namespace_exists`.
    case namespaceExists(name: String)
    /// 404 `folder_not_found`.
    case folderNotFound(path: String)
    /// 404 `item_not_found`.
    case itemNotFound(path: String)
    /// 409 `path_conflict`: putting `attempted` at `path` is impossible because `conflictingPath` (the same path or
    /// an enclosing one) holds an `existing` node: an item where a folder is, a folder (or anything below) where
    /// an item is, or — in a bulk load — the same path twice.
    case pathConflict(path: String, attempted: ContentNodeKind, conflictingPath: String, existing: ContentNodeKind)
    /// 400 `name_required` or `invalid_name` (see `NameError.code`).
    case invalidName(NameError)
    /// 400 `bad_request`: a content type that cannot be stored.
    case invalidContentType(String, reason: String)
    /// 400 `bad_request`: a folder permission that cannot be stored.
    case invalidPermission(principal: String, reason: String)
    /// 413 `payload_too_large`: an item over the configured size limit (bytes).
    case itemTooLarge(path: String, limit: Int64)
    /// 409 `namespace_busy`: another writer or a restore kept the namespace locked longer than the lock timeout.
    case namespaceBusy(id: UUID, waited: Duration)
    /// Bulk load only: an item's bytes disagree with its metadata (size or SHA-256). A restore answers it as
    /// 422 `archive_invalid`.
    case itemContentMismatch(path: String, reason: String)

    public var description: String { message }
}

/// How a namespace was looked up.
public enum NamespaceReference: Sendable, Equatable, CustomStringConvertible {
    case id(UUID)
    case name(String)

    public var description: String {
        switch self {
        case .id(let id): "id \(id.uuidString.lowercased())"
        case .name(let name): "name \(NameText.quoted(name))"
        }
    }
}

/// The two kinds of node in a namespace's content tree.
public enum ContentNodeKind: String, Sendable, Equatable {
    case folder, item
}
