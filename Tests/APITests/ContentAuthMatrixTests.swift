import API
import Foundation
import HTTP
import Testing
import TestSupport

@Suite("Namespace and content routes: authentication and the role × scope matrix",
       .enabled(if: TestDatabase.isConfigured, "DATABASE_URL is not set: run scripts/test"), .timeLimit(.minutes(3)))
struct ContentAuthMatrixTests {
    /// One route of these sections and what it needs.
    struct Case: CustomStringConvertible, Sendable {
        var method: HTTPMethod
        var target: @Sendable (_ app: TestApp, _ namespace: String) -> String
        /// The role needed on the namespace, or nil for "global admin only".
        var role: Role?
        var success: Int
        var json: String? = nil
        var body: [UInt8]? = nil
        var name: String
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(method: .get, target: { _, ns in "/v1/namespaces/\(ns)" }, role: .reader, success: 200, name: "GET namespace"),
        Case(method: .get, target: { _, ns in "/v1/namespaces/\(ns)/content" }, role: .reader, success: 200, name: "GET content"),
        Case(method: .get, target: { app, ns in app.contentTarget(ns, "folders", ["F"]) }, role: .reader, success: 200,
             name: "GET folder"),
        Case(method: .put, target: { app, ns in app.contentTarget(ns, "folders", ["F"]) }, role: .operator, success: 200,
             json: #"{"permissions":[]}"#, name: "PUT folder"),
        Case(method: .delete, target: { app, ns in app.contentTarget(ns, "folders", ["F"]) }, role: .operator, success: 204,
             name: "DELETE folder"),
        Case(method: .get, target: { app, ns in app.contentTarget(ns, "items", ["I"]) }, role: .reader, success: 200,
             name: "GET item"),
        Case(method: .put, target: { app, ns in app.contentTarget(ns, "items", ["I"], query: "kind=file") }, role: .operator,
             success: 200, body: [1, 2, 3], name: "PUT item"),
        Case(method: .delete, target: { app, ns in app.contentTarget(ns, "items", ["I"]) }, role: .operator, success: 204,
             name: "DELETE item"),
        Case(method: .delete, target: { _, ns in "/v1/namespaces/\(ns)" }, role: nil, success: 204, name: "DELETE namespace"),
    ]

    func send(_ app: TestApp, _ testCase: Case, namespace: String, token: String?) throws -> HTTPClientResponse {
        var headers = HTTPHeaders()
        if let token { headers.add(name: "Authorization", value: "Bearer \(token)") }
        var body = HTTPClientRequest.Body.none
        if let json = testCase.json {
            headers.add(name: "Content-Type", value: "application/json")
            body = .bytes(Array(json.utf8))
        } else if let bytes = testCase.body {
            body = .bytes(bytes)
        }
        return try app.client.execute(HTTPClientRequest(
            method: testCase.method, target: testCase.target(app, namespace), headers: headers, body: body))
    }

    /// Makes sure the folder and item the cases act on exist (a successful DELETE removed them).
    func restoreFixtures(_ app: TestApp, _ namespace: String) throws {
        #expect([200, 201].contains(try app.putFolder(namespace, ["F"]).head.status.code))
        #expect([200, 201].contains(try app.putItem(namespace, ["I"], bytes: [9]).head.status.code))
    }

    @Test("No token or an unknown token is 401 with WWW-Authenticate on every route")
    func unauthenticated() throws {
        try TestApp.with { app in
            let ns = try app.createNamespaceThroughAPI("ns")
            try restoreFixtures(app, ns)
            let all = Self.cases + [
                Case(method: .get, target: { _, _ in "/v1/namespaces" }, role: .reader, success: 200, name: "GET namespaces"),
                Case(method: .post, target: { _, _ in "/v1/namespaces" }, role: nil, success: 201, json: #"{"name":"x"}"#,
                     name: "POST namespaces"),
            ]
            for testCase in all {
                for token in [nil, "unknown-token-0123456789"] {
                    let response = try send(app, testCase, namespace: ns, token: token)
                    expectContentProblem(response, 401, "unauthorized")
                    #expect(response.head.headers["WWW-Authenticate"]?.hasPrefix("Bearer") == true, "\(testCase)")
                }
            }
            #expect(try app.admin(.get, "/v1/namespaces/\(ns)/content").head.status == .ok)
        }
    }

    @Test("Each role in and out of scope: allowed → success, too low → 403, out of scope → 404 namespace_not_found")
    func roleScopeMatrix() throws {
        try TestApp.with { app in
            let inside = try app.createNamespaceThroughAPI("Inside")
            let outside = try app.createNamespaceThroughAPI("Outside")
            var tokens: [(role: Role, all: Bool, secret: String)] = []
            for role in Role.allCases {
                tokens.append((role, false, try app.createToken(role: role.rawValue, namespaces: #"["\#(inside)"]"#)))
                tokens.append((role, true, try app.createToken(role: role.rawValue, namespaces: #""*""#)))
            }
            for token in tokens {
                for testCase in Self.cases {
                    for namespace in [inside, outside] {
                        try restoreFixtures(app, inside)
                        try restoreFixtures(app, outside)
                        let globalAdmin = token.role == .admin && token.all
                        // DELETE namespace: only a global admin, and then on a throwaway namespace.
                        var target = namespace
                        if testCase.role == nil, globalAdmin { target = try app.createNamespaceThroughAPI("throwaway") }
                        let response = try send(app, testCase, namespace: target, token: token.secret)
                        let label = "\(token.role) \(token.all ? "*" : "scoped") \(testCase) \(namespace == inside ? "inside" : "outside")"
                        guard let role = testCase.role else {
                            if globalAdmin {
                                #expect(response.head.status.code == testCase.success, "\(label): \(response.text)")
                            } else {
                                expectContentProblem(response, 403, "forbidden")
                            }
                            continue
                        }
                        let visible = token.all || namespace == inside
                        if !visible {
                            let detail = expectContentProblem(response, 404, "namespace_not_found")
                            #expect(!detail.isEmpty, "\(label)")
                        } else if token.role >= role {
                            #expect(response.head.status.code == testCase.success, "\(label): \(response.text)")
                        } else {
                            expectContentProblem(response, 403, "forbidden")
                        }
                    }
                }
                // Creating a namespace: global admins only.
                let create = try app.request(.post, "/v1/namespaces", token: token.secret,
                                             json: try jsonString(["name": "by \(token.role) \(token.all)"]))
                if token.role == .admin && token.all {
                    #expect(create.head.status == .created)
                } else {
                    expectContentProblem(create, 403, "forbidden")
                }
            }
        }
    }
}
