import Foundation

/// A namespace: one Designer workspace, a tree of folders and items (contract: "Namespaces").
public struct Namespace: Sendable, Equatable, Codable {
    public var id: UUID
    public var name: String
    public var createdAt: Date
    public var folderCount: Int
    public var itemCount: Int
    public var totalBytes: Int64

    public init(id: UUID, name: String, createdAt: Date, folderCount: Int = 0, itemCount: Int = 0, totalBytes: Int64 = 0) {
        self.id = id
        self.name = name
        self.createdAt = createdAt
        self.folderCount = folderCount
        self.itemCount = itemCount
        self.totalBytes = totalBytes
    }
}
