import Dispatch
import Foundation
import Postgres
import Synchronization

/// Backups and restores of namespaces (contract: "Backups", "Restores"; archive layout: Domain/Archive).
///
/// Built for several instances on one database, any of which may be killed at any moment:
/// - A job (making a backup, running a restore) runs on a thread of the instance that accepted it, over a
///   connection of its own (not the request pool's), holding a session advisory lock on the job's key. The lock
///   is taken before the job's row is committed, so a committed `creating`/`running` row whose lock is free
///   belongs to an instance that is gone: the reaper of every instance marks such jobs `failed`.
/// - A backup's archive is written into a new large object and the row marked `ready` in one transaction, from
///   one REPEATABLE READ snapshot; a restore replaces a namespace's content in one transaction. A killed job
///   therefore leaves no large object and no partial content.
///
/// All methods block the calling thread (libpq is synchronous); call them from worker threads.
public final class BackupService: Sendable {
    public struct Configuration: Sendable {
        /// Written into each archive's manifest.
        public var appVersion: String
        /// zlib level for archive entries (default 1; level 6 costs about 4.5× the time for ~20 % less).
        public var compressionLevel: Int
        /// Jobs running at once in this instance (default 2, the machine's cores).
        public var maxConcurrentJobs: Int
        /// Jobs queued or running in this instance before ``BackupError/tooManyJobs(limit:)`` (default 32).
        public var maxPendingJobs: Int
        /// How often the reaper looks for interrupted jobs (default 5 s; the contract allows 30 s).
        public var reaperInterval: Duration
        /// How long a restore waits for content writers to release the target namespace (default 30 s).
        public var restoreLockTimeout: Duration
        /// What an archive read from the database or an upload may hold.
        public var archiveLimits: ArchiveLimits
        /// Where the service reports what it cannot throw to anyone (a reaper pass that failed).
        public var log: @Sendable (String) -> Void
        /// Where uploads are received before they are checked and stored (an unnamed file per upload, as large
        /// as the upload); nil for `TMPDIR`, else `/tmp`.
        public var temporaryDirectory: String?

        public init(
            appVersion: String = "0.1.0", compressionLevel: Int = 1, maxConcurrentJobs: Int = 2,
            maxPendingJobs: Int = 32, reaperInterval: Duration = .seconds(5), restoreLockTimeout: Duration = .seconds(30),
            archiveLimits: ArchiveLimits = ArchiveLimits(), log: @escaping @Sendable (String) -> Void = { _ in },
            temporaryDirectory: String? = nil
        ) {
            self.appVersion = appVersion
            self.compressionLevel = compressionLevel
            self.maxConcurrentJobs = maxConcurrentJobs
            self.maxPendingJobs = maxPendingJobs
            self.reaperInterval = reaperInterval
            self.restoreLockTimeout = restoreLockTimeout
            self.archiveLimits = archiveLimits
            self.log = log
            self.temporaryDirectory = temporaryDirectory
        }
    }

    let pool: ConnectionPool
    let configuration: Configuration
    let runner: JobRunner
    let reaper = Mutex<ReaperThread?>(nil)

    /// - Parameters:
    ///   - pool: the request pool, for short statements; jobs open connections of their own with its settings.
    public init(pool: ConnectionPool, configuration: Configuration = Configuration()) {
        self.pool = pool
        self.configuration = configuration
        runner = JobRunner(maxConcurrent: configuration.maxConcurrentJobs, maxPending: configuration.maxPendingJobs)
    }

    /// Jobs of this instance queued or running.
    public var activeJobCount: Int { runner.activeCount }

    /// A connection for one job: not from the pool (a job may run for minutes), without statement timeout, and
    /// checking every second that its client still exists (`client_connection_check_interval`, PostgreSQL 14+), so
    /// that a killed instance's statement stops and its locks go soon.
    func openJobConnection() throws -> PostgresConnection {
        let connection = try openConnection(purpose: "nsbackup job")
        // PostgreSQL 14+; an older server refuses the name, and then the reaper's 30 s bound rests on TCP keepalives.
        _ = try? connection.query("SELECT set_config('client_connection_check_interval', '1000', false)")
        return connection
    }

    /// A connection outside the pool, with the pool's settings and `purpose` as its application name.
    func openConnection(purpose: String) throws -> PostgresConnection {
        var overrides = pool.configuration.overrides
        overrides["application_name"] = purpose
        return try PostgresConnection(conninfo: pool.configuration.conninfo, overrides: overrides)
    }

    /// A new random advisory-lock key for a job.
    static func makeLockKey() -> Int64 {
        Int64.random(in: Int64.min...Int64.max)
    }
}
