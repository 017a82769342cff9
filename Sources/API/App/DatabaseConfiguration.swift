/// How the server reaches PostgreSQL.
public struct DatabaseConfiguration: Sendable {
    /// A libpq URI or keyword string (`DATABASE_URL`); empty uses libpq's `PG*` variables.
    public var conninfo: String
    /// Pooled connections, 16 by default (`--db-pool-size`, `NSBACKUP_DB_POOL_SIZE`). Requests wait for one for
    /// at most ``borrowTimeout``, then get 503 `unavailable`.
    public var poolSize: Int = 16
    /// Longest wait for a pooled connection, 10 s.
    public var borrowTimeout: Duration = .seconds(10)
    /// Default per-statement limit, 60 s (long jobs raise it for their own transactions).
    public var statementTimeoutMilliseconds = 60_000
    /// Connect timeout of the separate health-check connection, 3 s, so `GET /healthz` answers quickly even when
    /// the database host does not respond.
    public var healthConnectTimeoutSeconds = 3

    public init(conninfo: String) {
        self.conninfo = conninfo
    }
}
