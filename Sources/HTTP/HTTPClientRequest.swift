/// A request for ``HTTPClient``.
///
/// Not Sendable when its body streams from a closure; build it on the thread that sends it.
public struct HTTPClientRequest {
    /// Where the body comes from.
    public enum Body {
        case none
        /// Bytes in memory, sent with Content-Length.
        case bytes([UInt8])
        /// Pieces pulled from `next` until it returns nil. With a `length` they are sent with that
        /// Content-Length (and must add up to it exactly); without, chunked.
        case stream(length: Int64?, next: () throws -> [UInt8]?)
        /// A region of a file, read in 256 KiB pieces and sent with Content-Length; `length` nil means to the end.
        case file(path: String, offset: Int64 = 0, length: Int64? = nil)

        /// Whether the body can be sent again (for a retry on a stale keep-alive connection).
        var isReplayable: Bool {
            if case .stream = self { return false }
            return true
        }

        var isEmpty: Bool {
            switch self {
            case .none: return true
            case .bytes(let bytes): return bytes.isEmpty
            case .stream(let length, _): return length == 0
            case .file(_, _, let length): return length == 0
            }
        }
    }

    public var method: HTTPMethod
    /// The request target, percent-encoded: `/v1/items/a%2Fb?kind=file` (see ``PercentEncoding``).
    public var target: String
    public var headers: HTTPHeaders
    public var body: Body
    /// Send `Expect: 100-continue` and hold the body back until the server answers `100 Continue`
    /// (or ``HTTPClient/Configuration/expectContinueTimeout`` passes), so a refusal costs no upload.
    public var expectContinue: Bool

    public init(
        method: HTTPMethod = .get,
        target: String,
        headers: HTTPHeaders = HTTPHeaders(),
        body: Body = .none,
        expectContinue: Bool = false
    ) {
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body
        self.expectContinue = expectContinue
    }
}
