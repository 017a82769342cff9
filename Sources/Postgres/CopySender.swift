import Foundation
internal import CLibPQ

/// Sends the data of a running `COPY … FROM STDIN` on a thread of its own, from a bounded queue, so the producer
/// never waits for the server while there is room in the queue (``PostgresConnection/copyIn(_:sendingAhead:_:)``).
///
/// Why: a blocking `PQputCopyData` returns only once the kernel took the bytes, and a socket holds about 200 KiB —
/// a few milliseconds of the server's work on a bulk load. A restore that paused to read its archive or to inflate
/// a batch of items for longer than that left the server idle, then found it busy when it came back: measured on
/// a restore of 100,000 items, the job thread spent a third of its time blocked in sends and the server a third of
/// its time waiting for data. With the queue, both work at once; each waits only when the other is truly behind.
///
/// Bounded: at most `limit` bytes are queued (a single write larger than that is admitted alone). Structured: the
/// thread starts in `init` and has exited when ``finish()`` or ``abort()`` returns, one of which the owner must
/// call; it holds the sender, so the sender cannot go away while it runs. The connection is used by the thread
/// only between those calls, while the producer leaves it alone (the contract of `copyIn`).
///
/// The first failure of a send is kept and thrown by the next ``enqueue(_:)`` and by ``finish()``.
final class CopySender: @unchecked Sendable {
    // @unchecked: every stored var is read and written only while `condition` is locked; `connection` is used by
    // the thread alone while it runs (see above).

    private let condition = NSCondition()
    private let connection: PostgresConnection
    private let limit: Int
    private var queue: [[UInt8]] = []
    private var queueHead = 0
    private var spare: [[UInt8]] = []
    private var queuedBytes = 0
    private var closed = false
    private var aborted = false
    private var running = true
    private var failure: PostgresError?

    init(connection: PostgresConnection, limit: Int) {
        self.connection = connection
        self.limit = max(limit, 1)
        let thread = Thread { [self] in run() }
        thread.name = "nsbackup-copy-send"
        thread.start()
    }

    /// Queues a copy of `bytes`, waiting while the queue is full.
    /// - Throws: the failure of an earlier send, if any.
    func enqueue(_ bytes: UnsafeRawBufferPointer) throws {
        guard bytes.count > 0 else { return }
        try condition.withLock { () throws in
            guard !closed else {
                // A writer kept past its `copyIn`: the thread is gone, nothing would send these bytes.
                throw PostgresError(code: .protocolViolation, message: "COPY data was written after the COPY ended")
            }
            while failure == nil, queuedBytes > 0, queuedBytes + bytes.count > limit { condition.wait() }
            if let failure { throw failure }
            var buffer = spare.popLast() ?? []
            buffer.removeAll(keepingCapacity: true)
            buffer.append(contentsOf: bytes)
            queue.append(buffer)
            queuedBytes += bytes.count
            condition.broadcast()
        }
    }

    /// Waits until everything queued was sent and the thread exited.
    /// - Throws: the first failure of a send.
    func finish() throws {
        try condition.withLock { () throws in
            closed = true
            condition.broadcast()
            while running { condition.wait() }
            if let failure { throw failure }
        }
    }

    /// Drops what is queued and waits until the thread exited (after the send it may be in).
    func abort() {
        condition.withLock {
            aborted = true
            closed = true
            condition.broadcast()
            while running { condition.wait() }
        }
    }

    private func run() {
        while let buffer = next() {
            let sent = send(buffer)
            condition.withLock {
                if let error = sent { failure = error }
                queuedBytes -= buffer.count
                if spare.count < 8 { spare.append(buffer) }
                condition.broadcast()
            }
        }
    }

    /// The next buffer to send, or nil when the thread should exit (it is then marked as exited).
    private func next() -> [UInt8]? {
        condition.withLock {
            while queueHead == queue.count, !closed, failure == nil { condition.wait() }
            if aborted || failure != nil || queueHead == queue.count {
                queue.removeAll()
                queueHead = 0
                running = false
                condition.broadcast()
                return nil
            }
            let buffer = queue[queueHead]
            queue[queueHead] = []
            queueHead += 1
            if queueHead == queue.count {
                queue.removeAll(keepingCapacity: true)
                queueHead = 0
            }
            return buffer
        }
    }

    private func send(_ buffer: [UInt8]) -> PostgresError? {
        buffer.withUnsafeBytes { bytes in
            CopyInWriter.put(bytes, on: connection)
        }
    }
}
