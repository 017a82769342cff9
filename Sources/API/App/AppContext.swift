import Postgres

/// What every route group and handler can reach: configuration, the connection pool, the logger, the token store
/// and the services other groups registered. Built once by ``App``; immutable and `Sendable`, so handlers capture
/// it freely.
public struct AppContext: Sendable {
    public let configuration: AppConfiguration
    /// Shared PostgreSQL connections; borrow with `context.pool.withConnection { db in … }`.
    public let pool: ConnectionPool
    /// The app's logger (label `nsbackup`). A handler should prefer ``RequestContext/logger``, which adds the
    /// request id.
    public let logger: Logger
    /// Bearer tokens.
    public let tokens: TokenStore
    /// Services shared between route groups (stores, job runners) and background work with a lifecycle.
    public let services: ServiceRegistry

    public init(
        configuration: AppConfiguration,
        pool: ConnectionPool,
        logger: Logger,
        services: ServiceRegistry = ServiceRegistry()
    ) {
        self.configuration = configuration
        self.pool = pool
        self.logger = logger
        self.tokens = TokenStore(pool: pool)
        self.services = services
    }

    /// Shorthand for `configuration.limits`.
    public var limits: APILimits { configuration.limits }
}
