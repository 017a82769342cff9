import Foundation
import ZipArchive

/// Checks and deflates item contents on worker threads while the backup's own thread reads rows and writes the
/// archive, handing results back in the order the contents were submitted (the order of `items.jsonl`).
///
/// Why: deflate is most of a backup's CPU time (zlib level 1 runs at ~100 MB/s here), and the backup's thread
/// spends much of its time waiting for PostgreSQL (the FETCH of the next rows, the large-object writes of the
/// archive). With the compression on workers, those waits overlap with it.
///
/// Bounded: at most `byteLimit` bytes of content are submitted and not yet taken back (a single content larger
/// than that is admitted alone), so memory stays flat whatever the namespace's size. The submitting thread
/// makes room by taking results (``next()``), so it never waits on a full queue with results it could write.
///
/// Structured: workers are started by `init` and ended by ``shutdown()``, which the owner must call (in a
/// `defer`): it waits for every worker to finish its current content and exit, so no thread outlives the
/// owner's scope. (The workers hold the pool, so it cannot go away while they run.)
/// A worker's error (a content that does not match its size or SHA-256, a zlib failure) comes back from
/// ``next()`` in place of that content's result. Each result comes with the item it was submitted for, so the
/// caller need not keep its own list of what is in flight.
///
/// Used by one submitting thread; the workers are internal.
final class ContentCompressionPool: @unchecked Sendable {
    // @unchecked: every stored property is mutable state read and written only while `condition` is locked.

    struct Job: Sendable {
        var sequence: Int
        var item: ArchiveItem
        var bytes: [UInt8]
    }

    /// One content checked and deflated, with the item it was submitted for.
    struct Compressed {
        var item: ArchiveItem
        var deflated: DeflatedEntry
    }

    /// A worker's result for one job, kept until it is taken back in order.
    private struct Done {
        var item: ArchiveItem
        /// The content's bytes counted in `bytesInFlight` (its real length, whatever `item.size` says).
        var byteCount: Int
        var deflated: Result<DeflatedEntry, any Error>
    }

    private let condition = NSCondition()
    private let byteLimit: Int
    private var queue: [Job] = []
    private var queueHead = 0
    private var results: [Int: Done] = [:]
    private var submitted = 0
    private var delivered = 0
    private var bytesInFlight = 0
    private var closed = false
    private var liveWorkers = 0
    /// Why the workers stopped early (a compressor that could not start), for every result not yet made.
    private var failure: (any Error)?

    /// Starts `workers` threads (at least one), each with a compressor at `level`.
    init(workers: Int, level: Int, byteLimit: Int) {
        self.byteLimit = max(byteLimit, 1)
        let count = max(workers, 1)
        liveWorkers = count
        for index in 0..<count {
            let thread = Thread { [self] in work(level: level) }
            thread.name = "nsbackup-deflate-\(index)"
            thread.start()
        }
    }

    /// Whether `count` more bytes may be submitted now (always true when nothing is in flight).
    func hasRoom(for count: Int) -> Bool {
        condition.withLock { bytesInFlight == 0 || bytesInFlight + count <= byteLimit }
    }

    /// Worker threads that have not exited yet (0 once ``shutdown()`` has returned); for tests.
    var runningWorkers: Int { condition.withLock { liveWorkers } }

    /// Whether submitted contents have not been taken back yet.
    var isEmpty: Bool { condition.withLock { delivered == submitted } }

    /// Queues one item's bytes to be checked against its size and SHA-256 and deflated.
    func submit(_ item: ArchiveItem, bytes: [UInt8]) {
        condition.withLock {
            queue.append(Job(sequence: submitted, item: item, bytes: bytes))
            submitted += 1
            bytesInFlight += bytes.count
            condition.broadcast()
        }
    }

    /// The result of the oldest content not yet taken back, with its item, waiting for its worker if need be;
    /// nil when every submitted content has been taken back.
    /// - Throws: the worker's error for that content.
    func next() throws -> Compressed? {
        try take(waiting: true)
    }

    /// Like ``next()``, but nil at once if the oldest content's result is not ready yet.
    func nextIfReady() throws -> Compressed? {
        try take(waiting: false)
    }

    /// Stops the workers and waits until every one has exited (each finishes the content it is on first).
    /// Contents still queued are dropped, and ``next()`` throws from then on. Safe to call more than once.
    func shutdown() {
        condition.withLock {
            closed = true
            queue.removeAll()
            queueHead = 0
            condition.broadcast()
            while liveWorkers > 0 { condition.wait() }
        }
    }

    private func take(waiting: Bool) throws -> Compressed? {
        let result: Result<Compressed, any Error>? = condition.withLock {
            guard delivered < submitted else { return nil }
            if closed || failure != nil {
                return .failure(failure ?? ExportFailure("The backup's compression was stopped before it finished."))
            }
            while true {
                if let done = results.removeValue(forKey: delivered) {
                    bytesInFlight -= done.byteCount
                    delivered += 1
                    return done.deflated.map { Compressed(item: done.item, deflated: $0) }
                }
                if liveWorkers == 0 {
                    return .failure(ExportFailure("The backup's compression workers stopped early; this is a bug."))
                }
                guard waiting else { return nil }
                condition.wait()
            }
        }
        return try result?.get()
    }

    /// A worker: takes jobs until the pool is closed.
    private func work(level: Int) {
        defer {
            condition.withLock {
                liveWorkers -= 1
                condition.broadcast()
            }
        }
        var compressor: ZipEntryCompressor
        do {
            compressor = try ZipEntryCompressor(level: level)
        } catch {
            failEverything(with: error)
            return
        }
        while let job = nextJob() {
            let deflated = Result { () throws -> DeflatedEntry in
                var check = ContentCheck(item: job.item)
                check.update(job.bytes)
                try check.finish()
                return try job.bytes.withUnsafeBytes { try compressor.compress($0) }
            }
            condition.withLock {
                results[job.sequence] = Done(item: job.item, byteCount: job.bytes.count, deflated: deflated)
                condition.broadcast()
            }
        }
    }

    private func nextJob() -> Job? {
        condition.withLock {
            while !closed && queueHead == queue.count { condition.wait() }
            if closed { return nil }
            let job = queue[queueHead]
            queue[queueHead].bytes = []  // the worker's copy is the only one now
            queueHead += 1
            if queueHead == queue.count {
                queue.removeAll(keepingCapacity: true)
                queueHead = 0
            }
            return job
        }
    }

    /// A worker that cannot start (zlib could not allocate) makes every result not yet made fail, rather
    /// than leave the submitting thread waiting for it.
    private func failEverything(with error: any Error) {
        condition.withLock {
            failure = error
            closed = true
            queue.removeAll()
            queueHead = 0
            condition.broadcast()
        }
    }
}
