import HTTP

/// An RFC 9457 problem document, the body of every error response (shared/spec/api.md "Conventions"):
/// `{"type":"about:blank","title":"Not Found","status":404,"code":"backup_not_found","detail":"…"}`,
/// plus `requestId` on a 500.
///
/// Thrown by route handlers and by the frame's helpers (JSON decoding, authentication, role checks); every other
/// error is turned into one by ``init(_:requestID:)``, the one place where errors become HTTP.
public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
    public static let mediaType = "application/problem+json"

    public var status: HTTPStatus
    public var code: ProblemCode
    /// A sentence a person can act on; names the input at fault. Never SQL, paths or stack traces.
    public var detail: String
    /// The request's id, set on 500s (the server log has the same id with the cause).
    public var requestID: String?
    /// Header fields sent with the problem: `Allow` (405), `WWW-Authenticate` (401), `Retry-After` (503).
    public var headers: HTTPHeaders

    public init(
        status: HTTPStatus,
        code: ProblemCode,
        detail: String,
        requestID: String? = nil,
        headers: HTTPHeaders = HTTPHeaders()
    ) {
        self.status = status
        self.code = code
        self.detail = detail
        self.requestID = requestID
        self.headers = headers
    }

    /// Always `about:blank`: the `code` carries the machine-readable meaning.
    public var type: String { "about:blank" }
    /// The status's reason phrase, e.g. "Not Found".
    public var title: String { status.reasonPhrase }

    /// The document as the HTTP module serialises it (one JSON shape for the server's own errors and ours).
    public var httpProblem: HTTPProblem {
        HTTPProblem(status: status, code: code.rawValue, detail: detail, requestID: requestID)
    }

    /// The JSON body: `type`, `title`, `status`, `code`, `detail`, and `requestId` when set.
    public var json: [UInt8] { httpProblem.json }

    public var description: String { "\(status.code) \(code.rawValue): \(detail)" }
}
