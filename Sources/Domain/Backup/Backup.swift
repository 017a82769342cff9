import Foundation

/// Where a backup stands.
public enum BackupStatus: String, Sendable, Codable, CaseIterable {
    case creating, ready, failed
}

/// How a backup came to be: made by this service from a namespace, or uploaded as a file.
public enum BackupOrigin: String, Sendable, Codable, CaseIterable {
    case created, uploaded
}

/// A namespace as a backup or restore refers to it: its id (nil once the namespace was deleted) and its name.
public struct BackupNamespace: Sendable, Equatable, Codable {
    public var id: UUID?
    public var name: String

    public init(id: UUID?, name: String) {
        self.id = id
        self.name = name
    }
}

/// A backup (contract: "Backups"). Archive facts are nil until it is ready.
public struct Backup: Sendable, Equatable, Codable {
    public var id: UUID
    public var name: String
    /// The namespace the backup is listed under.
    public var namespace: BackupNamespace
    /// When it was created, or uploaded.
    public var createdAt: Date
    public var status: BackupStatus
    public var origin: BackupOrigin
    /// `<name>_<YYYY-MM-DD>_<HH-MM>.zip` (see ``BackupFileName/make(for:createdAt:)``).
    public var fileName: String
    public var sizeBytes: Int64?
    /// Lowercase hex SHA-256 of the archive.
    public var sha256: String?
    /// The content model version of the archive.
    public var schemaVersion: Int?
    /// The name of the namespace the archive was made from (for an upload: what its manifest says).
    public var sourceNamespace: String?
    public var folderCount: Int?
    public var itemCount: Int?
    /// A sentence when the backup failed.
    public var error: String?

    public init(
        id: UUID, name: String, namespace: BackupNamespace, createdAt: Date, status: BackupStatus,
        origin: BackupOrigin, sizeBytes: Int64? = nil, sha256: String? = nil, schemaVersion: Int? = nil,
        sourceNamespace: String? = nil, folderCount: Int? = nil, itemCount: Int? = nil, error: String? = nil
    ) {
        self.id = id
        self.name = name
        self.namespace = namespace
        self.createdAt = createdAt
        self.status = status
        self.origin = origin
        self.fileName = BackupFileName.make(for: name, createdAt: createdAt)
        self.sizeBytes = sizeBytes
        self.sha256 = sha256
        self.schemaVersion = schemaVersion
        self.sourceNamespace = sourceNamespace
        self.folderCount = folderCount
        self.itemCount = itemCount
        self.error = error
    }
}
