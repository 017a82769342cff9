import Foundation

/// Who is calling: the token a request was authenticated with, its role and its namespace scope.
///
/// Every route that touches a namespace checks it with ``require(_:on:)`` (or ``require(_:on:notFound:)``), lists
/// with ``canSee(_:)``, and the namespace and token management routes call ``requireGlobalAdmin()``.
public struct Principal: Sendable, Equatable {
    public let tokenID: UUID
    public let tokenName: String
    public let role: Role
    public let scope: NamespaceScope

    public init(tokenID: UUID, tokenName: String, role: Role, scope: NamespaceScope) {
        self.tokenID = tokenID
        self.tokenName = tokenName
        self.role = role
        self.scope = scope
    }

    /// `admin` on every namespace (`"*"`): may manage namespaces and tokens.
    public var isGlobalAdmin: Bool { role == .admin && scope == .all }

    /// Whether the token may see namespace `namespaceID` (and what is in it) at all. A nil id (a backup whose
    /// namespace was deleted) is visible to `"*"` tokens only.
    public func canSee(_ namespaceID: UUID?) -> Bool { scope.contains(namespaceID) }

    /// Whether the token has at least `role` on `namespaceID`.
    public func has(_ role: Role, on namespaceID: UUID?) -> Bool {
        canSee(namespaceID) && self.role.includes(role)
    }
}
