import Dispatch
import Foundation
import Postgres
import Synchronization

/// Reads a byte range of a ready backup's archive on a thread of its own, a few slots ahead of the thread that
/// sends it (``BackupService/readArchive(_:range:_:)``), so that PostgreSQL reads the next piece while the
/// previous one goes out on the socket.
///
/// - The reader fills a ring of ``Settings/slotCount`` slots of ``Settings/slotBytes`` (6 MiB), a query of
///   ``Settings/batch`` `lo_get` rows at a time, each query started only once that many slots are free (so it
///   streams at the database's pace, never the client's); the consumer hands the slots to its body in order and
///   frees them. Memory is the ring plus one row in libpq.
/// - The reader reads in *windows*: one pool connection and one REPEATABLE READ read-only transaction (the
///   backup's status checked, the large object opened) per window. A window ends after ``Settings/window``,
///   or as soon as the reader waits longer than ``Settings/idleRelease`` for free slots (a slow client), so
///   that no client, however slow, keeps a pooled connection or an old snapshot for long. The reader then
///   waits for free slots without a connection and opens the next window.
/// - An archive never changes once ready, so windows fit together. A backup deleted meanwhile is found gone at
///   the next window: the consumer gets the slots read before, then ``BackupError/backupNotFound(id:)``.
/// - ``consume(_:)`` always stops the reader and waits for its thread before returning or throwing (a client
///   that hangs up frees the connection and the ring within one query of at most ``Settings/batch`` pieces).
///
/// `@unchecked Sendable`: the ring's memory is shared by the two threads, but each slot belongs to one side at a
/// time, handed over through the `Mutex`-guarded counts (a filled slot to the consumer, a freed one back to the
/// reader), the semaphores only waking the other side.
final class ArchiveReadAhead: @unchecked Sendable {
    struct Settings: Sendable {
        /// Bytes per slot, one `lo_get` row each (PostgreSQL's CPU per byte is lowest for 128–256 KiB pieces).
        var slotBytes = 256 << 10
        var slotCount = 24
        /// Pieces per query (``Postgres/PostgresConnection/streamLargeObject(_:from:pieces:pieceBytes:_:)``); a
        /// query starts only when this many slots are free, so it never waits for the client while it streams. Two
        /// thirds of the ring: the database fills 4 MiB while the client is sent the 2 MiB before. Each query costs
        /// PostgreSQL about 0.6 ms of planning and start-up (measured: 40 MiB in 4-row queries 63 ms of its CPU,
        /// in 16-row ones 45 ms), so fewer, larger queries are cheaper.
        var batch = 16
        /// The longest a window keeps its connection and snapshot.
        var window: Duration = .seconds(2)
        /// A wait for a free slot longer than this ends the window: the client is slower than the database.
        var idleRelease: Duration = .milliseconds(50)
        /// The longest either side waits for the other before giving up (each step of the other side is itself
        /// bounded: pool borrow, statement timeout, socket write timeout).
        var stallTimeout: Duration = .seconds(300)
    }

    private struct State {
        /// Byte counts of the filled slots not yet consumed, oldest first.
        var filled: [Int] = []
        /// Slots neither filled nor reserved by the reader.
        var free: Int
        var finished = false
        var failure: (any Error)?
        var cancelled = false
    }

    private let service: BackupService
    private let backupID: UUID
    private let range: ClosedRange<Int64>?
    private let settings: Settings
    private let memory: UnsafeMutableRawBufferPointer
    private let state: Mutex<State>
    /// Signalled whenever the consumer frees a slot (and when it stops).
    private let slotFreed = DispatchSemaphore(value: 0)
    /// Signalled once per filled slot, and once more when the reader ends (finished or failed).
    private let filledSlots = DispatchSemaphore(value: 0)
    private let exited = DispatchSemaphore(value: 0)

    init(service: BackupService, backupID: UUID, range: ClosedRange<Int64>?, settings: Settings = Settings()) {
        precondition(settings.slotBytes > 0 && settings.batch > 0 && settings.slotCount >= settings.batch,
                     "a read-ahead ring needs slots for at least one batch")
        self.service = service
        self.backupID = backupID
        self.range = range
        self.settings = settings
        memory = UnsafeMutableRawBufferPointer.allocate(byteCount: settings.slotBytes * settings.slotCount, alignment: 64)
        state = Mutex(State(free: settings.slotCount))
    }

    deinit { memory.deallocate() }

