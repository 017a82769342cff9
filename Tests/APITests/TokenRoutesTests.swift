import API
import Foundation
import HTTP
import Postgres
import TestSupport
import Testing

@Suite(.enabled(if: TestDatabase.isConfigured, "DATABASE_URL is not set: run scripts/test"), .timeLimit(.minutes(2)))
struct TokenRoutesTests {
    @Test("A created token's secret is shown once, stored only as its SHA-256, and works")
    func createListDelete() throws {
        try TestApp.with { app in
            let namespace = try app.createNamespace("Jane's Services")
            let created = try app.admin(
                .post,
                "/v1/tokens",
                json: #"{"name":"  CI pipeline ","role":"operator","namespaces":["\#(namespace.uppercased())"]}"#
            )
            #expect(created.head.status == .created)
            let object = try created.jsonObject()
            let id = try #require(object["id"] as? String)
            let secret = try #require(object["token"] as? String)
            #expect(created.head.headers["Location"] == "/v1/tokens/\(id)")
            #expect(object["name"] as? String == "CI pipeline")
            #expect(object["role"] as? String == "operator")
            #expect(object["namespaces"] as? [String] == [namespace])
            #expect(id == id.lowercased())
            let createdAt = try #require(object["createdAt"] as? String)
            #expect(createdAt.hasSuffix("Z") && createdAt.count == 24)

            // Stored as a hash only.
            let db = try #require(app.database).connect()
            let rows = try db.query("SELECT token_hash, name FROM api_tokens WHERE id = \(UUID(uuidString: id)!)")
            #expect(try rows[0].decode(String.self, 0) == BearerToken.hash(secret))
            let anywhere = try db.query(
                """
                SELECT count(*) FROM api_tokens t WHERE position(\(secret) in row_to_json(t)::text) > 0
                """
            )[0].decode(Int.self, 0)
            #expect(anywhere == 0)

            // Listed without secrets.
            let list = try app.admin(.get, "/v1/tokens")
            #expect(list.head.status == .ok)
            let tokens = try #require(try list.jsonObject()["tokens"] as? [[String: Any]])
            #expect(tokens.count == 2)
            #expect(
                tokens.allSatisfy {
                    $0["token"] == nil && $0.keys.sorted() == ["createdAt", "id", "name", "namespaces", "role"]
                }
            )
            #expect(tokens.first?["name"] as? String == TokenStore.bootstrapTokenName)
            #expect(tokens.first?["namespaces"] as? String == "*")
            #expect(!list.text.contains(secret))

            // The new token authenticates (operator: not allowed to manage tokens).
            #expect(try app.request(.get, "/v1/tokens", token: secret).problemCode == "forbidden")

            // Deleted: gone at once, and a second delete is 404.
            let deleted = try app.admin(.delete, "/v1/tokens/\(id)")
            #expect(deleted.head.status == .noContent)
            #expect(deleted.body.isEmpty)
            #expect(try app.request(.get, "/v1/tokens", token: secret).head.status == .unauthorized)
            let again = try app.admin(.delete, "/v1/tokens/\(id)")
            #expect(again.head.status == .notFound)
            #expect(again.problemCode == "token_not_found")
            #expect(try app.admin(.delete, "/v1/tokens/not-a-uuid").problemCode == "token_not_found")
        }
    }

    @Test(arguments: [
        (#"{"role":"reader","namespaces":"*"}"#, "name_required"),
        (#"{"name":"   ","role":"reader","namespaces":"*"}"#, "name_required"),
        (#"{"name":"a\tb","role":"reader","namespaces":"*"}"#, "invalid_name"),
        (#"{"name":"\#(String(repeating: "n", count: 101))","role":"reader","namespaces":"*"}"#, "invalid_name"),
        (#"{"name":"x","role":"superuser","namespaces":"*"}"#, "bad_request"),
        (#"{"name":"x","role":"reader"}"#, "bad_request"),
        (#"{"name":"x","role":"reader","namespaces":[]}"#, "bad_request"),
        (#"{"name":"x","role":"reader","namespaces":"all"}"#, "bad_request"),
        (#"{"name":"x","role":"reader","namespaces":["4c1e0b1a-7f0c-4d4b-9a57-2f3c7a1e9d10"]}"#, "bad_request"),
        (#"{"name":"x","role":7,"namespaces":"*"}"#, "bad_request"),
    ])
    func invalidCreationsAreRefused(json: String, code: String) throws {
        try TestApp.with { app in
            let response = try app.admin(.post, "/v1/tokens", json: json)
            #expect(response.head.status == .badRequest)
            #expect(response.problemCode == code, "\(response.text)")
            let count = try #require(app.database).connect().query("SELECT count(*) FROM api_tokens")[0].decode(
                Int.self,
                0
            )
            #expect(count == 1)
        }
    }

    @Test("Role × scope: in scope and allowed 200, in scope but too low 403, out of scope 404")
    func roleScopeMatrix() throws {
        try TestApp.with { app in
            let inside = try app.createNamespace("ACME Corp.")
            let outside = try app.createNamespace("Examples and Tutorials")
            var tokens: [(role: Role, all: Bool, secret: String)] = []
            for role in Role.allCases {
                tokens.append((role, false, try app.createToken(role: role.rawValue, namespaces: #"["\#(inside)"]"#)))
                tokens.append((role, true, try app.createToken(role: role.rawValue, namespaces: #""*""#)))
            }
            for token in tokens {
                for required in Role.allCases {
                    for namespace in [inside, outside] {
                        let response = try app.request(
                            .get,
                            "/v1/test/namespaces/\(namespace)/requires/\(required.rawValue)",
                            token: token.secret
                        )
                        let visible = token.all || namespace == inside
                        let expected = !visible ? 404 : token.role >= required ? 200 : 403
                        #expect(
                            response.head.status.code == expected,
                            "\(token.role) \(token.all ? "*" : "scoped") requiring \(required) on \(namespace == inside ? "inside" : "outside")"
                        )
                        if expected == 404 { #expect(response.problemCode == "namespace_not_found") }
                        if expected == 403 { #expect(response.problemCode == "forbidden") }
                    }
                }
                let manage = try app.request(.get, "/v1/tokens", token: token.secret)
                #expect(manage.head.status.code == (token.role == .admin && token.all ? 200 : 403))
            }
        }
    }

    @Test("NSBACKUP_ADMIN_TOKEN is stored as the bootstrap token and replaced when it changes; no token is generated")
    func bootstrapTokenFollowsTheVariable() throws {
        try TestDatabase.withTestDatabase { database in
            func start(_ token: String?) throws -> App.DatabaseSetup {
                let configuration = try TestApp.configuration(conninfo: database.conninfo, adminToken: token)
                return try App(configuration: configuration, logger: Logger(label: "t", sink: .discard))
                    .prepareDatabase()
            }
            let db = try database.connect()
            func bootstrapHashes() throws -> [String] {
                try db.query("SELECT token_hash FROM api_tokens WHERE is_bootstrap").map {
                    try $0.decode(String.self, 0)
                }
            }
            #expect(try start("first-admin-token-0123456789").initialAdminToken == nil)
            #expect(try bootstrapHashes() == [BearerToken.hash("first-admin-token-0123456789")])
            #expect(try start("first-admin-token-0123456789").initialAdminToken == nil)
            #expect(try bootstrapHashes() == [BearerToken.hash("first-admin-token-0123456789")])
            #expect(try start("second-admin-token-0123456789").initialAdminToken == nil)
            #expect(try bootstrapHashes() == [BearerToken.hash("second-admin-token-0123456789")])
            let store = TokenStore(pool: ConnectionPool(.init(conninfo: database.conninfo)))
            let principal = try #require(try store.principal(forSecret: "second-admin-token-0123456789"))
            #expect(principal.isGlobalAdmin)
            #expect(try store.principal(forSecret: "first-admin-token-0123456789") == nil)

            // Unset: the bootstrap token is revoked; with no other token one is generated, once.
            let generated = try #require(try start(nil).initialAdminToken)
            #expect(try bootstrapHashes().isEmpty)
            #expect(try store.principal(forSecret: generated)?.isGlobalAdmin == true)
            #expect(try start(nil).initialAdminToken == nil)
            let count = try db.query("SELECT count(*) FROM api_tokens")[0].decode(Int.self, 0)
            #expect(count == 1)
        }
    }

    @Test func concurrentStartsCreateOneInitialToken() throws {
        try TestDatabase.withTestDatabase { database in
            let configuration = try TestApp.configuration(conninfo: database.conninfo, adminToken: nil)
            let results = LockedArray()
            DispatchQueue.concurrentPerform(iterations: 4) { _ in
                let token = try? App(configuration: configuration, logger: Logger(label: "t", sink: .discard))
                    .prepareDatabase().initialAdminToken
                results.append(token)
            }
            #expect(results.values.compactMap { $0 }.count == 1)
            #expect(try database.connect().query("SELECT count(*) FROM api_tokens")[0].decode(Int.self, 0) == 1)
        }
    }
}

/// A thread-safe list of optional strings.
final class LockedArray: @unchecked Sendable {
    // Guarded by `lock`; @unchecked because NSLock-guarded state is not visible to the compiler.
    private let lock = NSLock()
    private var storage: [String?] = []
    func append(_ value: String?) { lock.withLock { storage.append(value) } }
    var values: [String?] { lock.withLock { storage } }
}
