@testable import Domain
import Foundation
import Hashing
import Postgres
import TestSupport
import Testing

private typealias S = BackupTestSupport

/// The download path's read-ahead (``ArchiveReadAhead``): order across slots and windows, connection release for
/// slow and failing consumers, and a backup deleted mid-download.
@Suite(.enabled(if: TestDatabase.isConfigured, "DATABASE_URL is not set: run scripts/test"))
struct ArchiveReadAheadTests {
    /// Pseudo-random bytes (an archive is compressed data; nothing here reads it as a ZIP).
    static func bytes(_ count: Int) -> [UInt8] { SeededGenerator.bytes(count, seed: 7) }

    static func read(_ service: BackupService, _ id: UUID, range: ClosedRange<Int64>? = nil,
                     _ settings: ArchiveReadAhead.Settings) throws -> [UInt8] {
        var received: [UInt8] = []
        try ArchiveReadAhead(service: service, backupID: id, range: range, settings: settings).consume { piece in
            #expect(piece.count <= settings.slotBytes)
            received.append(contentsOf: piece)
        }
        return received
    }

    @Test("Every byte comes once and in order, whole and in ranges, with small slots, batches and windows")
    func order() throws {
        try S.withBackupDatabase { _, db, service in
            let ns = try S.namespace(db, "Read-ahead")
            let original = Self.bytes(300_007)
            let id = try S.insertReadyBackup(db, namespace: ns, bytes: original)
            var settings = ArchiveReadAhead.Settings()
            settings.slotBytes = 4099
            settings.slotCount = 3
            settings.batch = 2
            settings.window = .zero
            #expect(try Self.read(service, id, settings) == original)
            #expect(try Self.read(service, id, range: 4098...12_300, settings) == Array(original[4098...12_300]))
            #expect(try Self.read(service, id, range: 299_990...400_000, settings) == Array(original[299_990...]))
            #expect(try Self.read(service, id, range: 300_007...300_010, settings).isEmpty)
            settings.batch = 3
            settings.window = .seconds(60)
            #expect(try Self.read(service, id, range: 1...299_000, settings) == Array(original[1...299_000]))
            // The defaults, through the public entry point.
            #expect(try S.download(service, id) == original)
        }
    }

    @Test("A slow consumer lets go of the pool's only connection while it works")
    func slowConsumerReleasesConnection() throws {
        try TestDatabase.withTestDatabase { database in
            let db = try database.connect()
            let ns = try S.namespace(db, "Slow client")
            // More than the ring holds (6 MiB): the reader must wait for this consumer, and while it waits, let go.
            let original = Self.bytes(16 << 20)
            let id = try S.insertReadyBackup(db, namespace: ns, bytes: original)
            let pool = ConnectionPool(.init(conninfo: database.conninfo, maxConnections: 1, borrowTimeout: .seconds(10)))
            let service = BackupService(pool: pool)
            var received: [UInt8] = []
            var lookups = 0
            try service.readArchive(id) { piece throws in
                received.append(contentsOf: piece)
                // Needs the pool's one connection: the reader must have let it go (a pool timeout otherwise).
                if lookups < 3 {
                    #expect(try service.archiveInfo(id).sizeBytes == Int64(original.count))
                    lookups += 1
                }
            }
            #expect(received == original)
        }
    }

    @Test("A consumer that fails stops the reader: its connection is back in the pool when readArchive returns")
    func failingConsumerFreesConnection() throws {
        try TestDatabase.withTestDatabase { database in
            let db = try database.connect()
            let ns = try S.namespace(db, "Gone client")
            let id = try S.insertReadyBackup(db, namespace: ns, bytes: Self.bytes(3 << 20))
            let pool = ConnectionPool(.init(conninfo: database.conninfo, maxConnections: 1, borrowTimeout: .milliseconds(500)))
            let service = BackupService(pool: pool)
            struct ClientGone: Error {}
            for _ in 0..<5 {
                var pieces = 0
                #expect(throws: ClientGone.self) {
                    try service.readArchive(id) { _ in
                        pieces += 1
                        if pieces == 2 { throw ClientGone() }
                    }
                }
                #expect(pieces == 2)
                // Borrowed at once (500 ms at most): the reader has ended and returned the connection.
                #expect(try service.archiveInfo(id).sizeBytes == 3 << 20)
            }
        }
    }

    @Test("A backup deleted during a download ends it with backup_not_found after the bytes read before")
    func deletedDuringDownload() throws {
        try S.withBackupDatabase { _, db, service in
            let ns = try S.namespace(db, "Deleted")
            let original = Self.bytes(16 << 20)  // well beyond the ring (6 MiB)
            let id = try S.insertReadyBackup(db, namespace: ns, bytes: original)
            // Every batch in a window of its own: the reader's next window starts only once this consumer has
            // freed slots, so after the delete below, whatever the threads' speeds, and finds the backup gone.
            var settings = ArchiveReadAhead.Settings()
            settings.window = .zero
            var received: [UInt8] = []
            #expect(throws: BackupError.backupNotFound(id: id)) {
                try ArchiveReadAhead(service: service, backupID: id, range: nil, settings: settings).consume { piece in
                    received.append(contentsOf: piece)
                    if received.count == piece.count { try service.delete(id) }
                }
            }
            #expect(received.count < original.count)
            #expect(received == Array(original.prefix(received.count)))
        }
    }
}