    /// Starts the reader, hands every piece of the range to `body` in order (each at most ``Settings/slotBytes``),
    /// and stops the reader whatever happens.
    /// - Throws: the reader's errors (``BackupError`` `backupNotFound`, `notReady`; database errors) after the
    ///   pieces read before them; `body`'s errors unchanged.
    func consume(_ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        let thread = Thread { [self] in runReader() }
        thread.name = "nsbackup archive read-ahead"
        thread.start()
        defer { stopReader() }
        var slot = 0
        while true {
            guard filledSlots.wait(timeout: Self.deadline(after: settings.stallTimeout)) == .success else {
                throw PostgresError(code: .connectionFailed,
                                    message: "reading backup \(backupID.lowercased)'s archive made no progress for \(settings.stallTimeout)")
            }
            let next = state.withLock { state -> Result<Int, any Error>? in
                if !state.filled.isEmpty { return .success(state.filled.removeFirst()) }
                return state.failure.map { .failure($0) }
            }
            guard let next else { return }
            let count = try next.get()
            try body(UnsafeRawBufferPointer(rebasing: memory[slot * settings.slotBytes..<slot * settings.slotBytes + count]))
            slot = (slot + 1) % settings.slotCount
            state.withLock { $0.free += 1 }
            slotFreed.signal()
        }
    }

    /// Tells the reader to stop and waits until its thread has let go of its connection and of the ring.
    private func stopReader() {
        state.withLock { $0.cancelled = true }
        slotFreed.signal()  // wakes a reader waiting for slots
        exited.wait()  // bounded: the reader checks `cancelled` after every wait and every piece
    }

    // MARK: - Reader thread

    private func runReader() {
        do {
            try read()
            state.withLock { $0.finished = true }
        } catch {
            state.withLock { $0.failure = error }
        }
        filledSlots.signal()
        exited.signal()
    }

    private struct Cancelled: Error {}

    private func read() throws {
        var position = max(0, range?.lowerBound ?? 0)
        var end: Int64?
        var slot = 0
        var reserved = 0
        defer { if reserved > 0 { state.withLock { $0.free += reserved } } }
        while end.map({ position <= $0 }) ?? true {
            if reserved == 0 {
                // No connection is held here: the client is slow, wait for it (bounded by its write timeout).
                guard try reserve(settings.batch, timeout: settings.stallTimeout) else {
                    throw PostgresError(code: .connectionFailed,
                                        message: "the download of backup \(backupID.lowercased) stalled for \(settings.stallTimeout)")
                }
                reserved = settings.batch
            }
            let done: Bool = try service.withArchive(backupID) { object, size in
                let last = min(size - 1, range?.upperBound ?? size - 1)
                end = last
                let opened = ContinuousClock.now
                while position <= last {
                    if reserved == 0 {
                        // A fast client frees a batch of slots within moments; a slow one must not keep this connection.
                        guard try reserve(settings.batch, timeout: settings.idleRelease) else { return false }
                        reserved = settings.batch
                    }
                    let remaining = last - position + 1
                    let pieces = Int(min(Int64(reserved), (remaining + Int64(settings.slotBytes) - 1) / Int64(settings.slotBytes)))
                    let read = try object.stream(from: position, pieces: pieces, pieceBytes: settings.slotBytes) { piece in
                        let count = min(piece.count, Int(last - position + 1))
                        guard count > 0 else { return }
                        let target = memory.baseAddress! + slot * settings.slotBytes
                        target.copyMemory(from: piece.baseAddress!, byteCount: count)
                        reserved -= 1
                        try publish(count)
                        slot = (slot + 1) % settings.slotCount
                        position += Int64(count)
                    }
                    // Shorter than its recorded size cannot happen to a ready archive; end there if it does (the
                    // response then ends short and its connection closes).
                    if read < Int64(pieces) * Int64(settings.slotBytes) && position <= last { return true }
                    if opened.duration(to: .now) > settings.window { return false }
                }
                return true
            }
            if done { return }
        }
    }

    /// Reserves `count` free slots within `timeout` (false when they did not come); throws ``Cancelled`` once the
    /// consumer stopped.
    private func reserve(_ count: Int, timeout: Duration) throws -> Bool {
        let deadline = Self.deadline(after: timeout)
        while true {
            let (taken, cancelled) = state.withLock { state -> (Bool, Bool) in
                guard !state.cancelled else { return (false, true) }
                guard state.free >= count else { return (false, false) }
                state.free -= count
                return (true, false)
            }
            if cancelled { throw Cancelled() }
            if taken { return true }
            guard slotFreed.wait(timeout: deadline) == .success else { return false }
        }
    }

    private func publish(_ count: Int) throws {
        let cancelled = state.withLock { state in
            state.filled.append(count)
            return state.cancelled
        }
        if cancelled { throw Cancelled() }
        filledSlots.signal()
    }

    private static func deadline(after duration: Duration) -> DispatchTime {
        let (seconds, attoseconds) = duration.components
        return .now() + .nanoseconds(Int(min(seconds, 1 << 30) * 1_000_000_000 + attoseconds / 1_000_000_000))
    }
}
