import Foundation

/// One line of `items.jsonl` in the current content model (schema version 2): an item's metadata and the name of
/// the entry holding its bytes.
public struct ArchiveItem: Sendable, Equatable, Codable {
    /// The full content path with a leading `/`; the exact path (the entry name may be escaped).
    public var path: String
    public var kind: ItemKind
    public var contentType: String
    public var size: Int64
    /// Lowercase hex SHA-256 of the bytes.
    public var sha256: String
    public var createdAt: ArchiveTimestamp
    public var updatedAt: ArchiveTimestamp
    /// The archive entry with the item's bytes, under `content/` (see ``ArchiveEntryName``).
    public var entry: String

    public init(
        path: String, kind: ItemKind, contentType: String, size: Int64, sha256: String,
        createdAt: ArchiveTimestamp, updatedAt: ArchiveTimestamp, entry: String
    ) {
        self.path = path
        self.kind = kind
        self.contentType = contentType
        self.size = size
        self.sha256 = sha256
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.entry = entry
    }

    /// The shared model type (timestamps as `Date`).
    public var item: Item {
        Item(path: path, kind: kind, contentType: contentType, size: size, sha256: sha256,
             createdAt: createdAt.date, updatedAt: updatedAt.date)
    }
}
