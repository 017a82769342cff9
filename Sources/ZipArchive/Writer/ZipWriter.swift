import Foundation

/// Writes a ZIP archive in one forward pass into a ``ZipByteSink``, with the central directory at the end.
///
/// ```swift
/// let writer = ZipWriter(sink: ZipFileSink(path: "backup.zip"))
/// try writer.addEntry("manifest.json", bytes: manifestJSON)
/// try writer.addEntry("content/Orders/x", compression: .deflated(level: 1)) { output in
///     try output.write(chunk)            // as many times as needed; nothing is buffered whole
/// }
/// let sink = try writer.finish()
/// ```
///
/// Names are checked against the same rules the reader enforces (and for duplicates), so the writer never
/// produces an archive that ``ZipReader`` would refuse. ZIP64 records appear only where a size, an offset or the
/// entry count needs them. Memory: one output buffer (256 KiB by default), one zlib compressor (~260 KiB), and
/// the central directory kept until ``finish(comment:)`` (about 70 bytes plus the name per entry).
///
/// After any error (from the sink, from an entry's body, or a refused name after data was written) the archive
/// is incomplete and every later call throws `invalidUse`; start again with a fresh sink.
///
/// Not `Sendable`: one thread at a time writes an archive.
public final class ZipWriter<Sink: ZipByteSink> {
    enum State { case ready, writingEntry, failed, finished }

    private(set) var sink: Sink
    private let buffer: UnsafeMutableRawBufferPointer
    private var buffered = 0
    /// Bytes of the archive so far (handed to the sink or buffered).
    private(set) var position: Int64 = 0
    var state = State.ready
    var deflater: Deflater?
    /// The encoded central directory records, in entry order.
    var central: [UInt8] = []
    var count = 0
    /// Hashes of the names written so far (see ``ZipNameRules/hash(_:)``); a hit is confirmed against `central`.
    var nameHashes: Set<Int> = []
    var current: OpenEntry?

    /// - Parameters:
    ///   - sink: receives the archive's bytes in order, in chunks of `bufferSize` (the last one shorter).
    ///   - bufferSize: the output buffer (default 256 KiB; at least 4 KiB).
    public init(sink: Sink, bufferSize: Int = 256 << 10) {
        self.sink = sink
        buffer = .allocate(byteCount: max(bufferSize, 4096), alignment: 16)
    }

    deinit { buffer.deallocate() }

    /// Bytes of the archive written so far.
    public var bytesWritten: Int64 { position }

    /// Entries added so far.
    public var entryCount: Int { count }

    /// Writes the central directory and end records, hands every remaining byte to the sink, and returns it.
    ///
    /// - Parameter comment: the archive comment (UTF-8, at most 65,535 bytes).
    /// - Returns: the sink, for example a ``ZipMemorySink`` holding the archive.
    /// - Throws: `invalidUse` if an entry is open or the writer failed or finished; the sink's errors unchanged.
    @discardableResult
    public func finish(comment: String = "") throws -> Sink {
        try requireReady()
        let commentBytes = Array(comment.utf8)
        guard commentBytes.count <= EndOfCentralDirectory.maxComment else {
            throw ZipError(
                .invalidUse,
                "The archive comment is \(ZipError.grouped(commentBytes.count)) bytes; at most 65,535 fit."
            )
        }
        try guarded {
            let directoryOffset = position
            try central.withUnsafeBytes { try emit($0) }
            let end = WrittenEntry.endRecords(
                entryCount: count,
                directoryOffset: directoryOffset,
                directorySize: Int64(central.count),
                comment: commentBytes
            )
            try end.withUnsafeBytes { try emit($0) }
            try flush()
        }
        central = []
        nameHashes = []
        state = .finished
        return sink
    }

    // MARK: - Output

    /// Appends bytes to the archive through the buffer.
    func emit(_ bytes: UnsafeRawBufferPointer) throws {
        guard var source = bytes.baseAddress, bytes.count > 0 else { return }
        var left = bytes.count
        while left > 0 {
            if buffered == buffer.count { try flush() }
            if buffered == 0 && left >= buffer.count {
                // Large writes go straight through: copying them would only cost time.
                try sink.write(UnsafeRawBufferPointer(start: source, count: left))
                position += Int64(left)
                return
            }
            let n = min(left, buffer.count - buffered)
            (buffer.baseAddress! + buffered).copyMemory(from: source, byteCount: n)
            buffered += n
            position += Int64(n)
            source += n
            left -= n
        }
    }

    /// Room at the end of the buffer for a producer such as the compressor (flushes first when full).
    func freeSpace() throws -> UnsafeMutableRawBufferPointer {
        if buffered == buffer.count { try flush() }
        return UnsafeMutableRawBufferPointer(rebasing: buffer[buffered...])
    }

    /// Records that a producer filled `count` bytes of ``freeSpace()``.
    func commit(_ count: Int) {
        buffered += count
        position += Int64(count)
    }

    func flush() throws {
        guard buffered > 0 else { return }
        try sink.write(UnsafeRawBufferPointer(rebasing: buffer[..<buffered]))
        buffered = 0
    }

    // MARK: - State

    func requireReady() throws {
        switch state {
        case .ready: return
        case .writingEntry:
            throw ZipError(.invalidUse, "An entry is still being written; finish it before starting another.")
        case .failed:
            throw ZipError(.invalidUse, "The archive is incomplete because an earlier write failed; start a new one.")
        case .finished: throw ZipError(.invalidUse, "The archive is already finished.")
        }
    }

    /// Runs `body`; any error leaves the writer failed (the archive is incomplete) and is rethrown unchanged.
    func guarded<R>(_ body: () throws -> R) throws -> R {
        do {
            return try body()
        } catch {
            state = .failed
            throw error
        }
    }
}

@available(*, unavailable, message: "A ZipWriter is used by one thread at a time.")
extension ZipWriter: Sendable {}
