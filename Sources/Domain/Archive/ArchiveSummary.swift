/// What an ``ArchiveReader`` read, once every check passed.
public struct ArchiveSummary: Sendable, Equatable {
    public var manifest: ArchiveManifest
    public var folderCount: Int
    public var itemCount: Int
    public var totalBytes: Int64
    /// The content model version the archive was written in (before any upgrade).
    public var schemaVersion: Int
    /// Folders above some folder or item that the archive does not list, sorted by path. A restore creates
    /// them without permissions (and says so in its report's warnings).
    public var missingParentFolders: [String]
}
