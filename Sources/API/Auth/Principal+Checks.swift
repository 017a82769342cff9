import Foundation

extension Principal {
    /// Requires a global admin (`admin` with `"*"`): creating and deleting namespaces, managing tokens.
    ///
    /// - Throws: 403 `forbidden`. (Nothing is hidden here: these routes exist for every token.)
    public func requireGlobalAdmin() throws(Problem) {
        guard isGlobalAdmin else {
            let scopeText = scope == .all ? "every namespace" : "some namespaces only"
            throw Problem.forbidden(
                "This needs an admin token for every namespace (\"*\"); this token is '\(role.rawValue)' on \(scopeText)."
            )
        }
    }

    /// Requires `role` on namespace `namespaceID`.
    ///
    /// - Throws: `notFound` when the namespace is outside the token's scope, so the token cannot tell it from one
    ///   that does not exist (shared/spec/api.md: 404 "also for resources of namespaces the token may not see");
    ///   403 `forbidden` when the token sees it but its role is too low.
    public func require(_ role: Role, on namespaceID: UUID?, notFound: @autoclosure () -> Problem) throws(Problem) {
        guard canSee(namespaceID) else { throw notFound() }
        guard self.role.includes(role) else {
            throw Problem.forbidden(
                "This needs the '\(role.rawValue)' role on the namespace; this token is '\(self.role.rawValue)'."
            )
        }
    }

    /// Requires `role` on namespace `namespaceID`, hiding it as 404 `namespace_not_found` when out of scope.
    public func require(_ role: Role, on namespaceID: UUID) throws(Problem) {
        try require(role, on: namespaceID, notFound: .namespaceNotFound(namespaceID))
    }
}
