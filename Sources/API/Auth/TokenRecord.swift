import Foundation

/// A token as `GET /v1/tokens` shows it: never its secret.
public struct TokenRecord: Sendable, Equatable, Encodable {
    public let id: UUID
    public let name: String
    public let role: Role
    /// `"*"` or the namespace ids, in JSON.
    public let namespaces: NamespaceScope
    public let createdAt: Date

    public init(id: UUID, name: String, role: Role, namespaces: NamespaceScope, createdAt: Date) {
        self.id = id
        self.name = name
        self.role = role
        self.namespaces = namespaces
        self.createdAt = createdAt
    }
}

/// The answer to `POST /v1/tokens`: the record plus the secret, shown this once.
public struct CreatedToken: Sendable, Encodable {
    public let record: TokenRecord
    public let token: String

    private enum CodingKeys: String, CodingKey { case id, name, role, namespaces, createdAt, token }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(record.id, forKey: .id)
        try container.encode(record.name, forKey: .name)
        try container.encode(record.role, forKey: .role)
        try container.encode(record.namespaces, forKey: .namespaces)
        try container.encode(record.createdAt, forKey: .createdAt)
        try container.encode(token, forKey: .token)
    }
}
