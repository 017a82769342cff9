import Foundation
import Synchronization
import Testing
import Postgres
import TestSupport

@Suite(.enabled(if: TestDatabase.isConfigured, "DATABASE_URL is not set: run scripts/test"))
struct ConnectionPoolTests {
    private func makePool(max: Int, timeout: Duration = .seconds(10)) -> ConnectionPool {
        ConnectionPool(.init(conninfo: TestDatabase.baseConninfo, maxConnections: max, borrowTimeout: timeout))
    }

    @Test("16 concurrent borrowers share a pool of 4 without ever exceeding it")
    func concurrentBorrowers() throws {
        let pool = makePool(max: 4)
        let inUse = Atomic<Int>(0)
        let peak = Atomic<Int>(0)
        let failures = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: 16) { index in
            do {
                for _ in 0..<5 {
                    try pool.withConnection { db in
                        let now = inUse.add(1, ordering: .relaxed).newValue
                        peak.max(now, ordering: .relaxed)
                        defer { inUse.subtract(1, ordering: .relaxed) }
                        let value = try db.query("SELECT \(index) + 1, pg_sleep(0.01)")[0].decode(Int.self, 0)
                        if value != index + 1 { failures.add(1, ordering: .relaxed) }
                    }
                }
            } catch {
                failures.add(1, ordering: .relaxed)
            }
        }
        #expect(failures.load(ordering: .relaxed) == 0)
        #expect(peak.load(ordering: .relaxed) <= 4)
        #expect(pool.connectionsCreated <= 4)
    }

    @Test func borrowTimesOutWhenThePoolIsExhausted() throws {
        let pool = makePool(max: 1, timeout: .milliseconds(200))
        try pool.withConnection { _ in
            let error = try #require(throws: PostgresError.self) { try pool.withConnection { _ in } }
            #expect(error.code == .poolTimeout)
        }
    }

    @Test("After the server terminates its backends the pool hands out fresh connections")
    func recoversFromTerminatedBackends() throws {
        let pool = makePool(max: 2)
        let pids = try pool.withConnection { db in [db.backendPID] }
        let admin = try TestDatabase.connect()
        for pid in pids { try admin.query("SELECT pg_terminate_backend(\(pid))") }
        Thread.sleep(forTimeInterval: 0.2)
        let (value, pid) = try pool.withConnection { db in (try db.query("SELECT 41 + 1")[0].decode(Int.self, 0), db.backendPID) }
        #expect(value == 42)
        #expect(!pids.contains(pid))
        #expect(pool.connectionsCreated == 2)
    }

    @Test func connectionLeftInTransactionIsNotReused() throws {
        let pool = makePool(max: 1)
        let first = try pool.withConnection { db in
            try db.executeScript(unsafeSQL: "BEGIN")
            return db.backendPID
        }
        let second = try pool.withConnection { db in db.backendPID }
        #expect(first != second)
    }
}
