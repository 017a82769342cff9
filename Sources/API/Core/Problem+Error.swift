import HTTP
import Postgres

extension Problem {
    /// Seconds a client should wait before retrying a 503 (`Retry-After`).
    public static let retryAfterSeconds = 5

    /// The one place where errors become HTTP answers.
    ///
    /// - a ``Problem`` is answered as it is;
    /// - a ``ProblemConvertible`` error (domain errors, see that protocol) with its ``ProblemConvertible/problem``;
    /// - an `HTTPParseError` (a request body read that failed: 400, 408, 413) with its status and code;
    /// - a `PostgresError` saying the database is out of reach (connection lost or refused, no pooled connection
    ///   free in time) with 503 `unavailable` and `Retry-After`;
    /// - anything else with 500 `internal`, carrying `requestID` and nothing else about the cause. The caller logs
    ///   `String(reflecting: error)` with the same id (``APIResponder`` does).
    public init(_ error: any Error, requestID: String) {
        switch error {
        case let problem as Problem:
            self = problem
        case let convertible as any ProblemConvertible:
            self = convertible.problem
            if status.code == 500 && self.requestID == nil { self.requestID = requestID }
        case let parseError as HTTPParseError:
            self.init(
                status: parseError.status,
                code: ProblemCode(rawValue: parseError.code.problemCode) ?? .badRequest,
                detail: parseError.message
            )
        case let database as PostgresError where database.isConnectionLost || database.code == .poolTimeout:
            self = .unavailable()
        default:
            self = .internalError(requestID: requestID)
        }
    }

    /// Whether the cause of this answer belongs in the server's error log (500s and 503s).
    public var isServerFault: Bool { status.code >= 500 }
}
