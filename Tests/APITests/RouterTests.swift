import API
import Foundation
import HTTP
import Testing

@Suite("Router")
struct RouterTests {
    /// A router whose handlers do nothing; tests look at what matched.
    static func makeRouter() -> Router {
        var builder = RouterBuilder()
        let nothing: RouteHandler = { _ in }
        builder.get("/", access: .anonymous, nothing)
        builder.get("/v1/tokens", nothing)
        builder.post("/v1/tokens", nothing)
        builder.delete("/v1/tokens/{id}", nothing)
        builder.get("/v1/namespaces/{id}", nothing)
        builder.get("/v1/namespaces/{id}/items/{path...}", nothing)
        builder.put("/v1/namespaces/{id}/items/{path...}", body: .upload(maxBytes: 64), nothing)
        builder.post("/v1/namespaces/{id}/backups", nothing)
        builder.post("/v1/namespaces/{id}/backups/upload", body: .upload(maxBytes: 1 << 30), nothing)
        builder.get("/v1/backups/{backupId}", nothing)
        builder.get("/v1/backups/latest", nothing)
        return builder.build()
    }

    let router = makeRouter()

    /// The decoded segments of a raw request target, exactly as the HTTP layer gives them.
    func segments(_ target: String) throws -> [String] {
        try HTTPRequestTarget(parsing: target).pathSegments
    }

    @Test func matchesLiteralRoutesAndTheRoot() throws {
        guard case .found(let route, _) = router.match(.get, segments: try segments("/v1/tokens")) else {
            Issue.record("no match")
            return
        }
        #expect(route.pattern.template == "/v1/tokens")
        guard case .found(let root, _) = router.match(.get, segments: try segments("/")) else {
            Issue.record("no match for /")
            return
        }
        #expect(root.pattern.template == "/")
        #expect(root.access == .anonymous)
    }

    @Test func extractsDecodedParameters() throws {
        guard
            case .found(let route, let parameters) = router.match(
                .get,
                segments: try segments("/v1/namespaces/Jane%27s%20Services")
            )
        else {
            Issue.record("no match")
            return
        }
        #expect(route.pattern.template == "/v1/namespaces/{id}")
        #expect(parameters["id"] == "Jane's Services")
    }

    @Test("A catch-all takes the remaining segments, each decoded on its own, so %2F stays inside its segment")
    func catchAllKeepsEncodedSlashInsideSegment() throws {
        let target = "/v1/namespaces/abc/items/Orders/a%2Fb/Order%20Service"
        guard case .found(let route, let parameters) = router.match(.get, segments: try segments(target)) else {
            Issue.record("no match")
            return
        }
        #expect(route.pattern.template == "/v1/namespaces/{id}/items/{path...}")
        #expect(parameters["id"] == "abc")
        #expect(parameters.segments("path") == ["Orders", "a/b", "Order Service"])
        #expect(parameters["path"] == "Orders/a/b/Order Service")
        #expect(parameters.segments("id") == nil)
    }

    @Test func catchAllNeedsAtLeastOneSegment() throws {
        let outcome = router.match(.get, segments: try segments("/v1/namespaces/abc/items"))
        guard case .notFound = outcome else {
            Issue.record("expected notFound, got \(outcome)")
            return
        }
    }

    @Test func literalWinsOverParameter() throws {
        guard case .found(let latest, let parameters) = router.match(.get, segments: try segments("/v1/backups/latest"))
        else {
            Issue.record("no match")
            return
        }
        #expect(latest.pattern.template == "/v1/backups/latest")
        #expect(parameters["backupId"] == nil)
        guard case .found(let other, let otherParameters) = router.match(.get, segments: try segments("/v1/backups/42"))
        else {
            Issue.record("no match")
            return
        }
        #expect(other.pattern.template == "/v1/backups/{backupId}")
        #expect(otherParameters["backupId"] == "42")
    }

    @Test func literalSegmentAfterParameterIsPreferredToCatchAllElsewhere() throws {
        guard case .found(let route, _) = router.match(.post, segments: try segments("/v1/namespaces/x/backups/upload"))
        else {
            Issue.record("no match")
            return
        }
        #expect(route.pattern.template == "/v1/namespaces/{id}/backups/upload")
        #expect(route.body == .upload(maxBytes: 1 << 30))
    }

    @Test func unknownPathIsNotFound() throws {
        for target in ["/v2/tokens", "/v1/tokens/a/b", "/v1/tokens/", "/v1//tokens", "/nothing"] {
            let outcome = router.match(.get, segments: try segments(target))
            guard case .notFound = outcome else {
                Issue.record("\(target): expected notFound, got \(outcome)")
                continue
            }
        }
    }

    @Test("An empty segment never fills a {parameter}")
    func parameterDoesNotMatchEmptySegment() throws {
        let outcome = router.match(.delete, segments: try segments("/v1/tokens/"))
        guard case .notFound = outcome else {
            Issue.record("expected notFound, got \(outcome)")
            return
        }
    }

    @Test func wrongMethodListsAllowedMethods() throws {
        let outcome = router.match(.patch, segments: try segments("/v1/tokens"))
        guard case .methodNotAllowed(let allowed) = outcome else {
            Issue.record("expected methodNotAllowed, got \(outcome)")
            return
        }
        #expect(allowed == [.get, .head, .post])
        guard case .methodNotAllowed(let deleteOnly) = router.match(.get, segments: try segments("/v1/tokens/abc"))
        else {
            Issue.record("expected methodNotAllowed")
            return
        }
        #expect(deleteOnly == [.delete])
    }

    @Test func headIsServedByTheGetRoute() throws {
        guard case .found(let route, let parameters) = router.match(.head, segments: try segments("/v1/namespaces/n1"))
        else {
            Issue.record("no match")
            return
        }
        #expect(route.method == .get)
        #expect(parameters["id"] == "n1")
    }

    @Test func methodsAreCaseSensitive() throws {
        let outcome = router.match(HTTPMethod(rawValue: "get"), segments: try segments("/v1/tokens"))
        guard case .methodNotAllowed = outcome else {
            Issue.record("expected methodNotAllowed, got \(outcome)")
            return
        }
    }

    @Test func routesAreKeptInRegistrationOrder() {
        #expect(router.routes.count == 11)
        #expect(router.routes.first?.pattern.template == "/")
        #expect(router.routes.last?.pattern.template == "/v1/backups/latest")
    }

    @Test func patternParsing() {
        let pattern = RoutePattern("/v1/namespaces/{id}/items/{path...}")
        #expect(
            pattern.segments == [
                .literal("v1"), .literal("namespaces"), .parameter("id"), .literal("items"), .catchAll("path"),
            ]
        )
        #expect(RoutePattern("/").segments.isEmpty)
    }

    @Test func uuidParameterThatIsNotAUUIDIsNotFound() throws {
        guard case .found(_, let parameters) = router.match(.get, segments: try segments("/v1/namespaces/not-a-uuid"))
        else {
            Issue.record("no match")
            return
        }
        #expect(throws: Problem.namespaceNotFound("not-a-uuid")) {
            try parameters.uuid("id", orElse: .namespaceNotFound("not-a-uuid"))
        }
        guard
            case .found(_, let good) = router.match(
                .get,
                segments: try segments("/v1/namespaces/4C1E0B1A-7F0C-4D4B-9A57-2F3C7A1E9D10")
            )
        else {
            Issue.record("no match")
            return
        }
        let id = try good.uuid("id", orElse: .namespaceNotFound("x"))
        #expect(id.uuidString == "4C1E0B1A-7F0C-4D4B-9A57-2F3C7A1E9D10")
    }
}
