import Foundation

/// Turns the workloads' results into the table's rows, with issue 8's goals:
/// backup ≤ 0.8× pg_dump; restore ≤ 1.0× pg_restore; download ≥ 0.85× raw lo_read; upload ≤ 1.5× psql \lo_import;
/// the server's peak RSS < 100 MiB on W3; W2's per-item backup and restore cost within 1.1× of W1's.
enum BenchReport {
    /// - Parameter viaHTTP: the nsbackup column went through the server (else through BackupService in-process).
    static func add(_ result: WorkloadResult, viaHTTP: Bool, to table: inout BenchTable) {
        let workload = result.workload
        let labels = viaHTTP
            ? (backup: "backup  POST …/backups?wait=300", restore: "restore POST …/restore?wait=300",
               download: "download GET …/archive", upload: "upload+validation POST …/upload")
            : (backup: "backup  BackupService.create+wait", restore: "restore BackupService.restore+wait",
               download: "download BackupService.readArchive", upload: "upload BackupService.upload")
        let bytes = workload.totalBytes
        table.section("\(workload.name) · \(workload.itemCount) items × \(workload.itemSize >> 10) KiB = "
            + "\(BenchTable.mebibytes(bytes)) in \(workload.folderCount) folders (for \(workload.purpose)); "
            + "generated and loaded in \(BenchTable.seconds(result.loadSeconds))")
        if let backup = result.backup, let dump = result.dump {
            table.add(.init(measure: labels.backup, value: BenchTable.seconds(backup.seconds), cpu: BenchTable.cpu(backup),
                            baseline: "pg_dump -Fc -Z1 (bench_pg)", baselineValue: BenchTable.seconds(dump.seconds),
                            baselineCPU: BenchTable.cpu(dump),
                            ratio: backup.seconds / dump.seconds, goal: .atMost(0.8),
                            rss: BenchTable.rss(backup.peakRSSMiB, dump.peakRSSMiB)))
        }
        if let restore = result.restore, let pgRestore = result.pgRestore {
            table.add(.init(measure: labels.restore, value: BenchTable.seconds(restore.seconds), cpu: BenchTable.cpu(restore),
                            baseline: "pg_restore --single-transaction",
                            baselineValue: BenchTable.seconds(pgRestore.seconds), baselineCPU: BenchTable.cpu(pgRestore),
                            ratio: restore.seconds / pgRestore.seconds, goal: .atMost(1.0),
                            rss: BenchTable.rss(restore.peakRSSMiB, pgRestore.peakRSSMiB)))
        }
        if let dumpBytes = result.dumpBytes {
            let archive = result.archiveBytes
            table.add(.init(measure: "archive size", value: archive.map(BenchTable.mebibytes) ?? "–",
                            baseline: "pg_dump file", baselineValue: BenchTable.mebibytes(dumpBytes),
                            ratio: archive.map { Double($0) / Double(dumpBytes) }))
        }
        if let download = result.download, let raw = result.rawRead, let size = result.archiveBytes {
            // The goal is judged on the faster client: the server is what is measured, not our client.
            let curlIsFaster = result.curlDownload.map { $0.seconds < download.seconds } ?? false
            let clients: [(String, WorkloadResult.Timing?)] = [(" (HTTP module)", download), (" (curl)", result.curlDownload)]
            for (client, timing) in clients {
                guard let timing else { continue }
                let judged = (client == " (curl)") == curlIsFaster
                table.add(.init(measure: labels.download + (viaHTTP ? client : ""),
                                value: BenchTable.rate(bytes: size, seconds: timing.seconds),
                                cpu: BenchTable.cpu(timing), baseline: "lo_read 256 KiB (Postgres module)",
                                baselineValue: BenchTable.rate(bytes: size, seconds: raw.seconds),
                                baselineCPU: BenchTable.cpu(raw), ratio: raw.seconds / timing.seconds,
                                goal: judged ? .atLeast(0.85) : nil, rss: BenchTable.rss(timing.peakRSSMiB, nil)))
            }
        }
        if let upload = result.upload, let imported = result.largeObjectImport, result.archiveBytes != nil {
            table.add(.init(measure: labels.upload, value: BenchTable.seconds(upload.seconds), cpu: BenchTable.cpu(upload),
                            baseline: "psql \\lo_import", baselineValue: BenchTable.seconds(imported.seconds),
                            baselineCPU: BenchTable.cpu(imported),
                            ratio: upload.seconds / imported.seconds, goal: .atMost(1.5),
                            rss: BenchTable.rss(upload.peakRSSMiB, imported.peakRSSMiB)))
        }
        if workload.name == "W3", let peak = result.serverPeakRSSMiB {
            table.add(.init(measure: "server peak RSS, any W3 operation", value: String(format: "%.0f MiB", peak),
                            goal: .below(100, unit: "MiB")), value: peak)
        }
        if let after = result.rssAfterMiB {
            table.note(String(format: "nsbackup's RSS after these operations: %.0f MiB (freed memory the heap kept)", after))
        }
    }

    /// Per-item backup and restore cost of W2 next to W1's.
    static func addPerItem(_ results: [WorkloadResult], to table: inout BenchTable) {
        guard let w1 = results.first(where: { $0.workload.name == "W1" }),
              let w2 = results.first(where: { $0.workload.name == "W2" }) else { return }
        table.section("W2 vs W1 · cost per item (same total bytes, 10× the items)")
        let pairs: [(String, WorkloadResult.Timing?, WorkloadResult.Timing?)] = [
            ("backup", w2.backup, w1.backup), ("restore", w2.restore, w1.restore),
            ("pg_dump", w2.dump, w1.dump), ("pg_restore", w2.pgRestore, w1.pgRestore),
        ]
        for (name, second, first) in pairs {
            guard let second, let first else { continue }
            let perW2 = second.seconds / Double(w2.workload.itemCount)
            let perW1 = first.seconds / Double(w1.workload.itemCount)
            let isOurs = name == "backup" || name == "restore"
            table.add(.init(measure: "\(name) per item, W2", value: BenchTable.microseconds(perW2),
                            baseline: "\(name) per item, W1", baselineValue: BenchTable.microseconds(perW1),
                            ratio: perW2 / perW1, goal: isOurs ? .atMost(1.1) : nil))
        }
    }
}
