/// A route's path template: `/v1/namespaces/{id}/items/{path...}`.
///
/// Segments are literals (matched exactly, after percent-decoding of the request's segment), parameters
/// `{name}` (one segment) or, last only, a catch-all `{name...}` (one or more remaining segments, each decoded on
/// its own, so `%2F` stays inside its segment).
public struct RoutePattern: Sendable, Equatable, CustomStringConvertible {
    public enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
        case catchAll(String)
    }

    public let segments: [Segment]
    /// The template as written.
    public let template: String

    /// Parses a template.
    ///
    /// - Precondition: starts with `/`; parameters are `{name}` with a non-empty name used once; a catch-all is the
    ///   last segment. A bad template is a programming error found when the router is built at start-up.
    public init(_ template: String) {
        precondition(template.hasPrefix("/"), "route '\(template)' must start with '/'")
        var segments: [Segment] = []
        var names: Set<String> = []
        let parts = template == "/" ? [] : template.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        for (index, part) in parts.enumerated() {
            guard part.hasPrefix("{") && part.hasSuffix("}") else {
                precondition(!part.contains("{") && !part.contains("}"), "route '\(template)': bad segment '\(part)'")
                segments.append(.literal(String(part)))
                continue
            }
            var name = String(part.dropFirst().dropLast())
            let isCatchAll = name.hasSuffix("...")
            if isCatchAll { name = String(name.dropLast(3)) }
            precondition(!name.isEmpty, "route '\(template)': a parameter needs a name")
            precondition(names.insert(name).inserted, "route '\(template)': parameter '\(name)' is used twice")
            if isCatchAll {
                precondition(index == parts.count - 1, "route '\(template)': '{\(name)...}' must be the last segment")
                segments.append(.catchAll(name))
            } else {
                segments.append(.parameter(name))
            }
        }
        self.segments = segments
        self.template = template
    }

    public var description: String { template }
}
