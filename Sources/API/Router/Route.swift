import HTTP

/// Runs one request of a matched route: reads from and answers through `context`. Throw a ``Problem`` (or any
/// error, see ``Problem/init(_:requestID:)``) to answer with an error. Runs on the connection's thread, so it may
/// block (libpq).
public typealias RouteHandler = @Sendable (RequestContext) throws -> Void

/// Who may call a route.
public enum RouteAccess: Sendable, Equatable {
    /// A valid bearer token is required (every `/v1` route but `GET /v1/openapi.yaml`); the handler finds the
    /// token's ``Principal`` in ``RequestContext/principal``.
    case token
    /// No token (health, the OpenAPI document, the web page).
    case anonymous
}

/// How much request body a route takes, decided from the request head before any body byte is read (so a
/// refused upload is not sent at all when the client uses `Expect: 100-continue`).
public enum RouteBody: Sendable, Equatable {
    /// A JSON body (or none), at most the app's JSON limit (``APILimits/jsonBodyBytes``, 1 MiB by default) → 413.
    case json
    /// Raw bytes streamed by the handler, at most `maxBytes` → 413. With `requiresLength`, a request without
    /// `Content-Length` or chunked framing is refused with 411 `length_required` (upload routes).
    case raw(maxBytes: Int64, requiresLength: Bool)

    /// An upload: at most `maxBytes`, and a length or chunked framing is required.
    public static func upload(maxBytes: Int64) -> RouteBody { .raw(maxBytes: maxBytes, requiresLength: true) }
}

/// One registered route.
public struct Route: Sendable {
    public let method: HTTPMethod
    public let pattern: RoutePattern
    public let access: RouteAccess
    public let body: RouteBody
    let handler: RouteHandler

    init(
        method: HTTPMethod,
        pattern: RoutePattern,
        access: RouteAccess,
        body: RouteBody,
        handler: @escaping RouteHandler
    ) {
        self.method = method
        self.pattern = pattern
        self.access = access
        self.body = body
        self.handler = handler
    }

    /// The HTTP module's body policy for this route.
    func bodyPolicy(jsonLimit: Int64) -> HTTPBodyPolicy {
        switch body {
        case .json: HTTPBodyPolicy(maxBytes: jsonLimit)
        case .raw(let maxBytes, let requiresLength): HTTPBodyPolicy(maxBytes: maxBytes, requiresLength: requiresLength)
        }
    }
}
