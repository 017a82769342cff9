/// Reads a range of a source front to back through one fixed buffer: how the central directory is scanned,
/// in large reads (one `lo_read` per 256 KiB for a large object), whatever the number of entries.
struct SourceCursor: ~Copyable {
    /// Holds the largest central record (46 + 3 × 65,535 bytes) with room to spare.
    static let capacity = 256 << 10

    private let buffer: UnsafeMutableRawBufferPointer
    private var start = 0
    private var end = 0
    /// Archive offset of `buffer[start]`: the next unread byte.
    private(set) var position: Int64
    /// Archive offset where the range ends.
    let limit: Int64

    init(from position: Int64, to limit: Int64) {
        buffer = .allocate(byteCount: Self.capacity, alignment: 8)
        self.position = position
        self.limit = limit
    }

    deinit { buffer.deallocate() }

    /// Bytes left in the range.
    var remaining: Int64 { limit - position }

    /// The next `count` bytes without consuming them (valid until the next call), or nil if the range has fewer.
    mutating func peek(_ count: Int, from source: some ZipByteSource) throws -> UnsafeRawBufferPointer? {
        precondition(count <= Self.capacity)
        guard Int64(count) <= remaining else { return nil }
        if end - start < count {
            if start > 0 {
                (buffer.baseAddress!).copyMemory(from: buffer.baseAddress! + start, byteCount: end - start)
                end -= start
                start = 0
            }
            let fileOffset = position + Int64(end)
            let wanted = Int(min(Int64(buffer.count - end), limit - fileOffset))
            let got = try source.readFully(
                at: fileOffset,
                into: UnsafeMutableRawBufferPointer(rebasing: buffer[end..<end + wanted])
            )
            end += got
            guard end - start >= count else {
                throw ZipError.archive(
                    .truncated,
                    at: position + Int64(end - start),
                    "The archive ends at byte \(ZipError.grouped(position + Int64(end - start))), inside its central directory."
                )
            }
        }
        return UnsafeRawBufferPointer(rebasing: buffer[start..<start + count])
    }

    /// Consumes `count` bytes that ``peek(_:from:)`` returned.
    mutating func advance(_ count: Int) {
        start += count
        position += Int64(count)
    }
}
