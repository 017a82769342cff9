/// The status line and header fields of a response.
public struct HTTPClientResponseHead: Sendable {
    public var version: HTTPVersion
    public var status: HTTPStatus
    /// The reason phrase as sent (may be empty).
    public var reasonPhrase: String
    public var headers: HTTPHeaders

    public init(version: HTTPVersion, status: HTTPStatus, reasonPhrase: String, headers: HTTPHeaders) {
        self.version = version
        self.status = status
        self.reasonPhrase = reasonPhrase
        self.headers = headers
    }

    /// Whether the server lets the connection be reused (RFC 9112 §9.3).
    public var isKeepAlive: Bool {
        if version == .http1_0 { return headers.listContains("Connection", token: "keep-alive") }
        return !headers.listContains("Connection", token: "close")
    }
}

/// A complete response with its body in memory.
public struct HTTPClientResponse: Sendable {
    public var head: HTTPClientResponseHead
    public var body: [UInt8]
    /// Trailer fields of a chunked response.
    public var trailers: HTTPHeaders

    public init(head: HTTPClientResponseHead, body: [UInt8], trailers: HTTPHeaders = HTTPHeaders()) {
        self.head = head
        self.body = body
        self.trailers = trailers
    }

    /// Parses one complete response from bytes (as recorded by ``HTTPResponseRecorder``).
    ///
    /// - Parameter requestMethod: the request's method (a `HEAD` response has no body).
    public init(parsing bytes: [UInt8], requestMethod: HTTPMethod = .get) throws {
        let input = MemoryInput(bytes)
        let deadline = ContinuousClock.now
        var head = try ResponseReader.readHead(from: input, deadline: deadline)
        while (100..<200).contains(head.status.code) {
            head = try ResponseReader.readHead(from: input, deadline: deadline)
        }
        var body: [UInt8] = []
        let framing = try ResponseReader.bodyFraming(of: head, requestMethod: requestMethod)
        let trailers = try ResponseReader.readBody(from: input, framing: framing, deadline: { deadline }) {
            body.append(contentsOf: $0)
        }
        self.init(head: head, body: body, trailers: trailers)
    }

    public var status: HTTPStatus { head.status }
    public var headers: HTTPHeaders { head.headers }
    /// The body decoded as UTF-8 (invalid sequences replaced).
    public var text: String { String(decoding: body, as: UTF8.self) }
}
