import Dispatch
import Foundation
import Synchronization

/// One piece of work on a thread of its own, next to the caller's (two cores: the upload writes its large object
/// here while the caller validates the same bytes).
///
/// The caller must ``wait()`` for it, on every path (after ``stop()`` on its own failure), so that the work never
/// outlives what it uses (a transaction, a file).
final class WorkerThread<Value: Sendable>: Sendable {
    private let outcome = Mutex<Result<Value, any Error>?>(nil)
    private let stopRequested = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)

    /// Starts `work` at once. It gets a function that says whether ``stop()`` was called: check it between steps.
    init(name: String, _ work: @escaping @Sendable (_ shouldStop: () -> Bool) throws -> Value) {
        let thread = Thread { [self] in
            let result = Result { try work { self.stopRequested.load(ordering: .relaxed) } }
            outcome.withLock { $0 = result }
            finished.signal()
        }
        thread.name = name
        thread.start()
    }

    /// Asks the work to end at its next check.
    func stop() {
        stopRequested.store(true, ordering: .relaxed)
    }

    /// Waits until the work has ended (each of its steps is bounded: a statement timeout, a file read) and returns
    /// its value or throws its error. Call once.
    func wait() throws -> Value {
        finished.wait()
        return try outcome.withLock { $0! }.get()
    }
}
