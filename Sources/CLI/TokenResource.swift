/// An API token as the server sends it (spec/api.md "Tokens and roles"); `token` (the secret) only in the
/// answer to its creation.
struct TokenResource: Decodable, Sendable, Equatable {
    /// `"*"` (every namespace) or a list of namespace ids.
    enum Scope: Decodable, Sendable, Equatable {
        case all
        case namespaces([String])

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) {
                guard text == "*" else {
                    throw DecodingError.dataCorruptedError(
                        in: container,
                        debugDescription: "namespaces is \"\(text)\", expected \"*\" or a list of ids"
                    )
                }
                self = .all
            } else {
                self = .namespaces(try container.decode([String].self))
            }
        }
    }

    var id: String
    var name: String
    var role: String
    var namespaces: Scope
    var createdAt: String?
    var token: String?
}

/// `{"tokens": [...]}`.
struct TokenList: Decodable, Sendable {
    var tokens: [TokenResource]
}
