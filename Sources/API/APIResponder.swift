import HTTP

/// The API as an ``HTTPResponder``: routes each request, authenticates it, runs the handler, and turns whatever
/// it throws into a problem document (``Problem/init(_:requestID:)``).
///
/// Server faults are logged here with the request id and `String(reflecting: error)` (500 at `error` level, 503 at
/// `warning`); the answer carries the id and nothing else about the cause.
public struct APIResponder: HTTPResponder {
    public let router: Router
    public let context: AppContext

    public init(router: Router, context: AppContext) {
        self.router = router
        self.context = context
    }

    /// The matched route's body policy (``RouteBody``); the JSON limit for paths without a route.
    public func bodyPolicy(for head: HTTPRequestHead) -> HTTPBodyPolicy? {
        let jsonLimit = context.configuration.limits.jsonBodyBytes
        if case .found(let route, _) = router.match(head.method, segments: head.pathSegments) {
            return route.bodyPolicy(jsonLimit: jsonLimit)
        }
        return HTTPBodyPolicy(maxBytes: jsonLimit)
    }

    public func respond(to request: HTTPRequest, writer: HTTPResponseWriter) throws {
        let logger = context.logger.with("request_id", request.requestID)
        do {
            switch router.match(request.method, segments: request.pathSegments) {
            case .notFound:
                throw Problem.noRoute(method: request.method, path: request.path)
            case .methodNotAllowed(let allowed):
                throw Problem.methodNotAllowed(request.method, path: request.path, allowed: allowed)
            case .found(let route, let parameters):
                let principal = route.access == .token ? try authenticate(request) : nil
                let requestContext = RequestContext(
                    request: request,
                    writer: writer,
                    route: route,
                    parameters: parameters,
                    app: context,
                    principal: principal,
                    logger: logger
                )
                try route.handler(requestContext)
            }
        } catch {
            // After the head went out the HTTP layer logs the error and closes the connection.
            guard !writer.hasWrittenHead else { throw error }
            let problem = Problem(error, requestID: request.requestID)
            if problem.isServerFault {
                logger.log(
                    problem.status.code == 500 ? .error : .warning,
                    "\(request.method) \(request.path) answered \(problem.status.code) \(problem.code.rawValue)",
                    ["error": String(reflecting: error)]
                )
            }
            try writer.respond(problem: problem.httpProblem, headers: problem.headers)
        }
    }

    /// The principal of the request's bearer token.
    ///
    /// - Throws: 401 `unauthorized` (with `WWW-Authenticate: Bearer`) when the header is missing, malformed or names
    ///   no token; a database error (→ 503) when the lookup cannot be made.
    func authenticate(_ request: HTTPRequest) throws -> Principal {
        switch BearerToken.credentials(in: request.headers) {
        case .missing:
            throw Problem.unauthorized("This request needs a bearer token: send 'Authorization: Bearer <token>'.")
        case .malformed:
            throw Problem.unauthorized(
                "The Authorization header must be 'Bearer <token>' with a token of letters, digits and -._~+/=.",
                invalidToken: true
            )
        case .token(let secret):
            guard let principal = try context.tokens.principal(forSecret: secret) else {
                throw Problem.unauthorized(
                    "The bearer token is not known: it may have been deleted. Ask an administrator for a token.",
                    invalidToken: true
                )
            }
            return principal
        }
    }
}
