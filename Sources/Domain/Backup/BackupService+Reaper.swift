import Dispatch
import Synchronization
import Foundation
import Postgres

extension BackupService {
    /// The sentence a reaped job ends with.
    static let interruptedMessage = "Interrupted: the instance running it stopped before it finished."

    /// Marks `creating` backups and `running` restores whose job lock is free as `failed`: their instance is gone
    /// (a live job holds its lock from before its row was committed until after its final commit).
    ///
    /// Safe to run on every instance at once: a job is only touched while this session holds its lock, and only
    /// if it is still unfinished.
    /// - Returns: how many jobs were marked failed.
    @discardableResult
    public func reapInterruptedJobs() throws -> Int {
        try pool.withConnection { db in
            var reaped = 0
            let backups = try db.query("SELECT id, job_lock_key FROM backups WHERE status = 'creating'")
            for row in backups {
                reaped += try reap(db, id: try row.decode(UUID.self, 0), key: try row.decode(Int64?.self, 1)) { db, id in
                    try db.execute("""
                        UPDATE backups SET status = 'failed', error = \(Self.interruptedMessage), finished_at = now(),
                               job_backend_pid = NULL
                        WHERE id = \(id) AND status = 'creating'
                        """)
                }
            }
            let restores = try db.query("SELECT id, job_lock_key FROM restores WHERE status = 'running'")
            for row in restores {
                reaped += try reap(db, id: try row.decode(UUID.self, 0), key: try row.decode(Int64?.self, 1)) { db, id in
                    try db.execute("""
                        UPDATE restores SET status = 'failed', error = \(Self.interruptedMessage), finished_at = now(),
                               job_backend_pid = NULL
                        WHERE id = \(id) AND status = 'running'
                        """)
                }
            }
            return reaped
        }
    }

    private func reap(
        _ db: PostgresConnection, id: UUID, key: Int64?, _ markFailed: (PostgresConnection, UUID) throws -> Int
    ) throws -> Int {
        guard let key else { return try markFailed(db, id) }
        guard try db.tryAdvisoryLock(key) else { return 0 }   // its job is alive somewhere
        defer { _ = try? db.advisoryUnlock(key) }
        return try markFailed(db, id)
    }

    /// Starts the reaper: one pass now, then one every ``Configuration/reaperInterval``, until ``stop()``.
    public func start() {
        reaper.withLock { current in
            guard current == nil else { return }
            current = ReaperThread(interval: configuration.reaperInterval) { [weak self] in
                guard let self else { return }
                do {
                    let count = try reapInterruptedJobs()
                    if count > 0 { configuration.log("reaper: marked \(count) interrupted job(s) failed") }
                } catch {
                    configuration.log("reaper: pass failed: \(error)")
                }
            }
        }
    }

    /// Stops the reaper (running jobs go on to their end).
    public func stop() {
        let thread = reaper.withLock { current in
            defer { current = nil }
            return current
        }
        thread?.stop()
    }

    /// Waits until this instance has no job queued or running, or `timeout` passed; true if none is left.
    public func waitForIdle(timeout: Duration) -> Bool {
        let deadline = ContinuousClock.now + timeout
        while runner.activeCount > 0 {
            if ContinuousClock.now >= deadline { return false }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return true
    }
}

/// A thread that runs `pass` at start and then every `interval` until stopped.
final class ReaperThread: Sendable {
    private let wakeUp = DispatchSemaphore(value: 0)
    private let stopped = DispatchSemaphore(value: 0)
    private let stopFlag = Atomic<Bool>(false)

    init(interval: Duration, pass: @escaping @Sendable () -> Void) {
        let seconds = Double(interval.components.seconds) + Double(interval.components.attoseconds) / 1e18
        let thread = Thread { [self] in
            defer { stopped.signal() }
            while !stopFlag.load(ordering: .acquiring) {
                pass()
                _ = wakeUp.wait(timeout: .now() + max(0.05, seconds))
            }
        }
        thread.name = "nsbackup-reaper"
        thread.start()
    }

    func stop() {
        stopFlag.store(true, ordering: .releasing)
        wakeUp.signal()
        _ = stopped.wait(timeout: .now() + 30)
    }
}
