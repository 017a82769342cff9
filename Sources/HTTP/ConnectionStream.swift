/// A connection's socket plus its input buffer: bytes read ahead of the parser (the rest of a head, the
/// start of a body, pipelined requests) wait here.
///
/// One per connection, used only by that connection's thread (not Sendable).
final class ConnectionStream {
    let socket: Socket
    let limits: HTTPLimits
    private let storage: UnsafeMutableRawBufferPointer
    private var readIndex = 0
    private var writeIndex = 0

    /// The buffer holds a whole request head at the configured limits, plus room to read ahead.
    init(socket: Socket, limits: HTTPLimits) {
        self.socket = socket
        self.limits = limits
        let capacity = max(
            64 * 1024,
            limits.maxRequestLineBytes + limits.maxHeaderBytes + 4 * 1024,
            limits.maxChunkLineBytes + 4 * 1024
        )
        storage = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 16)
    }

    deinit { storage.deallocate() }

    /// The buffered, not yet consumed bytes. Valid until the next call that reads or consumes.
    var buffered: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: storage[readIndex..<writeIndex])
    }

    var bufferedCount: Int { writeIndex - readIndex }

    /// Marks `count` buffered bytes as used.
    func consume(_ count: Int) {
        readIndex += count
        if readIndex == writeIndex {
            readIndex = 0
            writeIndex = 0
        }
    }

    /// Reads more bytes after the buffered ones, waiting until `deadline`.
    ///
    /// - Returns: how many arrived; 0 when the peer closed its side (or the buffer is full, which the limits
    ///   rule out: heads and chunk lines are refused before they outgrow it).
    func fill(deadline: ContinuousClock.Instant) throws(SocketError) -> Int {
        if writeIndex == storage.count && readIndex > 0 {
            let count = writeIndex - readIndex
            storage.baseAddress!.copyMemory(from: storage.baseAddress! + readIndex, byteCount: count)
            readIndex = 0
            writeIndex = count
        }
        guard writeIndex < storage.count else { return 0 }
        let count = try socket.receive(
            into: UnsafeMutableRawBufferPointer(rebasing: storage[writeIndex...]),
            deadline: deadline
        )
        writeIndex += count
        return count
    }

    /// Copies up to `buffer.count` bytes: buffered ones first, otherwise straight from the socket into `buffer`
    /// (no intermediate copy for large bodies).
    ///
    /// - Returns: bytes copied; 0 when the peer closed its side.
    func read(into buffer: UnsafeMutableRawBufferPointer, deadline: ContinuousClock.Instant) throws(SocketError) -> Int
    {
        if bufferedCount > 0 {
            let count = min(bufferedCount, buffer.count)
            buffer.baseAddress!.copyMemory(from: storage.baseAddress! + readIndex, byteCount: count)
            consume(count)
            return count
        }
        return try socket.receive(into: buffer, deadline: deadline)
    }

    /// Sends bytes, waiting at most ``HTTPLimits/writeTimeout`` each time the socket's buffer is full.
    func send(_ bytes: UnsafeRawBufferPointer) throws(SocketError) {
        try socket.send(bytes, timeout: limits.writeTimeout)
    }
}
