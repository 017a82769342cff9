import Domain
import Foundation
import Postgres

/// Backup, restore, download and upload of one workload through nsbackup (the real server, see ``BackupDriver``),
/// each next to its PostgreSQL
/// baseline on the same rows, on the same database, in the same run (see ``BaselineSchema`` for what is compared).
///
/// Operations and baselines alternate, each preceded by a CHECKPOINT so that neither pays for the other's dirty
/// pages; each figure is the best of `runs`. The server's peak RSS is reset before each of its operations.
struct ServerBenchmark {
    let driver: any BackupDriver
    let tools: PostgresTools
    let connection: PostgresConnection
    let cpu: CPUMeter?
    let workDirectory: String
    let runs: Int
    let log: (String) -> Void

    func run(_ workload: Workload) throws -> WorkloadResult {
        var result = WorkloadResult(workload: workload)
        let source = try driver.createNamespace(named: "bench \(workload.name) source")
        let sourceID = try uuid(source)
        defer { try? driver.deleteNamespace(source) }
        let loader = WorkloadLoader(connection: connection)
        let (summary, loadSeconds) = try loader.load(workload, into: sourceID)
        result.loadSeconds = loadSeconds
        result.storedBytes = summary.bytes
        log(String(format: "%@: loaded %d items, %d folders in %.1f s", workload.name, summary.items,
                   summary.folders + summary.implicitFolders.count, loadSeconds))

        let baseline = BaselineSchema(connection: connection)
        try baseline.create(copying: sourceID)
        defer { try? baseline.drop() }
        // Settled tables for both sides: statistics, visibility and hint bits set, not left to the first reader.
        try connection.executeScript(unsafeSQL: """
            VACUUM ANALYZE public.folders, public.items, bench_pg.namespaces, bench_pg.folders, bench_pg.items
            """)
        let expected = try namespaceCounts(sourceID)

        for run in 1...runs {
            if runs > 1 { log("\(workload.name): run \(run) of \(runs)") }
            try measureOnce(workload, sourceID: source, expected: expected, baseline: baseline, into: &result)
        }
        return result
    }

    private func measureOnce(_ workload: Workload, sourceID: String, expected: (folders: Int, items: Int),
                             baseline: BaselineSchema, into result: inout WorkloadResult) throws {
        let dumpFile = "\(workDirectory)/\(workload.name).dump"
        let archiveFile = "\(workDirectory)/\(workload.name).zip"
        defer {
            try? FileManager.default.removeItem(atPath: dumpFile)
            try? FileManager.default.removeItem(atPath: archiveFile)
        }

        // Backup vs pg_dump.
        try checkpoint()
        let (backup, timing) = try serverOperation { try driver.createBackup(of: sourceID, name: "bench \(workload.name)") }
        guard backup.status == "ready", let size = backup.sizeBytes else {
            throw BenchError(.api, "the backup of \(workload.name) ended \(backup.status): \(backup.error ?? "")")
        }
        guard backup.itemCount == expected.items else {
            throw BenchError(.check, "the backup holds \(backup.itemCount ?? -1) items, the namespace \(expected.items)")
        }
        result.archiveBytes = size
        WorkloadResult.merge(&result.backup, timing)
        try checkpoint()
        WorkloadResult.merge(&result.dump, try toolOperation { try tools.dump(tables: BaselineSchema.dumpedTables, to: dumpFile) })
        result.dumpBytes = try fileSize(dumpFile)

        do {
            defer { try? driver.deleteBackup(backup.id) }
            let oid = try archiveOID(of: backup.id)
            try measureTransfers(backup, oid: oid, sourceID: sourceID, archiveFile: archiveFile, into: &result)
            try measureRestore(backup, expected: expected, into: &result)
            // The restored copy is gone again: clear its dead rows now rather than under a later measurement.
            try connection.executeScript(unsafeSQL: "VACUUM public.folders, public.items")
        }

        // pg_restore of the dump into the emptied tables.
        try baseline.truncate()
        try checkpoint()
        WorkloadResult.merge(&result.pgRestore, try toolOperation { try tools.restore(from: dumpFile) })
        let counts = try baseline.counts()
        guard counts.folders == expected.folders, counts.items == expected.items else {
            throw BenchError(.check, "pg_restore brought \(counts.items) items and \(counts.folders) folders, "
                + "not \(expected.items) and \(expected.folders)")
        }
    }

