/// A valid backup name: 1–200 characters (Unicode scalars) after trimming surrounding white space, no control
/// characters (see ``NameRules``). Not unique.
public struct BackupName: Sendable, Hashable, CustomStringConvertible {
    public static let maxCharacters = 200

    /// The trimmed name.
    public let value: String

    /// Validates and trims `raw`.
    /// - Throws: ``NameError`` — `name_required` when blank, `invalid_name` when too long or with a control character.
    public init(_ raw: String) throws(NameError) {
        value = try NameRules.validateName(raw, subject: .backupName, maxCharacters: Self.maxCharacters)
    }

    /// Like ``init(_:)``, with a missing name (`nil`) answered as `name_required`.
    public init(_ raw: String?) throws(NameError) {
        guard let raw else { throw NameError(subject: .backupName, rule: .blank, input: "") }
        try self.init(raw)
    }

    public var description: String { value }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.value.utf8.elementsEqual(rhs.value.utf8) }
    public func hash(into hasher: inout Hasher) { hasher.combine(PathKey(value)) }
}
