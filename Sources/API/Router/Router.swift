import HTTP

/// Immutable routing table: finds the route for a method and a decoded path, with path parameters.
///
/// Matching walks a tree of segments. At each segment a literal wins over a `{parameter}`, which wins over a
/// `{catchAll...}`; when a more specific branch ends without a route, the next is tried. A `{parameter}` matches
/// one non-empty segment; a catch-all matches one or more remaining segments.
///
/// `HEAD` is answered by the `GET` route (the HTTP layer sends the head without the body). A path that exists
/// for other methods gives ``Match/methodNotAllowed(_:)`` with the methods for `Allow`.
public struct Router: Sendable {
    /// The outcome of a lookup.
    public enum Match: Sendable {
        case found(Route, RouteParameters)
        /// The path exists, but not for this method; the methods that are allowed, in a stable order.
        case methodNotAllowed([HTTPMethod])
        case notFound
    }

    private let root: RouteNode
    /// Every route, in registration order (for documentation and tests).
    public let routes: [Route]

    init(root: RouteNode, routes: [Route]) {
        self.root = root
        self.routes = routes
    }

    /// Finds the route for `method` and the request's decoded path segments (``HTTPRequestTarget/pathSegments``).
    public func match(_ method: HTTPMethod, segments: [String]) -> Match {
        var candidates: [[HTTPMethod: Route]] = []
        root.collect(segments, from: 0, into: &candidates)
        for table in candidates {
            if let route = table[method] ?? (method == .head ? table[.get] : nil) {
                return .found(route, parameters(of: route, segments))
            }
        }
        guard !candidates.isEmpty else { return .notFound }
        var allowed: Set<HTTPMethod> = []
        for table in candidates { allowed.formUnion(table.keys) }
        if allowed.contains(.get) { allowed.insert(.head) }
        return .methodNotAllowed(Self.ordered(allowed))
    }

    /// The parameters of `route` taken from `segments` (which it matched).
    private func parameters(of route: Route, _ segments: [String]) -> RouteParameters {
        var parameters = RouteParameters()
        for (index, segment) in route.pattern.segments.enumerated() {
            switch segment {
            case .literal: continue
            case .parameter(let name): parameters.set(name, segments[index])
            case .catchAll(let name): parameters.setCatchAll(name, Array(segments[index...]))
            }
        }
        return parameters
    }

    private static let order: [HTTPMethod] = [.get, .head, .post, .put, .patch, .delete, .options]

    /// Known methods in the usual order, then any others alphabetically.
    static func ordered(_ methods: Set<HTTPMethod>) -> [HTTPMethod] {
        order.filter(methods.contains) + methods.subtracting(order).sorted { $0.rawValue < $1.rawValue }
    }
}

/// One node of the frozen routing tree. Only `let`s of Sendable types: a checked `Sendable` class.
final class RouteNode: Sendable {
    let literals: [String: RouteNode]
    let parameter: RouteNode?
    /// Routes whose template ends with a catch-all at this depth.
    let catchAll: [HTTPMethod: Route]
    /// Routes whose template ends exactly here.
    let routes: [HTTPMethod: Route]

    init(
        literals: [String: RouteNode],
        parameter: RouteNode?,
        catchAll: [HTTPMethod: Route],
        routes: [HTTPMethod: Route]
    ) {
        self.literals = literals
        self.parameter = parameter
        self.catchAll = catchAll
        self.routes = routes
    }

    /// Appends the route tables that match `segments[index...]`, most specific first.
    func collect(_ segments: [String], from index: Int, into candidates: inout [[HTTPMethod: Route]]) {
        if index == segments.count {
            if !routes.isEmpty { candidates.append(routes) }
            return
        }
        let segment = segments[index]
        literals[segment]?.collect(segments, from: index + 1, into: &candidates)
        if !segment.isEmpty { parameter?.collect(segments, from: index + 1, into: &candidates) }
        if !catchAll.isEmpty { candidates.append(catchAll) }
    }
}
