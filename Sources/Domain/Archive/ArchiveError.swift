/// Why an archive cannot be read as a backup. Sentences name the entry (and line) and the fault, written to
/// become the `detail` of `422 archive_invalid` / `archive_too_new` as they are.
///
/// Errors of the byte source (a database error while reading a large object) are not wrapped: they pass
/// through unchanged, so that a broken connection is not reported as a bad archive.
public enum ArchiveError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The archive breaks a rule of the container or the layout.
    case invalid(String)
    /// `formatVersion` or `schemaVersion` (named by `field`) is newer than this server supports.
    case tooNew(field: String, archiveVersion: Int, supported: Int)

    public var description: String {
        switch self {
        case .invalid(let detail):
            return detail
        case .tooNew(let field, let archiveVersion, let supported):
            return "The archive's \(field) is \(archiveVersion) but this server supports at most \(supported); "
                + "restore it with a newer nsbackup."
        }
    }
}
