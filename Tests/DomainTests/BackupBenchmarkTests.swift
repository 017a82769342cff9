import Domain
import Foundation
import Postgres
import Testing
import TestSupport

/// Measurements for issue 6's note, not unit tests: they run only with NSBACKUP_BENCH=1, print their figures and
/// assert only that the work was done.
///
///     NSBACKUP_BENCH=1 swift test -c release --filter BackupBenchmarkTests
///
/// 10,000 items × 20 KiB of XML-like text (made by the server, so the test process holds none of it): a backup and a
/// restore through ``BackupService`` next to `pg_dump -Fc -Z1` and `pg_restore --single-transaction` of the same
/// rows, with this process's peak RSS (ru_maxrss) after each step.
@Suite("Backup benchmarks (NSBACKUP_BENCH=1)", .serialized,
       .enabled(if: TestDatabase.isConfigured && ProcessInfo.processInfo.environment["NSBACKUP_BENCH"] == "1",
                "set NSBACKUP_BENCH=1 (and DATABASE_URL) to run the benchmarks"))
struct BackupBenchmarkTests {
    static let itemCount = 10_000

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    static func peakRSSMiB() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }

    static func report(_ label: String, _ duration: Duration, bytes: Int64) {
        print(String(format: "BENCH %@: %.2f s, %.1f MiB, peak RSS %.0f MiB", label, seconds(duration),
                     Double(bytes) / 1_048_576, peakRSSMiB()))
    }

    /// Items of about 20 KiB: 340 lines of XML with an md5 each, so they compress like real documents (~3×).
    static func seed(_ db: PostgresConnection, _ namespace: UUID) throws {
        try db.execute("INSERT INTO folders (namespace_id, path) VALUES (\(namespace), '/bench')")
        try db.execute("""
            INSERT INTO items (namespace_id, path, kind, content_type, size, sha256, content)
            SELECT \(namespace), '/bench/item-' || lpad(i::text, 6, '0'), 'service', 'application/xml',
                   octet_length(c), encode(sha256(c), 'hex'), c
            FROM generate_series(1, \(itemCount)) AS i,
                 LATERAL (SELECT convert_to(string_agg('  <field name="f' || j || '" value="' || md5(i::text || '-' || j::text)
                                                       || '"/>', E'\\n'), 'UTF8') AS c
                          FROM generate_series(1, 340) AS j) AS doc
            """)
    }

    @Test func backupAndRestoreNextToPgDump() throws {
        try TestDatabase.withTestDatabase { database in
            let db = try database.connect()
            let service = BackupTestSupport.makeService(database)
            let source = try BackupTestSupport.namespace(db, "bench")
            let target = try BackupTestSupport.namespace(db, "bench restore")
            try Self.seed(db, source)
            let bytes = try db.query("SELECT sum(size)::int8 FROM items")[0].decode(Int64.self, 0)
            print(String(format: "BENCH data: %d items, %.1f MiB, peak RSS before %.0f MiB", Self.itemCount,
                         Double(bytes) / 1_048_576, Self.peakRSSMiB()))

            var start = ContinuousClock.now
            let backup = try service.waitForBackup(try service.create(namespaceID: source, name: "bench").id,
                                                   timeout: .seconds(600))
            Self.report("nsbackup backup (level 1)", ContinuousClock.now - start, bytes: backup.sizeBytes ?? 0)
            #expect(backup.status == .ready)

            start = ContinuousClock.now
            let restore = try BackupTestSupport.restore(service, backup.id, into: target)
            Self.report("nsbackup restore", ContinuousClock.now - start, bytes: bytes)
            #expect(restore.status == .succeeded)

            start = ContinuousClock.now
            #expect(try service.verify(backup.id).ok)
            Self.report("nsbackup verify", ContinuousClock.now - start, bytes: backup.sizeBytes ?? 0)

            try pgDumpAndRestore(database)
            service.stop()
        }
    }

    /// `pg_dump -Fc -Z1` of the same rows, and `pg_restore --single-transaction` into a fresh database.
    private func pgDumpAndRestore(_ database: TestDatabase) throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("nsb-bench-\(UUID().uuidString).dump").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        var start = ContinuousClock.now
        let dump = try ArchiveTools.run("pg_dump", ["-Fc", "-Z1", "--data-only", "-t", "namespaces", "-t", "folders",
                                                    "-t", "items", "-f", file, "-d", database.conninfo])
        guard let dump, dump.status == 0 else {
            print("BENCH pg_dump unavailable or failed: \(dump?.output ?? "not installed")")
            return
        }
        let size = (try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int64) ?? 0
        Self.report("pg_dump -Fc -Z1", ContinuousClock.now - start, bytes: size)
        try TestDatabase.withTestDatabase { other in
            start = ContinuousClock.now
            let restore = try ArchiveTools.run("pg_restore", ["--single-transaction", "--data-only", "-d", other.conninfo, file])
            #expect(restore?.status == 0, "\(restore?.output ?? "")")
            Self.report("pg_restore --single-transaction", ContinuousClock.now - start, bytes: size)
        }
    }
}
