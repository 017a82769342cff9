import Foundation
import Postgres

/// Stops a backup or restore job at a known point, so that a test can interrupt it there instead of after a
/// guessed sleep (a fast job may be done by then): all its work done inside its transaction, its last statement
/// (the `UPDATE` that marks its row `ready` or `succeeded`) waiting for a row lock this holds.
///
/// 1. ``init(_:)``, before the job starts: locks the `items` table, so the job, once started, waits at its
///    first read (backups) or delete (restores) of content — it cannot get past its work before step 2.
/// 2. ``holdBeforeCommit(_:id:timeout:)``, once the job's row is committed: locks that row, lets the job go,
///    and returns when the job's `UPDATE` waits for the row, with the job's backend PID.
/// 3. The test interrupts the job (kills its session or its process), then ``release()`` (also on deinit).
///
/// Each lock is held by a connection of its own, in a transaction that is rolled back, so nothing is written.
public final class JobCheckpoint {
    /// The row a job marks as its last statement.
    public enum JobTable: Sendable {
        case backups, restores
    }

    private let database: TestDatabase
    private var gate: PostgresConnection?
    private var row: PostgresConnection?

    public init(_ database: TestDatabase) throws {
        self.database = database
        let gate = try database.connect()
        try gate.executeScript(unsafeSQL: "BEGIN; LOCK TABLE items IN ACCESS EXCLUSIVE MODE")
        self.gate = gate
    }

    deinit { release() }

    /// Locks the job's row, lets the job run, and waits (up to `timeout`) until its last statement waits for
    /// that row. Returns the PID of the job's backend.
    /// - Throws: ``Missed`` when the job is not in progress or does not reach its last statement in time.
    @discardableResult
    public func holdBeforeCommit(_ table: JobTable, id: UUID, timeout: Duration = .seconds(60)) throws -> Int32 {
        let row = try database.connect()
        self.row = row
        try row.executeScript(unsafeSQL: "BEGIN")
        let locked: PostgresRows
        let statement: String
        switch table {
        case .backups:
            locked = try row.query("SELECT status, job_backend_pid FROM backups WHERE id = \(id) FOR UPDATE")
            statement = "UPDATE backups%"
        case .restores:
            locked = try row.query("SELECT status, job_backend_pid FROM restores WHERE id = \(id) FOR UPDATE")
            statement = "UPDATE restores%"
        }
        guard let first = locked.first, let pid = try first.decode(Int32?.self, 1) else {
            throw Missed(message: "job \(id.uuidString.lowercased()) has no row in progress (\(try locked.first?.decode(String.self, 0) ?? "none"))")
        }
        try gate?.executeScript(unsafeSQL: "ROLLBACK")
        gate = nil
        let observer = try database.connect()
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let waiting = try observer.query("""
                SELECT count(*) FROM pg_stat_activity
                WHERE pid = \(pid) AND wait_event_type = 'Lock' AND ltrim(query) LIKE \(statement)
                """)[0].decode(Int64.self, 0)
            if waiting == 1 { return pid }
            Thread.sleep(forTimeInterval: 0.02)
        }
        throw Missed(message: "job \(id.uuidString.lowercased()) did not reach its last statement within \(timeout)")
    }

    /// Ends both locks (rolls their transactions back); the job, if it still runs, goes on.
    public func release() {
        for connection in [gate, row].compactMap({ $0 }) { try? connection.executeScript(unsafeSQL: "ROLLBACK") }
        gate = nil
        row = nil
    }

    public struct Missed: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }
}
