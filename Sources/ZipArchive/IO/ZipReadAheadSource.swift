/// Wraps a source whose every read is a round trip (a PostgreSQL large object: `lo_lseek64` + `lo_read`) so
/// that reading many small entries in archive order costs one read per window instead of three or four per entry.
///
/// A read that fits inside the current window is served from memory; a smaller read outside it refills the
/// window from that offset; a read of a window or more goes straight to the base source.
/// ``ZipReader/validate()`` always reads through one of these.
///
/// Not `Sendable`: the window is mutable state for one thread.
public final class ZipReadAheadSource<Base: ZipByteSource>: ZipByteSource {
    public let base: Base
    private let window: UnsafeMutableRawBufferPointer
    private var windowOffset: Int64 = 0
    private var windowCount = 0

    /// - Parameter windowSize: bytes fetched per refill (default 256 KiB).
    public init(base: Base, windowSize: Int = 256 << 10) {
        self.base = base
        window = .allocate(byteCount: max(windowSize, 4096), alignment: 16)
    }

    deinit { window.deallocate() }

    public var size: Int64 { base.size }

    public func read(at offset: Int64, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard buffer.count > 0, offset >= 0, offset < size else { return 0 }
        if buffer.count >= window.count { return try base.read(at: offset, into: buffer) }
        let inside = offset >= windowOffset && offset + Int64(buffer.count) <= windowOffset + Int64(windowCount)
        if !inside {
            windowOffset = offset
            windowCount = 0
            windowCount = try base.readFully(at: offset, into: window)
        }
        let start = Int(offset - windowOffset)
        let count = min(buffer.count, windowCount - start)
        guard count > 0 else { return 0 }
        buffer.baseAddress!.copyMemory(from: window.baseAddress! + start, byteCount: count)
        return count
    }
}

@available(*, unavailable, message: "Its window is mutable state for one thread.")
extension ZipReadAheadSource: Sendable {}
