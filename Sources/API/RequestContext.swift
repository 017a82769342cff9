import HTTP

/// One request as a route handler sees it: the HTTP request, the writer for the answer, the route's parameters,
/// the authenticated caller, the app's shared context and a logger carrying the request id.
///
/// Reading and answering helpers are in `RequestContext+Body.swift` and `RequestContext+Respond.swift`.
/// Not `Sendable`: it belongs to the connection thread running the handler.
public final class RequestContext {
    public let request: HTTPRequest
    /// The response writer, for streamed answers beyond the helpers (see ``respond(status:headers:contentLength:body:)``).
    public let writer: HTTPResponseWriter
    /// The matched route's path parameters, decoded.
    public let parameters: RouteParameters
    /// The app's configuration, pool, token store and services.
    public let app: AppContext
    /// Logs with `request_id=…`.
    public let logger: Logger
    /// The route that matched.
    public let route: Route
    private let authenticated: Principal?

    init(
        request: HTTPRequest,
        writer: HTTPResponseWriter,
        route: Route,
        parameters: RouteParameters,
        app: AppContext,
        principal: Principal?,
        logger: Logger
    ) {
        self.request = request
        self.writer = writer
        self.route = route
        self.parameters = parameters
        self.app = app
        self.authenticated = principal
        self.logger = logger
    }

    /// The id of this request: in the access log, the `X-Request-Id` header and 500 answers.
    public var requestID: String { request.requestID }

    /// The caller, authenticated before the handler ran (routes with ``RouteAccess/token``).
    ///
    /// - Throws: 401 `unauthorized` on an ``RouteAccess/anonymous`` route, which has no caller.
    public var principal: Principal {
        get throws(Problem) {
            guard let authenticated else {
                throw Problem.unauthorized("This request needs a bearer token: send 'Authorization: Bearer <token>'.")
            }
            return authenticated
        }
    }
}

@available(*, unavailable)
extension RequestContext: Sendable {}
