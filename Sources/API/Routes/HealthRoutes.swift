import Foundation
import HTTP
import Postgres

/// `GET /healthz` (no token): the server's and the database's state (shared/spec/api.md "Health").
///
/// Uses a pool of its own (2 connections, 3 s connect timeout, 2 s wait, 2 s statement timeout), so the answer
/// says whether the database can be reached, not whether the main pool is busy, and comes quickly even when the
/// database host does not answer at all.
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
                conninfo: database.conninfo, overrides: ["connect_timeout": String(database.healthConnectTimeoutSeconds)],
                maxConnections: 2, borrowTimeout: .seconds(2), statementTimeoutMilliseconds: 2_000))
        let version = context.configuration.version
        router.get("/healthz", access: .anonymous) { request in
            let schemaVersion: Int
            do {
                schemaVersion = try pool.withConnection { db in try Migrator(migrations: []).currentVersion(db) }
            } catch {
                request.logger.warning("health check failed: the database is unreachable", ["error": String(reflecting: error)])
                try request.respond(
                    .serviceUnavailable,
                    json: Health(status: "unavailable", database: "unreachable", schemaVersion: nil, version: version),
                    headers: ["Retry-After": String(Problem.retryAfterSeconds)])
                return
            }
            try request.respond(json: Health(status: "ok", database: "ok", schemaVersion: schemaVersion, version: version))
        }
    }
}
