/// The request line and header fields of one request, parsed and checked (everything before the body).
public struct HTTPRequestHead: Sendable {
    public var method: HTTPMethod
    /// The request target, split into decoded path segments and query items.
    public var target: HTTPRequestTarget
    /// `HTTP/1.0` or `HTTP/1.1` (a higher 1.x minor version is read as 1.1, RFC 9110 §2.5).
    public var version: HTTPVersion
    public var headers: HTTPHeaders
    /// How the body is delimited; checked for conflicts when parsed.
    public var framing: HTTPBodyFraming

    public init(
        method: HTTPMethod,
        target: HTTPRequestTarget,
        version: HTTPVersion = .http1_1,
        headers: HTTPHeaders = [:],
        framing: HTTPBodyFraming = .noBody
    ) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
        self.framing = framing
    }

    /// The raw (still percent-encoded) path, e.g. `/v1/items/a%2Fb`.
    public var path: String { target.path }
    /// The path's segments, each percent-decoded on its own (``HTTPRequestTarget/pathSegments``).
    public var pathSegments: [String] { target.pathSegments }
    /// The decoded query items.
    public var queryItems: [HTTPQueryItem] { target.queryItems }

    /// Whether the client wants the connection kept open after this exchange (RFC 9112 §9.3):
    /// the default in HTTP/1.1 unless `Connection: close`; in HTTP/1.0 only with `Connection: keep-alive`.
    public var isKeepAlive: Bool {
        if version == .http1_0 { return headers.listContains("Connection", token: "keep-alive") }
        return !headers.listContains("Connection", token: "close")
    }

    /// Whether the client waits for `100 Continue` before sending the body (RFC 9110 §10.1.1);
    /// ignored for HTTP/1.0 clients, as that section requires.
    public var expectsContinue: Bool {
        version != .http1_0 && headers.listContains("Expect", token: "100-continue")
    }

    /// The body length the client declared, nil for chunked; 0 when there is no body.
    public var declaredContentLength: Int64? {
        switch framing {
        case .noBody: return 0
        case .contentLength(let length): return length
        case .chunked: return nil
        }
    }
}
