import HTTP

/// Collects routes at start-up; ``build()`` freezes them into an immutable, `Sendable` ``Router``
/// (Hummingbird's `buildResponder()` idea): nothing can add a route once requests are served.
///
/// ```swift
/// router.get("/v1/namespaces/{id}") { context in … }
/// router.put("/v1/namespaces/{id}/items/{path...}", body: .upload(maxBytes: limits.itemSizeBytes)) { context in … }
/// router.get("/healthz", access: .anonymous) { context in … }
/// ```
///
/// Registering the same method and template twice, or a malformed template, is a programming error and stops the
/// process at start-up with a message naming the route.
public struct RouterBuilder {
    private(set) var routes: [Route] = []

    public init() {}

    /// Adds a route. `HEAD` is served by the `GET` route of the same path unless one is registered for it.
    public mutating func add(
        _ method: HTTPMethod,
        _ template: String,
        access: RouteAccess = .token,
        body: RouteBody = .json,
        _ handler: @escaping RouteHandler
    ) {
        let pattern = RoutePattern(template)
        precondition(
            !routes.contains { $0.method == method && $0.pattern.segments == pattern.segments },
            "route \(method) \(template) is registered twice"
        )
        routes.append(Route(method: method, pattern: pattern, access: access, body: body, handler: handler))
    }

    public mutating func get(
        _ template: String,
        access: RouteAccess = .token,
        _ handler: @escaping RouteHandler
    ) {
        add(.get, template, access: access, body: .json, handler)
    }

    public mutating func post(
        _ template: String,
        access: RouteAccess = .token,
        body: RouteBody = .json,
        _ handler: @escaping RouteHandler
    ) {
        add(.post, template, access: access, body: body, handler)
    }

    public mutating func put(
        _ template: String,
        access: RouteAccess = .token,
        body: RouteBody = .json,
        _ handler: @escaping RouteHandler
    ) {
        add(.put, template, access: access, body: body, handler)
    }

    public mutating func patch(
        _ template: String,
        access: RouteAccess = .token,
        body: RouteBody = .json,
        _ handler: @escaping RouteHandler
    ) {
        add(.patch, template, access: access, body: body, handler)
    }

    public mutating func delete(
        _ template: String,
        access: RouteAccess = .token,
        _ handler: @escaping RouteHandler
    ) {
        add(.delete, template, access: access, body: .json, handler)
    }

    /// The immutable router.
    public func build() -> Router {
        let root = MutableRouteNode()
        for route in routes {
            var node = root
            for segment in route.pattern.segments {
                switch segment {
                case .literal(let text):
                    node = node.literal(text)
                case .parameter:
                    node = node.parameter()
                case .catchAll:
                    node = node.catchAll()
                }
            }
            node.routes[route.method] = route
        }
        return Router(root: root.freeze(), routes: routes)
    }
}

/// The tree while it is being built.
private final class MutableRouteNode {
    var literals: [String: MutableRouteNode] = [:]
    var parameterChild: MutableRouteNode?
    var catchAllChild: MutableRouteNode?
    var routes: [HTTPMethod: Route] = [:]

    func literal(_ text: String) -> MutableRouteNode {
        if let child = literals[text] { return child }
        let child = MutableRouteNode()
        literals[text] = child
        return child
    }

    func parameter() -> MutableRouteNode {
        if let parameterChild { return parameterChild }
        let child = MutableRouteNode()
        parameterChild = child
        return child
    }

    func catchAll() -> MutableRouteNode {
        if let catchAllChild { return catchAllChild }
        let child = MutableRouteNode()
        catchAllChild = child
        return child
    }

    func freeze() -> RouteNode {
        RouteNode(
            literals: literals.mapValues { $0.freeze() },
            parameter: parameterChild?.freeze(),
            catchAll: catchAllChild?.routes ?? [:],
            routes: routes
        )
    }
}
