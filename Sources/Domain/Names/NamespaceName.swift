/// A valid namespace name: 1–100 characters (Unicode scalars) after trimming surrounding white space, no
/// control characters (see ``NameRules`` for the exact definitions). Unique, case-sensitive, code point for code
/// point — uniqueness is the store's business (`ContentError.namespaceExists`).
public struct NamespaceName: Sendable, Hashable, CustomStringConvertible {
    public static let maxCharacters = 100

    /// The trimmed name.
    public let value: String

    /// Validates and trims `raw`.
    /// - Throws: ``NameError`` — `name_required` when blank, `invalid_name` when too long or with a control character.
    public init(_ raw: String) throws(NameError) {
        value = try NameRules.validateName(raw, subject: .namespaceName, maxCharacters: Self.maxCharacters)
    }

    /// Like ``init(_:)``, with a missing name (`nil`, e.g. an absent JSON field) answered as `name_required`.
    public init(_ raw: String?) throws(NameError) {
        guard let raw else { throw NameError(subject: .namespaceName, rule: .blank, input: "") }
        try self.init(raw)
    }

    public var description: String { value }

    // Equality by code points (not Swift's canonical equivalence), matching the database's unique index.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.value.utf8.elementsEqual(rhs.value.utf8) }
    public func hash(into hasher: inout Hasher) { hasher.combine(PathKey(value)) }
}
