import Foundation

/// The values a matched route's parameters took, decoded.
///
/// ```swift
/// // route "/v1/namespaces/{id}/items/{path...}", request "/v1/namespaces/4c1…/items/Orders/a%2Fb"
/// let id = try context.parameters.uuid("id", orElse: .namespaceNotFound(context.parameters["id"] ?? ""))
/// let segments = context.parameters.segments("path")   // ["Orders", "a/b"]
/// let joined = context.parameters["path"]              // "Orders/a/b" (ambiguous: prefer segments)
/// ```
public struct RouteParameters: Sendable, Equatable {
    private var values: [String: String] = [:]
    private var catchAllName: String?
    private var catchAllSegments: [String] = []

    public init() {}

    mutating func set(_ name: String, _ value: String) {
        values[name] = value
    }

    mutating func setCatchAll(_ name: String, _ segments: [String]) {
        catchAllName = name
        catchAllSegments = segments
        values[name] = segments.joined(separator: "/")
    }

    /// The decoded value of `{name}`; for a catch-all, its segments joined with `/`.
    public subscript(name: String) -> String? { values[name] }

    /// The decoded segments of the catch-all `{name...}` (each percent-decoded on its own, so a segment may hold
    /// `/`), or nil when `name` is not the route's catch-all.
    public func segments(_ name: String) -> [String]? {
        name == catchAllName ? catchAllSegments : nil
    }

    /// The value of `{name}`.
    ///
    /// - Throws: 400 `bad_request` naming the parameter when the route has none by that name (a routing bug).
    public func require(_ name: String) throws(Problem) -> String {
        guard let value = values[name] else {
            throw Problem.badRequest("The path parameter '\(name)' is missing.")
        }
        return value
    }

    /// `{name}` as a UUID. The contract says an id that is not a UUID is simply not found, so a malformed one
    /// throws `notFound` (e.g. ``Problem/namespaceNotFound(_:)-(String)``), never a 400.
    public func uuid(_ name: String, orElse notFound: @autoclosure () -> Problem) throws(Problem) -> UUID {
        guard let text = values[name], text.utf8.count == 36, let id = UUID(uuidString: text) else { throw notFound() }
        return id
    }
}
