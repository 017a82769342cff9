import Foundation
import HTTP
import Postgres

/// `GET /healthz` (no token): the server's and the database's state (shared/spec/api.md "Health").
///
/// Uses a pool of its own (4 connections, 3 s connect timeout, 2 s wait, 2 s statement timeout), so the answer
/// says whether the database can be reached, not whether the main pool is busy, and comes quickly even when the
/// database host does not answer at all. One query per check, nothing cached: the answer is the state now.
struct HealthRoutes: RouteGroup {
    /// The health document: `{"status":"ok","database":"ok","schemaVersion":N,"version":"x.y.z"}`, or
    /// `{"status":"unavailable","database":"unreachable","schemaVersion":null,…}` with 503.
    struct Health: Encodable {
        var status: String
        var database: String
        var schemaVersion: Int?
        var version: String
    }

    func register(in router: inout RouterBuilder, context: AppContext) throws {
        let database = context.configuration.database
        let pool = ConnectionPool(
            ConnectionPool.Configuration(
                conninfo: database.conninfo,
                overrides: ["connect_timeout": String(database.healthConnectTimeoutSeconds)],
                maxConnections: 4,
                borrowTimeout: .seconds(2),
                statementTimeoutMilliseconds: 2_000
            )
        )
        let version = context.configuration.version
        router.get("/healthz", access: .anonymous) { request in
            let schemaVersion: Int
            do {
                schemaVersion = try pool.withConnection(Self.schemaVersion)
            } catch {
                request.logger.warning(
                    "health check failed: the database is unreachable",
                    ["error": String(reflecting: error)]
                )
                try request.respond(
                    .serviceUnavailable,
                    json: Health(status: "unavailable", database: "unreachable", schemaVersion: nil, version: version),
                    headers: ["Retry-After": String(Problem.retryAfterSeconds)]
                )
                return
            }
            try request.respond(
                json: Health(status: "ok", database: "ok", schemaVersion: schemaVersion, version: version)
            )
        }
    }

    /// The newest applied migration in one round trip; 0 for a database never migrated.
    static func schemaVersion(_ db: PostgresConnection) throws -> Int {
        do {
            return try db.query("SELECT coalesce(max(version), 0) FROM schema_migrations")[0].decode(Int.self, 0)
        } catch let error as PostgresError where error.sqlState == SQLState.undefinedTable {
            return 0
        }
    }
}
