/// A small blocking HTTP/1.1 client over ``TCPConnection``: request bodies from memory, a file or a closure;
/// response bodies streamed to a callback as they arrive; keep-alive reuse of one connection.
///
/// Every wait is bounded by the configured timeouts. Not thread-safe: one exchange at a time; use one
/// client per thread.
public final class HTTPClient {
    public struct Configuration: Sendable {
        public var connectTimeout: Duration = .seconds(10)
        /// Longest wait for any response bytes.
        public var readTimeout: Duration = .seconds(30)
        /// Longest wait for the server to accept more request bytes.
        public var writeTimeout: Duration = .seconds(30)
        /// How long an `Expect: 100-continue` request waits before sending its body anyway (RFC 9110 §10.1.1).
        public var expectContinueTimeout: Duration = .seconds(1)
        /// Keep the connection for the next request when the server allows it.
        public var keepAlive = true
        /// Fields added to every request (e.g. `Authorization`) before the request's own.
        public var defaultHeaders = HTTPHeaders()

        public init() {}
    }

    public let host: String
    public let port: Int
    /// Prepended to every request target (from a URL such as `http://host:8080/base`), without trailing `/`.
    public let basePath: String
    public var configuration: Configuration
    private var connection: TCPConnection?

    public init(host: String, port: Int, basePath: String = "", configuration: Configuration = Configuration()) {
        self.host = host
        self.port = port
        self.basePath = basePath.hasSuffix("/") ? String(basePath.dropLast()) : basePath
        self.configuration = configuration
    }

    /// A client for an `http://host[:port][/base]` URL (IPv6 hosts in brackets; port 80 by default).
    ///
    /// - Throws: ``HTTPClientError`` `invalidURL` for other schemes or a malformed authority.
    public convenience init(url: String, configuration: Configuration = Configuration()) throws {
        guard url.lowercased().hasPrefix("http://") else {
            throw HTTPClientError(.invalidURL, "'\(url)' is not an http:// URL.")
        }
        let rest = url.dropFirst(7)
        let authority = rest.prefix { $0 != "/" }
        let basePath = String(rest.dropFirst(authority.count))
        var host = Substring(authority)
        var port = 80
        if let close = authority.lastIndex(of: "]") {
            host = authority[...close]
            let after = authority[authority.index(after: close)...]
            if after.hasPrefix(":") {
                guard let value = Int(after.dropFirst()) else {
                    throw HTTPClientError(.invalidURL, "'\(url)' has an invalid port.")
                }
                port = value
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            guard let value = Int(authority[authority.index(after: colon)...]) else {
                throw HTTPClientError(.invalidURL, "'\(url)' has an invalid port.")
            }
            port = value
        }
        guard !host.isEmpty, (0...65535).contains(port) else {
            throw HTTPClientError(.invalidURL, "'\(url)' has no host or an invalid port.")
        }
        self.init(host: String(host), port: port, basePath: basePath, configuration: configuration)
    }

    deinit { connection?.close() }

    /// Closes the kept-alive connection, if any.
    public func close() {
        connection?.close()
        connection = nil
    }

    /// Sends `request` and streams the response.
    ///
    /// - Parameters:
    ///   - onHead: called with the final response head before any body byte (e.g. to open the output file or
    ///     size a progress bar from `Content-Length`).
    ///   - onBody: called with successive body pieces, each valid only during the call.
    /// - Returns: the final response head.
    /// - Throws: ``SocketError`` (connect, timeouts, resets), ``HTTPClientError`` (malformed or cut-off response),
    ///   or what the callbacks or the body source throw. A stale kept-alive connection is retried once on a fresh one
    ///   when nothing was received yet and the body can be sent again.
    @discardableResult
    public func execute(
        _ request: HTTPClientRequest,
        onHead: (HTTPClientResponseHead) throws -> Void = { _ in },
        onBody: (UnsafeRawBufferPointer) throws -> Void
    ) throws -> HTTPClientResponseHead {
        let reused = connection != nil
        let current = try connection ?? connect()
        connection = nil
        var deliveredHead = false
        do {
            return try exchange(
                request,
                on: current,
                onHead: { head in
                    deliveredHead = true
                    try onHead(head)
                },
                onBody: onBody
            )
        } catch let error where reused && !deliveredHead && request.body.isReplayable && Self.isStale(error) {
            current.close()
            return try exchange(request, on: connect(), onHead: onHead, onBody: onBody)
        } catch {
            current.close()
            throw error
        }
    }

    /// Sends `request` and collects the response body in memory.
    ///
    /// - Throws: ``HTTPClientError`` `bodyTooLarge` past `maxBodyBytes` (64 MiB by default), or what
    ///   ``execute(_:onHead:onBody:)`` throws.
    public func execute(_ request: HTTPClientRequest, maxBodyBytes: Int = 64 << 20) throws -> HTTPClientResponse {
        var body: [UInt8] = []
        let head = try execute(request) { piece in
            guard body.count + piece.count <= maxBodyBytes else {
                throw HTTPClientError(.bodyTooLarge, "The response body is larger than \(maxBodyBytes) bytes.")
            }
            body.append(contentsOf: piece)
        }
        return HTTPClientResponse(head: head, body: body)
    }

    /// `GET target`, body collected in memory.
    public func get(_ target: String, headers: HTTPHeaders = HTTPHeaders()) throws -> HTTPClientResponse {
        try execute(HTTPClientRequest(method: .get, target: target, headers: headers))
    }

    func connectionForReuse(_ connection: TCPConnection) {
        self.connection = connection
    }

    private func connect() throws -> TCPConnection {
        try TCPConnection(
            host: host,
            port: port,
            timeout: configuration.connectTimeout,
            writeTimeout: configuration.writeTimeout
        )
    }

    private static func isStale(_ error: any Error) -> Bool {
        if let error = error as? SocketError { return error.code == .connectionClosed }
        if let error = error as? HTTPClientError { return error.code == .connectionClosed }
        return false
    }
}

@available(*, unavailable)
extension HTTPClient: Sendable {}
