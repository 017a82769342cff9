import API
import Foundation
import HTTP
import Postgres
import TestSupport

/// An ``App`` on port 0 against a test database, with a client, the admin token and the captured log.
final class TestApp {
    let app: App
    let database: TestDatabase?
    let client: HTTPClient
    let log: LogBuffer
    /// The `NSBACKUP_ADMIN_TOKEN` the app was started with.
    let adminToken: String

    private init(app: App, database: TestDatabase?, log: LogBuffer, adminToken: String) {
        self.app = app
        self.database = database
        self.log = log
        self.adminToken = adminToken
        self.client = HTTPClient(host: "127.0.0.1", port: app.port ?? 0)
    }

    /// A configuration for tests: port 0, the repository's migrations, web files and OpenAPI document.
    static func configuration(conninfo: String, adminToken: String?) throws -> AppConfiguration {
        var configuration = AppConfiguration(
            http: HTTPServerConfiguration(host: "127.0.0.1", port: 0),
            database: DatabaseConfiguration(conninfo: conninfo)
        )
        configuration.database.poolSize = 4
        configuration.database.borrowTimeout = .seconds(5)
        configuration.migrations = try TestDatabase.migrations()
        configuration.openAPIDocument = TestPaths.packageRoot.appendingPathComponent("openapi.yaml")
        configuration.webDirectory = TestPaths.packageRoot.appendingPathComponent("Sources/API/Web")
        configuration.adminToken = adminToken
        configuration.shutdownGrace = .seconds(2)
        return configuration
    }

    /// Runs `body` with an app serving a fresh test database (migrated, admin token stored), then shuts it down.
    static func with<R>(
        routeGroups: [any RouteGroup] = RouteGroups.all + [TestRoutes()],
        configure: (inout AppConfiguration) -> Void = { _ in },
        _ body: (TestApp) throws -> R
    ) throws -> R {
        try TestDatabase.withTestDatabase { database in
            let adminToken = "admin-" + UUID().uuidString.lowercased()
            var configuration = try configuration(conninfo: database.conninfo, adminToken: adminToken)
            configure(&configuration)
            let log = LogBuffer()
            let app = try App(
                configuration: configuration,
                logger: Logger(label: "test", level: .debug, sink: log.sink),
                routeGroups: routeGroups
            )
            _ = try app.prepareDatabase()
            try app.start()
            defer { app.shutdown(grace: .seconds(2)) }
            let testApp = TestApp(app: app, database: database, log: log, adminToken: adminToken)
            defer { testApp.client.close() }
            return try body(testApp)
        }
    }

    /// Runs `body` with an app whose database cannot be reached (a unix socket directory that does not exist).
    static func withUnreachableDatabase<R>(_ body: (TestApp) throws -> R) throws -> R {
        let conninfo = "host=/nonexistent/nsbackup-test-socket port=1 dbname=none user=nobody connect_timeout=2"
        let configuration = try configuration(conninfo: conninfo, adminToken: nil)
        let log = LogBuffer()
        let app = try App(
            configuration: configuration,
            logger: Logger(label: "test", level: .debug, sink: log.sink),
            routeGroups: RouteGroups.all + [TestRoutes()]
        )
        try app.start()
        defer { app.shutdown(grace: .seconds(2)) }
        let testApp = TestApp(app: app, database: nil, log: log, adminToken: "unused-token-000000")
        defer { testApp.client.close() }
        return try body(testApp)
    }

    /// Sends a request; `token` nil sends no Authorization header.
    func request(
        _ method: HTTPMethod,
        _ target: String,
        token: String?,
        json: String? = nil,
        headers: HTTPHeaders = HTTPHeaders()
    ) throws -> HTTPClientResponse {
        var headers = headers
        if let token { headers.add(name: "Authorization", value: "Bearer \(token)") }
        var body = HTTPClientRequest.Body.none
        if let json {
            if !headers.contains("Content-Type") { headers.add(name: "Content-Type", value: "application/json") }
            body = .bytes(Array(json.utf8))
        }
        return try client.execute(HTTPClientRequest(method: method, target: target, headers: headers, body: body))
    }

    /// `request` with the admin token.
    func admin(_ method: HTTPMethod, _ target: String, json: String? = nil) throws -> HTTPClientResponse {
        try request(method, target, token: adminToken, json: json)
    }

    /// Creates a token through the API and returns its secret.
    func createToken(role: String, namespaces: String) throws -> String {
        let response = try admin(
            .post,
            "/v1/tokens",
            json: #"{"name":"test \#(role)","role":"\#(role)","namespaces":\#(namespaces)}"#
        )
        guard response.head.status == .created, let secret = try response.jsonObject()["token"] as? String else {
            throw TestFailure("creating a token failed: \(response.head.status) \(response.text)")
        }
        return secret
    }

    /// Inserts a namespace row and returns its id (lowercase).
    func createNamespace(_ name: String) throws -> String {
        guard let database else { throw TestFailure("no database") }
        let db = try database.connect()
        return try db.query("INSERT INTO namespaces (name) VALUES (\(name)) RETURNING id::text")[0].decode(
            String.self,
            0
        )
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension HTTPClientResponse {
    var text: String { String(decoding: body, as: UTF8.self) }

    /// The body parsed as a JSON object.
    func jsonObject() throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
            throw TestFailure("not a JSON object: \(text)")
        }
        return object
    }

    /// The problem document's `code`, when the response is one.
    var problemCode: String? {
        guard head.headers["Content-Type"] == Problem.mediaType else { return nil }
        return (try? jsonObject())?["code"] as? String
    }
}
