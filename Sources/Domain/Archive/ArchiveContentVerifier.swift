import Foundation
import Hashing
import Synchronization
import ZipArchive

/// Checks items' bytes on worker threads while the reader's thread decodes and checks `items.jsonl`: each item's
/// entry is read to its end (local header, inflate, CRC-32, size, data descriptor, by the ZIP reader) and its
/// SHA-256 compared with the one `items.jsonl` gives (``ArchiveContentCheck``) — the checks
/// ``ArchiveItemContent`` makes on the reader's thread, with the same sentences.
///
/// Why: inflating, CRC-32 and SHA-256 are ~80 % of validating an upload, and they are independent per item.
///
/// Order: the fault reported is the one a reading on one thread would have met first. Items are numbered as
/// submitted; a worker's fault at item `k` makes every worker skip items after `k`, while items before `k` are
/// still checked, and the lowest faulty item wins. A fault of the reader's own thread (a bad line after item `j`
/// was submitted) comes after the contents of items up to `j`: ``run(zip:workers:batchSize:queueLimit:_:)``
/// waits for those and reports one of their faults first if there is one.
///
/// Bounded: items go in batches of up to `batchSize` items or 1 MiB of declared bytes, at most `queueLimit`
/// batches wait; the submitting thread waits for room (or for a fault, which ends the submitting).
/// Structured: the workers are started by `init` and joined by ``run(zip:workers:batchSize:queueLimit:_:)`` on
/// every exit (success, fault, the caller's error), after they have drained the queue.
///
/// Each worker has its own entry stream (zlib state, input buffer), buffer and SHA-256; they share only the ZIP
/// reader, which is `Sendable` (immutable index) over a `Sendable` source read by position.
final class ArchiveContentVerifier<Source: ZipByteSource & Sendable>: @unchecked Sendable {
    // @unchecked: `queue`, `closed`, `fault`, `liveWorkers`, `fullQueueWaits` and `waiting` are read and written only while
    // `condition` is locked; `pending` and `submitted` only by the submitting thread; the rest is immutable.

    /// One item to check.
    struct Check: Sendable {
        var entry: ZipEntry
        var item: ArchiveItem
    }

    /// Consecutive items, the first numbered `start`.
    struct Batch: Sendable {
        var start: Int
        var checks: [Check]
    }

    /// Thrown by ``submit(_:_:)`` once a fault is known: nothing after it matters.
    struct Stopped: Error {}

    private let zip: ZipReader<Source>
    private let batchSize: Int
    private let batchBytes: Int64 = 1 << 20
    private let queueLimit: Int
    private let condition = NSCondition()
    private var queue: [Batch] = []
    private var closed = false
    private var fault: (index: Int, error: any Error)?
    /// The item number of `fault`, or `Int.max`: read by workers between items without taking the lock.
    private let faultIndex = Atomic<Int>(.max)
    private var liveWorkers = 0
    private var fullQueueWaits = 0
    private var waiting = false
    private var pending: [Check] = []
    private var pendingBytes: Int64 = 0
    private var submitted = 0

    /// Starts `workers` threads (at least one).
    init(zip: ZipReader<Source>, workers: Int, batchSize: Int = 64, queueLimit: Int? = nil) {
        self.zip = zip
        self.batchSize = max(batchSize, 1)
        let count = max(workers, 1)
        self.queueLimit = max(queueLimit ?? 2 * count, 1)
        liveWorkers = count
        pending.reserveCapacity(self.batchSize)
        for index in 0..<count {
            let thread = Thread { [self] in work() }
            thread.name = "nsbackup-verify-\(index)"
            thread.start()
        }
    }

    /// Runs `body` with a new verifier of `workers` threads, then waits until every submitted item was checked
    /// and every worker has exited — also when `body` throws.
    /// - Throws: the fault of the lowest faulty item if there is one (an ``ArchiveError`` or the source's error),
    ///   else `body`'s error unchanged.
    static func run<Result>(
        zip: ZipReader<Source>, workers: Int, batchSize: Int = 64, queueLimit: Int? = nil,
        _ body: (ArchiveContentVerifier) throws -> Result
    ) throws -> Result {
        let verifier = ArchiveContentVerifier(zip: zip, workers: workers, batchSize: batchSize, queueLimit: queueLimit)
        let result: Result
        do {
            result = try body(verifier)
        } catch {
            throw verifier.end() ?? error
        }
        if let fault = verifier.end() { throw fault }
        return result
    }

