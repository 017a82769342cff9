import API
import Foundation
import HTTP

/// `nsbackup serve`: migrates the database, aligns the admin tokens, listens, and serves until SIGTERM/SIGINT
/// (then finishes the requests in progress and exits 0).
struct ServeCommand: Command {
    static let name = "serve"
    static let summary = "run the HTTP API server"
    static let usage = """
        usage: nsbackup serve [options]

        Applies missing database migrations, then serves the REST API and the web page until SIGTERM or SIGINT,
        on which it stops accepting, lets requests in progress finish and exits 0. Each option can also be set
        with the environment variable named after it; the option wins.

        options:
          --host HOST              address to listen on (127.0.0.1; 0.0.0.0 or :: for every interface);
                                   env NSBACKUP_HOST
          --port PORT              TCP port, 0 for any free one (8080); env NSBACKUP_PORT
          --max-connections N      HTTP connections served at once (256); env NSBACKUP_MAX_CONNECTIONS
          --db-pool-size N         PostgreSQL connections in the pool (16); env NSBACKUP_DB_POOL_SIZE
          --item-size-limit SIZE   largest item accepted (64MiB); env NSBACKUP_ITEM_SIZE_LIMIT
          --upload-limit SIZE      largest uploaded backup archive (8GiB); env NSBACKUP_UPLOAD_LIMIT
          --shutdown-grace SECONDS time requests in progress get to finish at shutdown (10);
                                   env NSBACKUP_SHUTDOWN_GRACE
          --log-level LEVEL        debug, info, notice, warning or error (info); env NSBACKUP_LOG_LEVEL
        \(DatabaseOptions.usage)

        SIZE is a byte count with an optional binary suffix: 1048576, 512KiB, 64MiB, 8GiB.

        environment:
          NSBACKUP_ADMIN_TOKEN     a global admin bearer token (at least 16 characters), stored as a hash at
                                   start; replaces the one of an earlier start. Without it, and with no token
                                   in the database, a global admin token is created and printed once.
        """

    var configuration: AppConfiguration
    let databaseOptions: DatabaseOptions
    let logLevel: Logger.Level

    init(arguments: inout ArgumentScanner, environment: [String: String]) throws {
        func setting(_ flag: String, _ variable: String) throws -> Setting? {
            try Setting.read(flag, variable, from: &arguments, environment: environment)
        }
        let host = try setting("--host", "NSBACKUP_HOST")?.value ?? "127.0.0.1"
        let port = try setting("--port", "NSBACKUP_PORT")?.integer(in: 0...65535) ?? 8080
        var http = HTTPServerConfiguration(host: host, port: port)
        http.maxConnections =
            try setting("--max-connections", "NSBACKUP_MAX_CONNECTIONS")?.integer(in: 1...10_000)
            ?? http.maxConnections
        databaseOptions = try DatabaseOptions(arguments: &arguments, environment: environment)
        var database = DatabaseConfiguration(conninfo: databaseOptions.conninfo)
        database.poolSize =
            try setting("--db-pool-size", "NSBACKUP_DB_POOL_SIZE")?.integer(in: 1...1_000) ?? database.poolSize
        configuration = AppConfiguration(http: http, database: database)
        if let limit = try setting("--item-size-limit", "NSBACKUP_ITEM_SIZE_LIMIT") {
            configuration.limits.itemSizeBytes = try limit.byteCount()
        }
        if let limit = try setting("--upload-limit", "NSBACKUP_UPLOAD_LIMIT") {
            configuration.limits.uploadBytes = try limit.byteCount()
        }
        if let grace = try setting("--shutdown-grace", "NSBACKUP_SHUTDOWN_GRACE") {
            configuration.shutdownGrace = .seconds(try grace.integer(in: 0...3_600))
        }
        let level = try setting("--log-level", "NSBACKUP_LOG_LEVEL")
        guard let parsedLevel = Logger.Level(name: level?.value ?? "info") else {
            throw UsageError(
                "\(level?.source ?? "--log-level") must be debug, info, notice, warning or error, not '\(level?.value ?? "")'.",
                command: Self.name
            )
        }
        logLevel = parsedLevel
        if let token = environment["NSBACKUP_ADMIN_TOKEN"], !token.isEmpty {
            guard token.count >= 16, BearerToken.isValidSecret(token) else {
                throw UsageError(
                    "NSBACKUP_ADMIN_TOKEN must be at least 16 characters of letters, digits and -._~+/= "
                        + "(for example the output of 'openssl rand -hex 32').",
                    command: Self.name
                )
            }
            configuration.adminToken = token
        }
    }

    func run() throws -> Int32 {
        // First, so a SIGTERM during start-up is kept rather than killing the process (see TerminationSignals).
        let signals = TerminationSignals()
        let logger = Logger(label: "nsbackup", level: logLevel)
        var configuration = configuration
        configuration.migrations = try databaseOptions.loadMigrations()
        let layout = InstallLayout()
        configuration.openAPIDocument = layout.openAPIDocument
        configuration.webDirectory = layout.webDirectory

        let app = try App(configuration: configuration, logger: logger)
        let setup: App.DatabaseSetup
        do {
            setup = try app.prepareDatabase()
        } catch {
            throw CommandError("cannot prepare the database: \(NSBackupTool.describe(error))")
        }
        logger.info(
            "database ready",
            [
                "schema_version": String(setup.schemaVersion),
                "applied": setup.appliedMigrations.map(String.init).joined(separator: ","),
            ]
        )
        if let token = setup.initialAdminToken {
            Console.out(
                """
                No API token existed, so a global admin token was created. It is shown only this once; keep it safe:
                    \(token)
                """
            )
        }
        try app.start()
        Console.out(
            "nsbackup listening on http://\(Self.urlHost(configuration.http.host)):\(app.port ?? configuration.http.port)"
        )
        app.runUntilSignalled(signals)
        logger.notice("stopped")
        return 0
    }

    /// IPv6 literals go in brackets in a URL (RFC 3986 §3.2.2).
    static func urlHost(_ host: String) -> String {
        host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
    }
}
