/// What the benchmark does to nsbackup: through the real server over HTTP (``HTTPDriver``), or — with `--in-process`,
/// for profiling the domain alone — in this process through `BackupService` (``InProcessDriver``). Ids are the
/// API's lowercase UUID strings.
protocol BackupDriver {
    /// Names the path measured, for the table.
    var label: String { get }

    func createNamespace(named name: String) throws -> String
    func deleteNamespace(_ id: String) throws
    /// Makes a backup and waits for it to end.
    func createBackup(of namespaceID: String, name: String) throws -> BenchBackup
    func deleteBackup(_ id: String) throws
    /// Restores and waits for the restore to end; returns its final status and error.
    func restore(_ backupID: String, into namespaceID: String) throws -> (status: String, error: String?)
    /// Streams the archive to `consume`; returns the byte count.
    func download(_ backupID: String, consume: (UnsafeRawBufferPointer) throws -> Void) throws -> Int64
    /// The same download with `curl -o /dev/null` (a second client, so a slow client shows as such); nil when
    /// there is no server to ask.
    func downloadWithCurl(_ backupID: String, logs directory: String) throws -> Subprocess.Outcome?
    /// Uploads (and so validates) the archive in `file`.
    func upload(file path: String, into namespaceID: String, name: String) throws -> BenchBackup

    /// Resets the measured process's peak RSS (`VmHWM`) to its current RSS.
    func resetPeakRSS()
    /// The measured process's peak RSS since the last reset, in MiB.
    var peakRSSMiB: Double { get }
    /// The measured process's RSS now, in MiB.
    var currentRSSMiB: Double { get }
    /// CPU seconds the measured process has used so far.
    var cpuSeconds: Double { get }
}

/// A backup as the benchmark needs it.
struct BenchBackup {
    var id: String
    var status: String
    var sizeBytes: Int64?
    var itemCount: Int?
    var error: String?
}
