import Foundation
import HTTP

/// The body of `POST /v1/tokens`: `{"name", "role", "namespaces": "*" | ["<id>", …]}`.
struct CreateTokenRequest: Decodable {
    var name: String?
    var role: String
    var namespaces: NamespaceScope

    /// The most characters a token name may have after trimming.
    static let maxNameLength = 100

    /// The checked values.
    ///
    /// - Throws: 400 `name_required` for a missing or blank name, `invalid_name` for one over 100 characters or
    ///   with control characters, `bad_request` for an unknown role or an empty namespace list.
    func validated() throws(Problem) -> (name: String, role: Role, scope: NamespaceScope) {
        let trimmed = (name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else {
            throw Problem(
                status: .badRequest,
                code: .nameRequired,
                detail: "A token needs a name (field 'name') that says who or what uses it."
            )
        }
        guard trimmed.count <= Self.maxNameLength else {
            throw Problem(
                status: .badRequest,
                code: .invalidName,
                detail: "The token name is \(trimmed.count) characters long; at most \(Self.maxNameLength) are allowed."
            )
        }
        guard !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw Problem(
                status: .badRequest,
                code: .invalidName,
                detail: "The token name contains a control character (such as a line break or tab); remove it."
            )
        }
        guard let role = Role(rawValue: role) else {
            throw Problem.badRequest(
                "Field 'role' must be one of \(Role.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")), not '\(role)'."
            )
        }
        if case .only(let ids) = namespaces, ids.isEmpty {
            throw Problem.badRequest(
                "Field 'namespaces' must list at least one namespace id, or be \"*\" for every namespace."
            )
        }
        return (trimmed, role, namespaces)
    }
}
