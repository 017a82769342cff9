import Foundation
import HTTP
import Postgres

/// The nsbackup server: configuration → connection pool → migrations → token bootstrap → router → HTTP server.
///
/// ```swift
/// let app = try App(configuration: configuration, logger: logger)
/// let setup = try app.prepareDatabase()          // migrations, NSBACKUP_ADMIN_TOKEN, initial token
/// try app.start()                                 // listens; app.port is the actual port
/// app.runUntilSignalled()                         // SIGTERM/SIGINT → graceful shutdown
/// ```
///
/// Tests call ``responder`` directly (no socket) or ``start()`` on port 0.
public final class App: Sendable {
    public let context: AppContext
    public let router: Router
    public let responder: APIResponder
    private let server: HTTPServer

    /// Builds the pool, registers every route group and creates the (not yet listening) server. Opens no
    /// connection: the pool connects on first use.
    ///
    /// - Parameter routeGroups: the groups to register, by default every group of the API (``RouteGroups/all``).
    /// - Throws: what a group's registration throws.
    public init(
        configuration: AppConfiguration,
        logger: Logger,
        routeGroups: [any RouteGroup] = RouteGroups.all
    ) throws {
        let database = configuration.database
        let pool = ConnectionPool(
            ConnectionPool.Configuration(
                conninfo: database.conninfo,
                maxConnections: database.poolSize,
                borrowTimeout: database.borrowTimeout,
                statementTimeoutMilliseconds: database.statementTimeoutMilliseconds
            ),
            noticeHandler: { notice in
                logger.notice("postgresql: \(notice.trimmingCharacters(in: .whitespacesAndNewlines))")
            }
        )
        let context = AppContext(configuration: configuration, pool: pool, logger: logger)
        var builder = RouterBuilder()
        for group in routeGroups {
            try group.register(in: &builder, context: context)
        }
        self.context = context
        self.router = builder.build()
        self.responder = APIResponder(router: router, context: context)
        var http = configuration.http
        // Access lines are info-level events: a logger set to warning or above drops them.
        let accessSink: LogSink = logger.level <= .info ? logger.sink : .discard
        http.accessLog = { entry in accessSink.write(entry.line) }
        http.errorLog = { message in logger.error(message) }
        self.server = HTTPServer(configuration: http, responder: responder)
    }

    /// What ``prepareDatabase()`` did.
    public struct DatabaseSetup: Sendable {
        /// Migration versions applied now.
        public var appliedMigrations: [Int]
        /// The schema version afterwards.
        public var schemaVersion: Int
        /// The secret of a global admin token created now because none existed and none was configured; print it
        /// once, it is stored nowhere.
        public var initialAdminToken: String?
    }

    /// Applies missing migrations and aligns the admin tokens with the configuration
    /// (``TokenStore/bootstrap(adminToken:)``). Safe with several instances starting at once.
    ///
    /// - Throws: `PostgresError` when the database cannot be reached, is newer than this binary, or a migration
    ///   fails.
    public func prepareDatabase() throws -> DatabaseSetup {
        let migrator = Migrator(migrations: context.configuration.migrations)
        let (applied, version) = try context.pool.withConnection { db in
            (try migrator.migrate(db), try migrator.currentVersion(db))
        }
        let token = try context.tokens.bootstrap(adminToken: context.configuration.adminToken)
        return DatabaseSetup(appliedMigrations: applied, schemaVersion: version, initialAdminToken: token)
    }

    /// Starts listening, then the background services.
    ///
    /// - Throws: `SocketError` when the address cannot be bound; what a background service's start throws (the
    ///   server is shut down again then).
    public func start() throws {
        try server.start()
        do {
            for service in context.services.backgroundServices {
                try service.start(context: context)
            }
        } catch {
            shutdown(grace: .seconds(1))
            throw error
        }
    }

    /// The port the server listens on (the kernel's choice for port 0); nil before ``start()``.
    public var port: Int? { server.port }

    /// Stops accepting, lets requests in progress finish within `grace` (default: the configuration's), then stops
    /// the background services in reverse order and closes idle database connections.
    public func shutdown(grace: Duration? = nil) {
        let grace = grace ?? context.configuration.shutdownGrace
        server.shutdown(grace: grace)
        for service in context.services.backgroundServices.reversed() {
            service.stop(grace: grace)
        }
        context.pool.drain()
    }

    /// Blocks until SIGTERM or SIGINT, then shuts down gracefully; returns the signal.
    ///
    /// - Parameter signals: created first thing in `main`, before ``prepareDatabase()`` and ``start()``, so a signal
    ///   during start-up is kept rather than fatal; nil catches them from now on.
    @discardableResult
    public func runUntilSignalled(_ signals: TerminationSignals? = nil) -> Int32 {
        let signal = (signals ?? TerminationSignals()).wait()
        context.logger.notice("shutting down", ["signal": String(signal)])
        shutdown()
        return signal
    }
}
