import Dispatch
import Foundation
import Synchronization

/// Runs backup and restore jobs on threads of their own (libpq blocks: never on Swift's cooperative pool), at most
/// `maxConcurrent` at once; further jobs wait for a slot, up to `maxPending` in all.
///
/// A waiting job already holds its connection and its advisory lock (taken before its row was committed), so the
/// reaper of any instance sees it as alive.
final class JobRunner: Sendable {
    private let slots: DispatchSemaphore
    private let maxPending: Int
    private let pending = Atomic<Int>(0)
    private let jobs = Mutex<[UUID: JobHandle]>([:])

    init(maxConcurrent: Int, maxPending: Int) {
        slots = DispatchSemaphore(value: max(1, maxConcurrent))
        self.maxPending = max(1, maxPending)
    }

    /// Counts a job about to be started; call ``release()`` if it is not started after all.
    /// - Throws: ``BackupError/tooManyJobs(limit:)`` when `maxPending` jobs are queued or running.
    func reserve() throws(BackupError) {
        while true {
            let current = pending.load(ordering: .acquiring)
            guard current < maxPending else { throw .tooManyJobs(limit: maxPending) }
            if pending.compareExchange(expected: current, desired: current + 1, ordering: .acquiringAndReleasing).exchanged {
                return
            }
        }
    }

    /// Gives back a reservation of a job that was not started.
    func release() {
        pending.subtract(1, ordering: .releasing)
    }

    /// Starts `work` on a new thread once a slot is free. Takes over a reservation made with ``reserve()``.
    @discardableResult
    func start(id: UUID, _ work: @escaping @Sendable (JobHandle) -> Void) -> JobHandle {
        let handle = JobHandle(id: id)
        jobs.withLock { $0[id] = handle }
        let thread = Thread { [self] in
            slots.wait()
            defer {
                slots.signal()
                jobs.withLock { _ = $0.removeValue(forKey: id) }
                pending.subtract(1, ordering: .releasing)
                handle.markFinished()
            }
            work(handle)
        }
        thread.name = "nsbackup-job-\(id.lowercased.prefix(8))"
        thread.start()
        return handle
    }

    /// The running (or waiting) job with this id in this instance, if any.
    func handle(for id: UUID) -> JobHandle? {
        jobs.withLock { $0[id] }
    }

    /// Jobs queued or running.
    var activeCount: Int { pending.load(ordering: .relaxed) }
}

/// A job of this instance: its cancellation flag and its completion.
final class JobHandle: Sendable {
    let id: UUID
    private let cancelled = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)
    private let isDone = Atomic<Bool>(false)

    init(id: UUID) { self.id = id }

    var isCancelled: Bool { cancelled.load(ordering: .acquiring) }

    func cancel() { cancelled.store(true, ordering: .releasing) }

    fileprivate func markFinished() {
        isDone.store(true, ordering: .releasing)
        // Wake every waiter: each one signals on to the next (see `wait`).
        finished.signal()
    }

    /// Waits until the job finished or `timeout` passed; true if it finished.
    func wait(timeout: Duration) -> Bool {
        if isDone.load(ordering: .acquiring) { return true }
        let components = timeout.components
        let nanoseconds = max(0, components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000)
        guard finished.wait(timeout: .now() + .nanoseconds(Int(min(nanoseconds, Int64(Int.max))))) == .success else {
            return isDone.load(ordering: .acquiring)
        }
        finished.signal()   // pass the wake-up on to the next waiter
        return true
    }
}
