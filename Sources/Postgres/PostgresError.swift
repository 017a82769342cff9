/// An error from PostgreSQL or from talking to it.
///
/// `description` is safe for logs but is never meant for HTTP clients: the API layer maps the cases it
/// expects (unique violation, lock not available, connection lost) to its own sentences and turns
/// everything else into an opaque 500 with a request id.
public struct PostgresError: Error, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        /// Could not connect, or the connection broke.
        public static let connectionFailed = Code("connectionFailed")
        /// The server answered with an error (see `sqlState`).
        public static let server = Code("server")
        /// libpq or the server did something this wrapper did not expect.
        public static let protocolViolation = Code("protocolViolation")
        /// No pooled connection became free in time.
        public static let poolTimeout = Code("poolTimeout")
        /// A value could not be decoded into the requested Swift type.
        public static let decoding = Code("decoding")
        /// A migration problem (edited file, database newer than this binary, unreadable directory).
        public static let migration = Code("migration")
        public var description: String { name }
    }

    public var code: Code
    /// libpq's primary message, trimmed.
    public var message: String
    /// The five-character SQLSTATE, e.g. "23505".
    public var sqlState: String?
    public var detail: String?
    public var hint: String?
    public var constraint: String?

    public init(code: Code, message: String, sqlState: String? = nil, detail: String? = nil,
                hint: String? = nil, constraint: String? = nil) {
        self.code = code
        self.message = message
        self.sqlState = sqlState
        self.detail = detail
        self.hint = hint
        self.constraint = constraint
    }

    public var description: String {
        var text = "PostgresError.\(code): \(message)"
        if let sqlState { text += " (SQLSTATE \(sqlState))" }
        if let detail { text += " detail: \(detail)" }
        if let constraint { text += " constraint: \(constraint)" }
        return text
    }

    public var isUniqueViolation: Bool { sqlState == SQLState.uniqueViolation }
    public var isForeignKeyViolation: Bool { sqlState == SQLState.foreignKeyViolation }
    public var isSerializationFailure: Bool {
        sqlState == SQLState.serializationFailure || sqlState == SQLState.deadlockDetected
    }
    public var isLockNotAvailable: Bool { sqlState == SQLState.lockNotAvailable }
    public var isQueryCanceled: Bool { sqlState == SQLState.queryCanceled }
    /// The connection is gone: connect failure, broken socket, server shutdown or terminated backend.
    public var isConnectionLost: Bool {
        if code == .connectionFailed { return true }
        guard let sqlState else { return false }
        return sqlState.hasPrefix("08") || sqlState == SQLState.adminShutdown
            || sqlState == SQLState.crashShutdown || sqlState == SQLState.cannotConnectNow
    }
}

/// SQLSTATE values callers handle. See PostgreSQL's "Appendix A. Error Codes".
public enum SQLState {
    public static let uniqueViolation = "23505"
    public static let foreignKeyViolation = "23503"
    public static let checkViolation = "23514"
    public static let notNullViolation = "23502"
    public static let serializationFailure = "40001"
    public static let deadlockDetected = "40P01"
    public static let lockNotAvailable = "55P03"
    public static let queryCanceled = "57014"
    public static let adminShutdown = "57P01"
    public static let crashShutdown = "57P02"
    public static let cannotConnectNow = "57P03"
    public static let invalidTextRepresentation = "22P02"
    public static let undefinedTable = "42P01"
}
