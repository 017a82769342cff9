/// A valid content path: `/`-separated segments, each 1–255 bytes of UTF-8, no control characters (Cc), not `.`
/// or `..` (contract: "Names and paths"). Stored and compared in the form `/seg1/seg2`, code point for code point.
///
/// Two ways in:
/// - ``init(segments:)`` from the URL: the API splits the raw path at `/` and percent-decodes each segment, so a
///   decoded segment may contain `/` (sent as `%2F`). Such a segment is **refused** (`invalid_name`): a
///   `/`-separated path cannot hold it unambiguously (`a%2Fb` and `a/b` would be the same stored path, and the
///   archive's `content/` tree mirrors the path). Refusing is the only answer that never changes what the client
///   asked for.
/// - ``init(parsing:)`` from archives and other stored forms: `/a/b`, leading `/` required, no empty segment.
///
/// Besides the contract, a whole path is at most ``maxPathBytes`` bytes (its stored form): the contract sets no
/// depth limit, but a btree index entry must fit in a third of a page (2,704 bytes in PostgreSQL), and the path is
/// the primary key. 2,048 bytes also keeps the percent-encoded URL inside the HTTP request-line limit.
public struct ContentPath: Sendable, Hashable, Comparable, CustomStringConvertible {
    public static let maxSegmentBytes = 255
    public static let maxPathBytes = 2048

    /// The segments, each valid.
    public let segments: [String]
    /// The stored form, `/seg1/seg2`.
    public let string: String

    /// Validates already percent-decoded segments (from a URL).
    /// - Throws: ``NameError`` (`invalid_name`) naming the segment and the rule.
    public init(segments: [String]) throws(NameError) {
        guard !segments.isEmpty else { throw NameError(subject: .contentPath, rule: .noSegments, input: "") }
        for (offset, segment) in segments.enumerated() {
            try Self.validate(segment: segment, index: offset + 1)
        }
        try self.init(validated: segments)
    }

    /// Parses and validates the stored form `/seg1/seg2`.
    /// - Throws: ``NameError`` (`invalid_name`) naming the segment and the rule.
    public init(parsing text: String) throws(NameError) {
        guard !text.isEmpty, text != "/" else { throw NameError(subject: .contentPath, rule: .noSegments, input: text) }
        guard text.utf8.first == UInt8(ascii: "/") else {
            throw NameError(subject: .contentPath, rule: .notAbsolute, input: text)
        }
        let segments = text.utf8.dropFirst().split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        var decoded: [String] = []
        decoded.reserveCapacity(segments.count)
        for (offset, segment) in segments.enumerated() {
            let string = String(Substring(segment))
            guard !string.isEmpty else { throw NameError(subject: .contentPath, rule: .emptySegment, input: text) }
            try Self.validate(segment: string, index: offset + 1)
            decoded.append(string)
        }
        try self.init(validated: decoded)
    }

    private init(validated segments: [String]) throws(NameError) {
        let string = "/" + segments.joined(separator: "/")
        let bytes = string.utf8.count
        guard bytes <= Self.maxPathBytes else {
            throw NameError(subject: .contentPath, rule: .pathTooLong(limit: Self.maxPathBytes, actual: bytes), input: string)
        }
        self.segments = segments
        self.string = string
    }

    /// Checks one segment against every rule, in this order: empty, `/`, `.`/`..`, control character, length.
    static func validate(segment: String, index: Int) throws(NameError) {
        let subject = NameError.Subject.pathSegment(index: index)
        let utf8 = segment.utf8
        guard !utf8.isEmpty else { throw NameError(subject: subject, rule: .emptySegment, input: segment) }
        guard !utf8.contains(UInt8(ascii: "/")) else {
            throw NameError(subject: subject, rule: .slashInSegment, input: segment)
        }
        guard segment != "." && segment != ".." else { throw NameError(subject: subject, rule: .dotSegment, input: segment) }
        if let control = NameRules.firstControlCharacter(in: segment) {
            throw NameError(subject: subject, rule: .controlCharacter(scalar: control.scalar, position: control.position),
                            input: segment)
        }
        guard utf8.count <= maxSegmentBytes else {
            throw NameError(subject: subject, rule: .tooManyBytes(limit: maxSegmentBytes, actual: utf8.count),
                            input: segment)
        }
    }

    public var description: String { string }

    /// The last segment.
    public var name: String { segments[segments.count - 1] }

    /// The enclosing folder's path; nil at the top level.
    public var parent: ContentPath? {
        segments.count > 1 ? ContentPath(trusted: Array(segments.dropLast())) : nil
    }

    /// Every enclosing folder's path, outermost first (`/a/b/c` → `/a`, `/a/b`).
    public var ancestors: [ContentPath] {
        (1..<segments.count).map { ContentPath(trusted: Array(segments.prefix($0))) }
    }

    /// Whether `self` is strictly inside the folder at `other`.
    public func isDescendant(of other: ContentPath) -> Bool {
        segments.count > other.segments.count
            && zip(segments, other.segments).allSatisfy { $0.utf8.elementsEqual($1.utf8) }
    }

    /// The stored-form bounds of everything strictly below this path: `lower < path < upper` in code-point
    /// order. `'0'` follows `'/'`, so `/A/…` lies between `/A/` and `/A0`, while `/AB` and `/A B` lie outside.
    var subtreeBounds: (lower: String, upper: String) { (string + "/", string + "0") }

    /// A prefix of an already valid path (its segments are valid and it is shorter).
    private init(trusted segments: [String]) {
        self.segments = segments
        self.string = "/" + segments.joined(separator: "/")
    }

    // Equality and order by code points (UTF-8 bytes), the order of PostgreSQL's COLLATE "C".
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.string.utf8.elementsEqual(rhs.string.utf8) }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.string.utf8.lexicographicallyPrecedes(rhs.string.utf8) }
    public func hash(into hasher: inout Hasher) { hasher.combine(PathKey(string)) }
}
