import Domain
import Foundation
import Postgres
import Synchronization
import Testing
import TestSupport

@Suite(.enabled(if: TestDatabase.isConfigured, "DATABASE_URL is not set: run scripts/test"))
struct UploadStorageTests {
    typealias S = BackupTestSupport

    @Test("An upload whose temporary file cannot be made is 'unavailable' without the path, and leaves nothing")
    func temporaryDirectoryMissing() throws {
        try TestDatabase.withTestDatabase { database in
            let db = try database.connect()
            let hidden = "/nonexistent-\(UUID().uuidString.lowercased())/spool"
            let logged = LogLines()
            let pool = ConnectionPool(.init(conninfo: database.conninfo, maxConnections: 4))
            let service = BackupService(pool: pool, configuration: .init(
                appVersion: "0.1.0-test", log: { logged.append($0) }, temporaryDirectory: hidden))
            defer { service.stop() }
            let namespace = try S.namespace(db, "ACME Corp.")
            let bytes = try S.fixture("v2/janes-services.zip")
            let error = try #require(throws: BackupError.self) { try S.upload(service, bytes, into: namespace) }
            guard case .uploadStorage(let reason) = error else {
                Issue.record("expected uploadStorage, got \(error)")
                return
            }
            #expect(reason == String(cString: strerror(ENOENT)))
            #expect(!error.message.contains(hidden), "the client's message must not name the server's directory")
            #expect(error.message.contains("nothing was stored"))
            #expect(logged.lines.contains { $0.contains(hidden) }, "the log names the directory for the administrator")
            #expect(try S.backupRowCount(db) == 0)
            #expect(try S.largeObjectCount(db) == 0)
            // The same service works again once the directory is right: a fresh service on the same database.
            let working = S.makeService(database)
            defer { working.stop() }
            #expect(try S.upload(working, bytes, into: namespace).status == .ready)
        }
    }
}

/// Log lines collected from the service's log closure (any thread).
private final class LogLines: Sendable {
    private let stored = Mutex<[String]>([])
    func append(_ line: String) { stored.withLock { $0.append(line) } }
    var lines: [String] { stored.withLock { $0 } }
}
