/// One request as a handler sees it: the parsed head, the body to pull from, and the request's id.
///
/// Not Sendable: it belongs to the connection thread that runs the handler.
public final class HTTPRequest {
    public let head: HTTPRequestHead
    /// The body, read incrementally (``HTTPRequestBody/read(into:)``) or at once (``HTTPRequestBody/collect(upTo:)``).
    public let body: HTTPRequestBody
    /// The short random id of this request; it is in the access log, the `X-Request-Id` response header and
    /// any 500 problem. Log it with anything you log about the request.
    public let requestID: String
    /// `address:port` of the client.
    public let remoteAddress: String

    /// Makes a request without a socket, e.g. to call a router in tests.
    public init(
        head: HTTPRequestHead,
        body: HTTPRequestBody = HTTPRequestBody(bytes: []),
        requestID: String = HTTPRequestID.make(),
        remoteAddress: String = "-"
    ) {
        self.head = head
        self.body = body
        self.requestID = requestID
        self.remoteAddress = remoteAddress
    }

    /// Makes a request from its parts without a socket, for router tests:
    /// `try HTTPRequest(method: .put, target: "/v1/items/a%2Fb?kind=file", body: bytes)`.
    ///
    /// - Throws: ``HTTPParseError`` when `target` is not a valid origin-form target.
    public convenience init(
        method: HTTPMethod,
        target: String,
        headers: HTTPHeaders = HTTPHeaders(),
        body: [UInt8] = [],
        requestID: String = HTTPRequestID.make()
    ) throws {
        let head = HTTPRequestHead(
            method: method,
            target: try HTTPRequestTarget(parsing: target),
            headers: headers,
            framing: body.isEmpty ? .noBody : .contentLength(Int64(body.count))
        )
        self.init(head: head, body: HTTPRequestBody(bytes: body), requestID: requestID)
    }

    public var method: HTTPMethod { head.method }
    public var headers: HTTPHeaders { head.headers }
    /// The raw, percent-encoded path (no query).
    public var path: String { head.target.path }
    /// Path segments, each percent-decoded on its own: `/a%2Fb/c` → `["a/b", "c"]`.
    public var pathSegments: [String] { head.target.pathSegments }
    /// Decoded query items, in order.
    public var queryItems: [HTTPQueryItem] { head.target.queryItems }

    /// The value of the first query item `name` (nil when absent or bare).
    public func query(_ name: String) -> String? { queryItems.value(for: name) }
}

@available(*, unavailable)
extension HTTPRequest: Sendable {}
