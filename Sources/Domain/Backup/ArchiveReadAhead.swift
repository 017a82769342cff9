import Dispatch
import Foundation
import Postgres
import Synchronization

/// Reads a byte range of a ready backup's archive on a thread of its own, a few slots ahead of the thread that
/// sends it (``BackupService/readArchive(_:range:_:)``), so that PostgreSQL reads the next piece while the
/// previous one goes out on the socket.
///
/// - The reader fills a ring of ``Settings/slotCount`` slots of ``Settings/slotBytes``, one `lo_read` each;
///   the consumer hands them to its body in order and frees them. Memory is the ring, nothing else.
/// - The reader reads in *windows*: one pool connection and one REPEATABLE READ read-only transaction (the
///   backup's status checked, the large object opened) per window. A window ends after ``Settings/window``,
///   or as soon as the reader waits longer than ``Settings/idleRelease`` for a free slot (a slow client), so
///   that no client, however slow, keeps a pooled connection or an old snapshot for long. The reader then
///   waits for a free slot without a connection and opens the next window.
/// - An archive never changes once ready, so windows fit together. A backup deleted meanwhile is found gone at
///   the next window: the consumer gets the slots read before, then ``BackupError/backupNotFound(id:)``.
/// - ``consume(_:)`` always stops the reader and waits for its thread before returning or throwing (a client
///   that hangs up frees the connection and the ring within one `lo_read`).
///
/// `@unchecked Sendable`: the ring's memory is shared by the two threads, but each slot belongs to one side at a
/// time, handed over through the semaphores (a filled slot to the consumer, a freed one back to the reader);
/// everything else is in the `Mutex`.
final class ArchiveReadAhead: @unchecked Sendable {
    struct Settings: Sendable {
        /// Bytes per slot and per `lo_read`. PostgreSQL's CPU per byte is lowest for reads of 128–512 KiB
        /// (measured: 0.7 ms/MiB at 256 KiB, 0.86 at 1 MiB, 2.5 at 4 MiB).
        var slotBytes = 256 << 10
        var slotCount = 4
        /// The longest a window keeps its connection and snapshot.
        var window: Duration = .seconds(2)
        /// A wait for a free slot longer than this ends the window: the client is slower than the database.
        var idleRelease: Duration = .milliseconds(20)
        /// The longest either side waits for the other before giving up (each step of the other side is itself
        /// bounded: pool borrow, statement timeout, socket write timeout).
        var stallTimeout: Duration = .seconds(300)
    }

    private struct State {
        /// Byte counts of the filled slots not yet consumed, oldest first.
        var filled: [Int] = []
        var finished = false
        var failure: (any Error)?
        var cancelled = false
    }

    private let service: BackupService
    private let backupID: UUID
    private let range: ClosedRange<Int64>?
    private let settings: Settings
    private let memory: UnsafeMutableRawBufferPointer
    private let state = Mutex(State())
    private let freeSlots: DispatchSemaphore
    /// Signalled once per filled slot, and once more when the reader ends (finished or failed).
    private let filledSlots = DispatchSemaphore(value: 0)
    private let exited = DispatchSemaphore(value: 0)

    init(service: BackupService, backupID: UUID, range: ClosedRange<Int64>?, settings: Settings = Settings()) {
        precondition(settings.slotBytes > 0 && settings.slotCount > 0, "a read-ahead ring needs slots")
        self.service = service
        self.backupID = backupID
        self.range = range
        self.settings = settings
        memory = UnsafeMutableRawBufferPointer.allocate(byteCount: settings.slotBytes * settings.slotCount, alignment: 64)
        // Created at 0 and raised: libdispatch traps when a semaphore is released below its initial value, which
        // this one is whenever the consumer stops early.
        freeSlots = DispatchSemaphore(value: 0)
        for _ in 0..<settings.slotCount { freeSlots.signal() }
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
            freeSlots.signal()
        }
    }

    /// Tells the reader to stop and waits until its thread has let go of its connection and of the ring.
    private func stopReader() {
        state.withLock { $0.cancelled = true }
        freeSlots.signal()  // wakes a reader waiting for a slot
        exited.wait()  // bounded: the reader checks `cancelled` after every wait and every lo_read
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
        var holdsSlot = false
        while end.map({ position <= $0 }) ?? true {
            if !holdsSlot {
                // No connection is held here: the client is slow, wait for it (bounded by its write timeout).
                guard try waitForSlot(timeout: settings.stallTimeout) else {
                    throw PostgresError(code: .connectionFailed,
                                        message: "the download of backup \(backupID.lowercased) stalled for \(settings.stallTimeout)")
                }
                holdsSlot = true
            }
            let done: Bool = try service.withArchive(backupID) { object, size in
                let last = min(size - 1, range?.upperBound ?? size - 1)
                end = last
                if position > last { return true }
                if position > 0 { try object.seek(to: position) }
                let opened = ContinuousClock.now
                while position <= last {
                    if !holdsSlot {
                        // A fast client frees a slot within moments; a slow one must not keep this connection.
                        guard try waitForSlot(timeout: settings.idleRelease) else { return false }
                        holdsSlot = true
                    }
                    let base = memory.baseAddress! + slot * settings.slotBytes
                    let wanted = Int(min(last - position + 1, Int64(settings.slotBytes)))
                    var count = 0
                    while count < wanted {
                        let read = try object.read(into: UnsafeMutableRawBufferPointer(start: base + count, count: wanted - count))
                        guard read > 0 else { break }
                        count += read
                    }
                    // Shorter than its recorded size cannot happen to a ready archive; end there if it does (the
                    // response then ends short and its connection closes).
                    guard count > 0 else { return true }
                    try publish(count)
                    holdsSlot = false
                    slot = (slot + 1) % settings.slotCount
                    position += Int64(count)
                    if opened.duration(to: .now) > settings.window { return false }
                }
                return true
            }
            if done { return }
        }
    }

    /// Takes a free slot within `timeout` (false when none came); throws ``Cancelled`` once the consumer stopped.
    private func waitForSlot(timeout: Duration) throws -> Bool {
        let acquired = freeSlots.wait(timeout: Self.deadline(after: timeout)) == .success
        if state.withLock({ $0.cancelled }) { throw Cancelled() }
        return acquired
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
