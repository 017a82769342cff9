import Foundation

/// The namespaces a token may see: all (`"*"` in JSON) or a list of ids (`["<id>", …]`).
public enum NamespaceScope: Sendable, Equatable, Codable {
    case all
    case only(Set<UUID>)

    /// Whether `namespaceID` is in scope. A nil id (a backup whose namespace was deleted) is in scope only
    /// for `all`.
    public func contains(_ namespaceID: UUID?) -> Bool {
        switch self {
        case .all: return true
        case .only(let ids): return namespaceID.map(ids.contains) ?? false
        }
    }

    /// The listed ids, sorted (empty for `all`).
    public var sortedIDs: [UUID] {
        guard case .only(let ids) = self else { return [] }
        return ids.sorted { $0.uuidString < $1.uuidString }
    }

    /// `"*"` or an array of lowercase id strings, sorted.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .all: try container.encode("*")
        case .only: try container.encode(sortedIDs)
        }
    }

    /// Reads `"*"` or an array of UUID strings; anything else is refused with a sentence naming the rule.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            guard text == "*" else {
                throw DecodingError.dataCorruptedError(
                    in: container,
                    debugDescription: "use \"*\" for every namespace or an array of namespace ids, not '\(text)'."
                )
            }
            self = .all
            return
        }
        guard let texts = try? container.decode([String].self) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "it must be \"*\" or an array of namespace ids."
            )
        }
        var ids: Set<UUID> = []
        for text in texts {
            guard text.utf8.count == 36, let id = UUID(uuidString: text) else {
                throw DecodingError.dataCorruptedError(
                    in: container,
                    debugDescription: "'\(text)' is not a namespace id (a UUID)."
                )
            }
            ids.insert(id)
        }
        self = .only(ids)
    }
}