    /// Download vs raw `lo_read`, upload vs `psql \lo_import`.
    ///
    /// The reads go twice, raw first each time, and the best of each counts: the first read of an archive larger
    /// than shared_buffers comes from the OS cache and warms the next, whichever it is.
    private func measureTransfers(_ backup: BenchBackup, oid: UInt32, sourceID: String, archiveFile: String,
                                  into result: inout WorkloadResult) throws {
        let size = backup.sizeBytes ?? 0
        for _ in 0..<2 {
            let ownCPU = CPUMeter.processSeconds(getpid())
            let postgresCPU = cpu?.postgresSeconds()
            let (read, raw) = try Stopwatch.time { try readLargeObject(oid, to: nil) }
            guard read == size else { throw BenchError(.check, "lo_read brought \(read) bytes, the backup has \(size)") }
            WorkloadResult.merge(&result.rawRead, .init(
                seconds: raw, cpuSeconds: CPUMeter.processSeconds(getpid()) - ownCPU,
                postgresCPUSeconds: postgresCPU.map { cpu!.postgresSeconds(since: $0) }))

            let (downloaded, download) = try serverOperation { try driver.download(backup.id) { _ in } }
            guard downloaded == size else {
                throw BenchError(.check, "the download brought \(downloaded) bytes, the backup has \(size)")
            }
            WorkloadResult.merge(&result.download, download)

            driver.resetPeakRSS()
            let postgresBefore = cpu?.postgresSeconds()
            let serverBefore = driver.cpuSeconds
            if let curl = try driver.downloadWithCurl(backup.id, logs: workDirectory) {
                WorkloadResult.merge(&result.curlDownload, .init(
                    seconds: curl.seconds, cpuSeconds: driver.cpuSeconds - serverBefore,
                    postgresCPUSeconds: postgresBefore.map { cpu!.postgresSeconds(since: $0) },
                    peakRSSMiB: driver.peakRSSMiB))
            }
        }

        // The same bytes as a file, for both uploads.
        _ = try readLargeObject(oid, to: archiveFile)
        try checkpoint()
        let (uploaded, upload) = try serverOperation {
            try driver.upload(file: archiveFile, into: sourceID, name: "bench upload")
        }
        try driver.deleteBackup(uploaded.id)
        guard uploaded.status == "ready", uploaded.sizeBytes == size else {
            throw BenchError(.check, "the upload ended \(uploaded.status) with \(uploaded.sizeBytes ?? -1) bytes")
        }
        WorkloadResult.merge(&result.upload, upload)
        try checkpoint()
        var importedOID: UInt32 = 0
        let imported = try toolOperation {
            let (outcome, oid) = try tools.largeObjectImport(archiveFile)
            importedOID = oid
            return outcome
        }
        try connection.transaction { db in try db.unlinkLargeObject(importedOID) }
        WorkloadResult.merge(&result.largeObjectImport, imported)
    }

    /// Restore into a new empty namespace (as pg_restore goes into empty tables), then checks the counts.
    private func measureRestore(_ backup: BenchBackup, expected: (folders: Int, items: Int),
                                into result: inout WorkloadResult) throws {
        let target = try driver.createNamespace(named: "bench \(result.workload.name) restore \(UUID().uuidString.prefix(8))")
        defer { try? driver.deleteNamespace(target) }
        try checkpoint()
        let (restore, timing) = try serverOperation { try driver.restore(backup.id, into: target) }
        guard restore.status == "succeeded" else {
            throw BenchError(.api, "the restore ended \(restore.status): \(restore.error ?? "")")
        }
        let counts = try namespaceCounts(try uuid(target))
        guard counts.folders == expected.folders, counts.items == expected.items else {
            throw BenchError(.check, "the restore brought \(counts.items) items and \(counts.folders) folders, "
                + "not \(expected.items) and \(expected.folders)")
        }
        WorkloadResult.merge(&result.restore, timing)
    }

    // MARK: - Helpers

    /// Times `body` with the server's peak RSS reset before and read after, and the CPU it and PostgreSQL used.
    private func serverOperation<R>(_ body: () throws -> R) throws -> (R, WorkloadResult.Timing) {
        driver.resetPeakRSS()
        let ownCPU = driver.cpuSeconds
        let postgresCPU = cpu?.postgresSeconds()
        let (value, seconds) = try Stopwatch.time(body)
        return (value, .init(seconds: seconds, cpuSeconds: driver.cpuSeconds - ownCPU,
                             postgresCPUSeconds: postgresCPU.map { cpu!.postgresSeconds(since: $0) },
                             peakRSSMiB: driver.peakRSSMiB))
    }

    /// A baseline tool's run: its own time, CPU and peak RSS, and the CPU PostgreSQL used meanwhile.
    private func toolOperation(_ body: () throws -> Subprocess.Outcome) throws -> WorkloadResult.Timing {
        let postgresCPU = cpu?.postgresSeconds()
        let outcome = try body()
        return .init(seconds: outcome.seconds, cpuSeconds: outcome.cpuSeconds,
                     postgresCPUSeconds: postgresCPU.map { cpu!.postgresSeconds(since: $0) }, peakRSSMiB: outcome.peakRSSMiB)
    }

    /// Reads a large object in 256 KiB chunks, into a file or nowhere; returns the byte count.
    private func readLargeObject(_ oid: UInt32, to path: String?) throws -> Int64 {
        var file: FileHandle?
        if let path {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw BenchError(.check, "cannot create \(path)")
            }
            file = FileHandle(forWritingAtPath: path)
        }
        defer { try? file?.close() }
        var buffer = [UInt8](repeating: 0, count: 256 << 10)
        return try connection.transaction(readOnly: true) { db in
            let object = try db.openLargeObject(oid)
            var total: Int64 = 0
            while true {
                let count = try buffer.withUnsafeMutableBytes { try object.read(into: $0) }
                if count == 0 { break }
                if let file { try file.write(contentsOf: buffer[..<count]) }
                total += Int64(count)
            }
            return total
        }
    }

    private func archiveOID(of backupID: String) throws -> UInt32 {
        let rows = try connection.query("SELECT archive_oid FROM backups WHERE id = \(try uuid(backupID))")
        guard let oid = try rows.first?.decode(UInt32?.self, 0) else {
            throw BenchError(.check, "backup \(backupID) has no archive large object")
        }
        return oid
    }

    private func namespaceCounts(_ id: UUID) throws -> (folders: Int, items: Int) {
        let row = try connection.query("""
            SELECT (SELECT count(*) FROM folders WHERE namespace_id = \(id)),
                   (SELECT count(*) FROM items WHERE namespace_id = \(id))
            """)[0]
        return (try row.decode(Int.self, 0), try row.decode(Int.self, 1))
    }

    private func checkpoint() throws {
        try connection.executeScript(unsafeSQL: "CHECKPOINT")
    }

    private func fileSize(_ path: String) throws -> Int64 {
        (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value ?? 0
    }

    private func uuid(_ text: String) throws -> UUID {
        guard let id = UUID(uuidString: text) else { throw BenchError(.api, "'\(text)' is not a UUID") }
        return id
    }
}
