import API
import Foundation
import HTTP
import Postgres
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `nsbackup serve` as a real process on port 0 against a test database.
@Suite(.enabled(if: TestDatabase.isConfigured, "DATABASE_URL is not set: run scripts/test"), .timeLimit(.minutes(3)))
struct ServeCommandTests {
    static func environment(_ database: TestDatabase) -> [String: String] {
        ["DATABASE_URL": database.conninfo, "NSBACKUP_SQL_DIR": TestPaths.sqlDirectory.path]
    }

    static func port(of line: String) throws -> Int {
        guard let port = line.split(separator: ":").last.flatMap({ Int($0) }), port > 0 else {
            throw TestFailure("no port in '\(line)'")
        }
        return port
    }

    @Test(
        "serve prints where it listens and a one-time admin token, answers, and exits 0 on SIGTERM after finishing an in-flight request"
    )
    func servesAndShutsDownGracefully() throws {
        try TestDatabase.withTestDatabase { database in
            let server = try ServerProcess(
                arguments: ["serve", "--port", "0"],
                environment: Self.environment(database)
            )
            let line = try server.waitForLine(containing: "nsbackup listening on http://127.0.0.1:")
            let port = try Self.port(of: line)
            let token = try #require(
                server.standardOutput.split(whereSeparator: { $0 == " " || $0 == "\n" }).first { $0.hasPrefix("nsb_") }
            )
            let client = HTTPClient(host: "127.0.0.1", port: port)
            defer { client.close() }

            let health = try client.get("/healthz")
            #expect(health.head.status == .ok)
            #expect(health.text.contains(#""database":"ok""#))
            let tokens = try client.get("/v1/tokens", headers: ["Authorization": "Bearer \(token)"])
            #expect(tokens.head.status == .ok)
            #expect(tokens.text.contains(TokenStore.initialTokenName))

            // An in-flight request: half its body, then SIGTERM, then the rest. It must still be answered. The pause
            // before the signal lets the server read the head (a request whose head has not arrived is not in flight:
            // shutdown closes such a connection); no timing is asserted.
            let body = Array(#"{"name":"created during shutdown","role":"reader","namespaces":"*"}"#.utf8)
            var pieces = [Array(body[..<20]), Array(body[20...])]
            var signalled = false
            let slowClient = HTTPClient(host: "127.0.0.1", port: port)
            defer { slowClient.close() }
            let inFlight = try slowClient.execute(
                HTTPClientRequest(
                    method: .post,
                    target: "/v1/tokens",
                    headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json"],
                    body: .stream(
                        length: Int64(body.count),
                        next: {
                            if pieces.count == 1 && !signalled {
                                signalled = true
                                Thread.sleep(forTimeInterval: 0.3)
                                server.send(SIGTERM)
                                Thread.sleep(forTimeInterval: 0.5)
                            }
                            return pieces.isEmpty ? nil : pieces.removeFirst()
                        }
                    )
                )
            )
            #expect(signalled)
            #expect(inFlight.head.status == .created, "\(inFlight.text)")
            #expect(try server.waitForExit() == 0, "\(server.standardError)")
            #expect(server.standardError.contains("shutting down"))

            let count = try database.connect().query("SELECT count(*) FROM api_tokens")[0].decode(Int.self, 0)
            #expect(count == 2)
        }
    }

    @Test("With NSBACKUP_ADMIN_TOKEN, or when a token exists, serve prints no token")
    func configuredTokenIsNotPrinted() throws {
        try TestDatabase.withTestDatabase { database in
            var environment = Self.environment(database)
            environment["NSBACKUP_ADMIN_TOKEN"] = "configured-admin-token-0123456789"
            let server = try ServerProcess(arguments: ["serve", "--port=0"], environment: environment)
            let port = try Self.port(of: try server.waitForLine(containing: "nsbackup listening on"))
            #expect(!server.standardOutput.contains("nsb_"))
            let client = HTTPClient(host: "127.0.0.1", port: port)
            defer { client.close() }
            let tokens = try client.get(
                "/v1/tokens",
                headers: ["Authorization": "Bearer configured-admin-token-0123456789"]
            )
            #expect(tokens.head.status == .ok)
            #expect(tokens.text.contains(TokenStore.bootstrapTokenName))
            server.send(SIGINT)
            #expect(try server.waitForExit() == 0)
        }
    }

    @Test func migrateAndVersionAndUsageErrors() throws {
        try TestDatabase.withTestDatabase { database in
            let migrate = try ServerProcess(arguments: ["migrate"], environment: Self.environment(database))
            #expect(try migrate.waitForExit() == 0)
            let latest = try #require(try TestDatabase.migrations().last?.version)
            #expect(migrate.standardOutput == "schema version \(latest) (up to date)\n")
        }
        let version = try ServerProcess(arguments: ["version"], environment: [:])
        #expect(try version.waitForExit() == 0)
        #expect(version.standardOutput == "nsbackup \(NSBackupVersion.current)\n")
        for arguments in [
            ["serve", "--port", "http"], ["serve", "--bogus"], ["frobnicate"], [], ["serve", "--port"],
        ] {
            let process = try ServerProcess(arguments: arguments, environment: [:])
            #expect(try process.waitForExit() == 64, "\(arguments)")
            #expect(!process.standardError.isEmpty)
        }
        let weak = try ServerProcess(arguments: ["serve"], environment: ["NSBACKUP_ADMIN_TOKEN": "short"])
        #expect(try weak.waitForExit() == 64)
        let help = try ServerProcess(arguments: ["serve", "--help"], environment: [:])
        #expect(try help.waitForExit() == 0)
        #expect(help.standardOutput.contains("--item-size-limit"))
    }

    @Test func unreachableDatabaseAtStartExits1WithAMessage() throws {
        let server = try ServerProcess(
            arguments: ["serve", "--port", "0"],
            environment: [
                "DATABASE_URL": "host=/nonexistent/nsbackup-socket port=1 dbname=none connect_timeout=2",
                "NSBACKUP_SQL_DIR": TestPaths.sqlDirectory.path,
            ]
        )
        #expect(try server.waitForExit() == 1)
        #expect(server.standardError.contains("cannot prepare the database"))
    }
}
