import Foundation

/// Access a principal has to a folder.
public enum Access: String, Sendable, Codable, CaseIterable {
    case read, write, admin
}

/// One entry of a folder's permissions: `{"principal": "group:designers", "access": "read"}`.
public struct Permission: Sendable, Equatable, Hashable, Codable {
    public var principal: String
    public var access: Access

    public init(principal: String, access: Access) {
        self.principal = principal
        self.access = access
    }
}

/// A folder of a namespace (contract: "Namespace content"). `path` is the full path with a leading `/`.
public struct Folder: Sendable, Equatable, Codable {
    public var path: String
    public var permissions: [Permission]
    public var createdAt: Date
    public var updatedAt: Date

    public init(path: String, permissions: [Permission], createdAt: Date, updatedAt: Date) {
        self.path = path
        self.permissions = permissions
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
