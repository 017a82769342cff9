import Foundation
import HTTP
import Postgres

/// Everything an ``App`` needs to run; `nsbackup serve` fills it from flags and environment variables.
public struct AppConfiguration: Sendable {
    /// Where to listen, HTTP limits, connection count. Its `accessLog` and `errorLog` are pointed at the app's
    /// logger by ``App``.
    public var http: HTTPServerConfiguration
    public var database: DatabaseConfiguration
    public var limits = APILimits()
    /// `NSBACKUP_ADMIN_TOKEN`: a global admin token hashed into the database at start.
    public var adminToken: String?
    /// The migrations applied at start (``App/prepareDatabase()``), from the `sql/` directory.
    public var migrations: [Migration] = []
    /// The OpenAPI document served at `GET /v1/openapi.yaml`; nil answers 404 there (see ``InstallLayout``).
    public var openAPIDocument: URL?
    /// The web page's files (`index.html`, `app.js`, `app.css`); nil uses the API module's resource bundle.
    public var webDirectory: URL?
    /// How long in-flight requests may take to finish after SIGTERM/SIGINT, 10 s.
    public var shutdownGrace: Duration = .seconds(10)
    /// Reported by `GET /healthz`.
    public var version = NSBackupVersion.current

    public init(http: HTTPServerConfiguration, database: DatabaseConfiguration) {
        self.http = http
        self.database = database
    }
}
