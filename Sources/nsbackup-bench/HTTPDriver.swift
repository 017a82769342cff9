/// The real thing: `nsbackup serve` as a child process, called over HTTP; RSS is the server's.
struct HTTPDriver: BackupDriver {
    let api: BenchAPI
    let server: ServerProcess
    /// "release" or "debug", for the label.
    let build: String
    let token: String

    var label: String { "nsbackup serve (\(build) build) over HTTP, a child process on port \(server.port)" }

    func createNamespace(named name: String) throws -> String { try api.createNamespace(named: name).id }
    func deleteNamespace(_ id: String) throws { try api.deleteNamespace(id) }

    func createBackup(of namespaceID: String, name: String) throws -> BenchBackup {
        let backup = try api.createBackup(of: namespaceID, name: name)
        return BenchBackup(id: backup.id, status: backup.status, sizeBytes: backup.sizeBytes,
                           itemCount: backup.itemCount, error: backup.error)
    }

    func deleteBackup(_ id: String) throws { try api.deleteBackup(id) }

    func restore(_ backupID: String, into namespaceID: String) throws -> (status: String, error: String?) {
        let restore = try api.restore(backupID, into: namespaceID)
        return (restore.status, restore.error)
    }

    func download(_ backupID: String, consume: (UnsafeRawBufferPointer) throws -> Void) throws -> Int64 {
        try api.download(backupID, consume: consume)
    }

    func downloadWithCurl(_ backupID: String, logs directory: String) throws -> Subprocess.Outcome? {
        try Subprocess.run("curl", ["-sS", "--fail", "-o", "/dev/null", "-H", "Authorization: Bearer \(token)",
                                    "\(server.baseURL)/v1/backups/\(backupID)/archive"],
                           logs: directory, name: "curl")
    }

    func upload(file path: String, into namespaceID: String, name: String) throws -> BenchBackup {
        let backup = try api.upload(file: path, into: namespaceID, name: name)
        return BenchBackup(id: backup.id, status: backup.status, sizeBytes: backup.sizeBytes,
                           itemCount: backup.itemCount, error: backup.error)
    }

    func resetPeakRSS() { server.resetPeakRSS() }
    var peakRSSMiB: Double { server.peakRSSMiB }
    var currentRSSMiB: Double { server.currentRSSMiB }
    var cpuSeconds: Double { CPUMeter.processSeconds(server.pid) }
}
