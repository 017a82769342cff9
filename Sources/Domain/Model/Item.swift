import Foundation

/// What an item is, as the Designer's explorer shows it.
public enum ItemKind: String, Sendable, Codable, CaseIterable {
    case service, model, form, library, file
}

/// An item's metadata (its bytes travel separately, streamed). `path` is the full path with a leading `/`.
public struct Item: Sendable, Equatable, Codable {
    public var path: String
    public var kind: ItemKind
    public var contentType: String
    public var size: Int64
    /// Lowercase hex SHA-256 of the bytes.
    public var sha256: String
    public var createdAt: Date
    public var updatedAt: Date

    public init(path: String, kind: ItemKind, contentType: String, size: Int64, sha256: String, createdAt: Date, updatedAt: Date) {
        self.path = path
        self.kind = kind
        self.contentType = contentType
        self.size = size
        self.sha256 = sha256
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
