/// A name or content path that breaks the rules of the contract ("Names and paths" in shared/spec/api.md).
///
/// `code` is what the API answers with (`name_required` for a blank namespace or backup name, `invalid_name`
/// for everything else); `rule` says which rule was broken, with the facts a message needs; `message` is a
/// sentence a person can act on. Control characters in the input are shown escaped (`\u{1}`), never raw.
public struct NameError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The contract's error codes for names; the raw values are the contract's strings.
    public enum Code: String, Sendable, Equatable {
        case nameRequired = "name_required"
        case invalidName = "invalid_name"
    }

    /// What was being validated.
    public enum Subject: Sendable, Equatable, CustomStringConvertible {
        case namespaceName
        case backupName
        /// A whole content path (its string form, or its list of segments).
        case contentPath
        /// One segment of a content path; `index` counts from 1.
        case pathSegment(index: Int)

        public var description: String {
            switch self {
            case .namespaceName: "namespace name"
            case .backupName: "backup name"
            case .contentPath: "content path"
            case .pathSegment(let index): "path segment \(index)"
            }
        }
    }

    /// The rule that was broken.
    public enum Rule: Sendable, Equatable {
        /// A name is empty or only white space.
        case blank
        /// A name is longer than `limit` Unicode scalars (after trimming).
        case tooManyCharacters(limit: Int, actual: Int)
        /// A path segment is longer than `limit` bytes of UTF-8.
        case tooManyBytes(limit: Int, actual: Int)
        /// A whole path is longer than `limit` bytes of UTF-8 in its stored form `/a/b`.
        case pathTooLong(limit: Int, actual: Int)
        /// A control character (Unicode general category Cc) at `position` (1-based, in Unicode scalars).
        case controlCharacter(scalar: UInt32, position: Int)
        /// A path segment is `.` or `..`.
        case dotSegment
        /// A (percent-decoded) path segment contains `/`.
        case slashInSegment
        /// A path has an empty segment (`//`, or a trailing `/`).
        case emptySegment
        /// A path has no segment at all (`""`, `/`, or an empty list).
        case noSegments
        /// A path given as a string does not start with `/`.
        case notAbsolute
    }

    public let subject: Subject
    public let rule: Rule
    /// The offending text as it was given (for a path segment: that segment).
    public let input: String

    public init(subject: Subject, rule: Rule, input: String) {
        self.subject = subject
        self.rule = rule
        self.input = input
    }

    public var code: Code {
        switch (subject, rule) {
        case (.namespaceName, .blank), (.backupName, .blank): .nameRequired
        default: .invalidName
        }
    }

    public var description: String { message }
}