    /// Queues `entry`'s bytes to be checked against `item` (whose metadata the caller checked already).
    /// - Throws: ``Stopped`` once some item was found faulty (``run(zip:workers:batchSize:queueLimit:_:)`` then
    ///   reports that fault).
    func submit(_ entry: ZipEntry, _ item: ArchiveItem) throws {
        if faultIndex.load(ordering: .relaxed) != .max { throw Stopped() }
        pending.append(Check(entry: entry, item: item))
        pendingBytes += entry.size
        if pending.count >= batchSize || pendingBytes >= batchBytes { try flush() }
    }

    /// Workers still running (0 once ``run(zip:workers:batchSize:queueLimit:_:)`` returned or threw).
    var runningWorkers: Int { condition.withLock { liveWorkers } }

    /// How often the submitting thread waited for room in the queue.
    var waitsForRoom: Int { condition.withLock { fullQueueWaits } }

    /// Whether the submitting thread is waiting for room right now.
    var isWaitingForRoom: Bool { condition.withLock { waiting } }

    private func flush() throws {
        guard !pending.isEmpty else { return }
        let batch = Batch(start: submitted, checks: pending)
        submitted += pending.count
        pending.removeAll(keepingCapacity: true)
        pendingBytes = 0
        try condition.withLock {
            if queue.count >= queueLimit && fault == nil && !closed {
                fullQueueWaits += 1
                waiting = true
                while queue.count >= queueLimit && fault == nil && !closed { condition.wait() }
                waiting = false
            }
            // Items submitted now come after any fault found: they need no checking.
            if fault != nil || closed { throw Stopped() }
            queue.append(batch)
            condition.signal()
        }
    }

    /// Submits what is pending, lets the workers drain the queue and waits for them to exit; the first fault.
    private func end() -> (any Error)? {
        try? flush()
        return condition.withLock {
            closed = true
            condition.broadcast()
            while liveWorkers > 0 { condition.wait() }
            return fault?.error
        }
    }

    /// A worker: checks batches until the queue is closed and empty.
    private func work() {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 << 10, alignment: 16)
        var stream: ZipEntryReader<Source>?
        var digest = SHA256()  // one context for every item this worker checks
        defer {
            buffer.deallocate()
            condition.withLock {
                liveWorkers -= 1
                condition.broadcast()
            }
        }
        while let batch = nextBatch() {
            for (offset, check) in batch.checks.enumerated() {
                let index = batch.start + offset
                if index > faultIndex.load(ordering: .relaxed) { break }
                do {
                    stream = try verify(check, reusing: stream, buffer: buffer, digest: &digest)
                } catch {
                    record(error, at: index)
                    break
                }
            }
        }
    }

    /// Reads `check`'s entry to its end through `previous` (repointed), then compares the SHA-256.
    private func verify(
        _ check: Check, reusing previous: ZipEntryReader<Source>?, buffer: UnsafeMutableRawBufferPointer,
        digest: inout SHA256
    ) throws -> ZipEntryReader<Source> {
        let stream = try ArchiveReaderErrors.mapZip { try zip.makeStream(for: check.entry, reusing: previous) }
        digest.restart()
        while true {
            let count = try ArchiveReaderErrors.mapZip { try stream.read(into: buffer) }
            if count == 0 { break }
            digest.update(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
        }
        try ArchiveContentCheck.requireDigest(digest.finalizeHexAndRestart(), of: check.entry, item: check.item)
        return stream
    }

    private func nextBatch() -> Batch? {
        condition.withLock {
            while queue.isEmpty && !closed { condition.wait() }
            if queue.isEmpty { return nil }
            condition.broadcast()  // room for the submitting thread
            return queue.removeFirst()
        }
    }

    /// Keeps the fault of the lowest item.
    private func record(_ error: any Error, at index: Int) {
        condition.withLock {
            if fault == nil || index < fault!.index {
                fault = (index, error)
                faultIndex.store(index, ordering: .relaxed)
            }
            condition.broadcast()
        }
    }
}
