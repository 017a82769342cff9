/// What a token may do (shared/spec/api.md "Tokens and roles"); each role includes the ones before it.
///
/// | role | may |
/// |---|---|
/// | `reader` | read namespaces, content, backups, restores; download archives |
/// | `operator` | reader + write content, create and upload backups |
/// | `admin` | operator + restore, delete backups, verify |
/// | `admin` with `"*"` | everything, including namespaces and tokens (see ``Principal/isGlobalAdmin``) |
public enum Role: String, Sendable, Codable, CaseIterable, Comparable {
    case reader
    case `operator`
    case admin

    private var rank: Int {
        switch self {
        case .reader: 0
        case .operator: 1
        case .admin: 2
        }
    }

    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rank < rhs.rank }

    /// Whether this role includes everything `other` may do.
    public func includes(_ other: Role) -> Bool { self >= other }
}
