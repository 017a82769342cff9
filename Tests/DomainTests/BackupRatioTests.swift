import Domain
import Foundation
import Postgres
import Testing
import TestSupport

/// Items that are one byte value repeated deflate beyond the 1,000 : 1 the archive rules allow per entry. A
/// backup of them must still restore under the default limits: the writer keeps every entry within the ratio.
@Suite(.enabled(if: TestDatabase.isConfigured, "DATABASE_URL is not set: run scripts/test"))
struct BackupRatioTests {
    typealias S = BackupTestSupport

    @Test("Megabytes of zeros back up at level 9 and restore with the default archive limits")
    func zerosRoundTrip() throws {
        try TestDatabase.withTestDatabase { database in
            let db = try database.connect()
            // Level 1 stays near 230 : 1 on zeros; level 9 reaches ~1,030 : 1 without the writer's guard.
            let service = BackupService(
                pool: ConnectionPool(.init(conninfo: database.conninfo, maxConnections: 6)),
                configuration: .init(appVersion: "0.1.0-test", compressionLevel: 9))
            defer { service.stop() }
            let source = try S.namespace(db, "Sparse")
            // Through the compression workers (≤ 4 MiB) and through the streamed slices (> 4 MiB).
            let sizes = [2 << 20, 4 << 20, 9 << 20, 64 << 10]
            for (index, size) in sizes.enumerated() {
                try S.item(db, source, "/zeros \(index)", bytes: [UInt8](repeating: index == 1 ? 0x20 : 0, count: size))
            }
            let backup = try service.waitForBackup(try service.create(namespaceID: source, name: "zeros").id,
                                                   timeout: .seconds(120))
            #expect(backup.status == .ready, "\(backup.error ?? "")")
            let verification = try service.verify(backup.id)
            #expect(verification.ok, "\(verification.detail)")
            let target = try S.namespace(db, "Sparse copy")
            let restore = try S.restore(service, backup.id, into: target)
            #expect(restore.status == .succeeded, "\(restore.error ?? "")")
            #expect(try S.snapshot(db, target) == S.snapshot(db, source))
            // And the same archive uploaded: the upload's checks take it too.
            let uploaded = try S.upload(service, try S.download(service, backup.id), into: target, name: "again")
            #expect(uploaded.status == .ready)
            #expect(service.waitForIdle(timeout: .seconds(60)))
        }
    }
}
