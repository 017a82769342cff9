/// How much body a request may carry; the application decides it per request, from the head alone,
/// before any body byte is read (so a too-large upload is refused before it is sent, with 100-continue).
public struct HTTPBodyPolicy: Sendable, Equatable {
    /// Most body bytes accepted; more → 413 `payload_too_large` (up front for Content-Length, as soon as the
    /// count is passed for chunked bodies).
    public var maxBytes: Int64
    /// Whether a request without Content-Length or chunked framing is refused with 411 `length_required`
    /// (upload routes).
    public var requiresLength: Bool

    public init(maxBytes: Int64, requiresLength: Bool = false) {
        self.maxBytes = maxBytes
        self.requiresLength = requiresLength
    }

    /// An upload route: at most `maxBytes`, and a length (or chunked framing) is required.
    public static func upload(maxBytes: Int64) -> HTTPBodyPolicy {
        HTTPBodyPolicy(maxBytes: maxBytes, requiresLength: true)
    }
}

/// Answers requests. Called on the connection's own thread (never Swift's cooperative pool), so it may block,
/// e.g. in libpq. One call per request; calls for different connections run concurrently.
public protocol HTTPResponder: Sendable {
    /// The body policy for a request, from its head; nil uses ``HTTPLimits/defaultMaxBodyBytes`` and no 411.
    func bodyPolicy(for head: HTTPRequestHead) -> HTTPBodyPolicy?

    /// Reads what it needs from `request.body` and answers through `writer`.
    ///
    /// If it throws before writing anything, the server answers for it: an ``HTTPParseError`` (e.g. from a body
    /// read: 400, 408, 413) with that error's problem, anything else with a 500 problem carrying the request id,
    /// and logs the error with the id. If it throws after the head went out the connection is closed, so the client
    /// sees a truncated response rather than a wrong one. If it returns without answering, that is a 500.
    func respond(to request: HTTPRequest, writer: HTTPResponseWriter) throws
}

extension HTTPResponder {
    public func bodyPolicy(for head: HTTPRequestHead) -> HTTPBodyPolicy? { nil }
}

/// A handler as a closure: `{ request, writer in … }`.
public typealias HTTPHandler = @Sendable (HTTPRequest, HTTPResponseWriter) throws -> Void

/// An ``HTTPResponder`` made of closures.
public struct HTTPClosureResponder: HTTPResponder {
    private let policy: @Sendable (HTTPRequestHead) -> HTTPBodyPolicy?
    private let handler: HTTPHandler

    public init(
        bodyPolicy: @escaping @Sendable (HTTPRequestHead) -> HTTPBodyPolicy? = { _ in nil },
        handler: @escaping HTTPHandler
    ) {
        self.policy = bodyPolicy
        self.handler = handler
    }

    public func bodyPolicy(for head: HTTPRequestHead) -> HTTPBodyPolicy? { policy(head) }

    public func respond(to request: HTTPRequest, writer: HTTPResponseWriter) throws {
        try handler(request, writer)
    }
}
