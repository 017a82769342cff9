import Foundation

/// One line of `folders.jsonl` in the current content model (schema version 2):
/// `{"path": "/Orders", "permissions": [{"principal": "group:designers", "access": "read"}], "createdAt", "updatedAt"}`.
public struct ArchiveFolder: Sendable, Equatable, Codable {
    /// The full content path with a leading `/`.
    public var path: String
    public var permissions: [Permission]
    public var createdAt: ArchiveTimestamp
    public var updatedAt: ArchiveTimestamp

    public init(path: String, permissions: [Permission], createdAt: ArchiveTimestamp, updatedAt: ArchiveTimestamp) {
        self.path = path
        self.permissions = permissions
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The shared model type (timestamps as `Date`).
    public var folder: Folder {
        Folder(path: path, permissions: permissions, createdAt: createdAt.date, updatedAt: updatedAt.date)
    }
}
