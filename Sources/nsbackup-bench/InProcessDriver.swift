import Domain
import Foundation
import Postgres

#if canImport(Glibc)
    import Glibc
#endif

/// `BackupService` and `NamespaceStore` called in this process, without HTTP: what the backup routes call.
/// Used with `--in-process` only. RSS is this process's, which also holds the benchmark's own buffers (a few MiB).
final class InProcessDriver: BackupDriver {
    let pool: ConnectionPool
    let service: BackupService

    init(conninfo: String) {
        pool = ConnectionPool(.init(conninfo: conninfo, maxConnections: 4))
        service = BackupService(pool: pool)
    }

    deinit { service.stop() }

    var label: String { "BackupService in the bench process (no HTTP)" }

    func createNamespace(named name: String) throws -> String {
        let namespace = try pool.withConnection { db in
            try NamespaceStore().create(name: try NamespaceName(name), on: db)
        }
        return namespace.id.uuidString.lowercased()
    }

    func deleteNamespace(_ id: String) throws {
        try pool.withConnection { db in try NamespaceStore().delete(id: try Self.uuid(id), on: db) }
    }

    func createBackup(of namespaceID: String, name: String) throws -> BenchBackup {
        let created = try service.create(namespaceID: try Self.uuid(namespaceID), name: name)
        return Self.bench(try service.waitForBackup(created.id, timeout: .seconds(300)))
    }

    func deleteBackup(_ id: String) throws { try service.delete(try Self.uuid(id)) }

    func restore(_ backupID: String, into namespaceID: String) throws -> (status: String, error: String?) {
        let started = try service.restore(backupID: try Self.uuid(backupID), into: try Self.uuid(namespaceID),
                                          safetyBackup: false)
        let restore = try service.waitForRestore(started.id, timeout: .seconds(300))
        return (restore.status.rawValue, restore.error)
    }

    func download(_ backupID: String, consume: (UnsafeRawBufferPointer) throws -> Void) throws -> Int64 {
        var total: Int64 = 0
        try service.readArchive(try Self.uuid(backupID)) { piece in
            total += Int64(piece.count)
            try consume(piece)
        }
        return total
    }

    func downloadWithCurl(_ backupID: String, logs directory: String) throws -> Subprocess.Outcome? { nil }

    func upload(file path: String, into namespaceID: String, name: String) throws -> BenchBackup {
        guard let file = FileHandle(forReadingAtPath: path) else { throw BenchError(.check, "cannot read \(path)") }
        defer { try? file.close() }
        let fd = file.fileDescriptor
        let backup = try service.upload(namespaceID: try Self.uuid(namespaceID), name: name, fileName: nil,
                                        sizeLimit: 8 << 30) { buffer in
            let count = read(fd, buffer.baseAddress, buffer.count)
            guard count >= 0 else { throw BenchError(.check, "reading \(path) failed: errno \(errno)") }
            return count
        }
        return Self.bench(backup)
    }

    func resetPeakRSS() {
        let fd = open("/proc/self/clear_refs", O_WRONLY)
        guard fd >= 0 else { return }
        _ = write(fd, "5", 1)
        close(fd)
    }

    var peakRSSMiB: Double { Stopwatch.peakRSSMiB() }
    var currentRSSMiB: Double { Stopwatch.procStatusMiB(pid: "self", field: "VmRSS") }
    var cpuSeconds: Double { CPUMeter.processSeconds(getpid()) }

    private static func bench(_ backup: Backup) -> BenchBackup {
        BenchBackup(id: backup.id.uuidString.lowercased(), status: backup.status.rawValue, sizeBytes: backup.sizeBytes,
                    itemCount: backup.itemCount, error: backup.error)
    }

    private static func uuid(_ text: String) throws -> UUID {
        guard let id = UUID(uuidString: text) else { throw BenchError(.api, "'\(text)' is not a UUID") }
        return id
    }
}
