import Hashing

/// An item's bytes read from a caller's source into memory, hashed as they came, never more than the limit.
///
/// Why buffer at all: a PUT must not hold its namespace's lock (see ``NamespaceLock``) while a slow client
/// uploads, or every other writer of the namespace would wait for that client. So the body is read first —
/// bounded by the item size limit, as the issue allows — and the write transaction is short.
public struct ItemUpload: Sendable {
    let bytes: [UInt8]
    /// Lowercase hex SHA-256 of the bytes.
    public let sha256: String

    public var size: Int64 { Int64(bytes.count) }

    /// - Parameters:
    ///   - declaredLength: the length the source announces (Content-Length), if any. Over `limit` → refused
    ///     before reading; used to size the buffer once.
    ///   - read: fills the buffer it is given and returns the byte count, 0 at the end.
    /// - Throws: ``ContentError/itemTooLarge(path:limit:)``, or what `read` throws.
    public init(for path: ContentPath, declaredLength: Int64?, limits: ContentLimits,
                read: (UnsafeMutableRawBufferPointer) throws -> Int) throws {
        let limit = limits.maxItemBytes
        let chunkBytes = limits.chunkBytes
        if let declaredLength, declaredLength > limit { throw ContentError.itemTooLarge(path: path.string, limit: limit) }
        var bytes: [UInt8] = []
        if let declaredLength { bytes.reserveCapacity(Int(declaredLength)) }
        var digest = SHA256()
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkBytes, alignment: 16)
        defer { chunk.deallocate() }
        while true {
            let count = try read(chunk)
            if count == 0 { break }
            precondition(count > 0 && count <= chunk.count, "a byte source returned an impossible count")
            guard Int64(bytes.count) + Int64(count) <= limit else {
                throw ContentError.itemTooLarge(path: path.string, limit: limit)
            }
            let piece = UnsafeRawBufferPointer(rebasing: chunk[..<count])
            if bytes.capacity < bytes.count + count {
                // Grow geometrically but never past the limit (Array's own doubling would overshoot it).
                bytes.reserveCapacity(Int(min(limit, Int64(max(bytes.count * 2, bytes.count + count)))))
            }
            bytes.append(contentsOf: piece)
            digest.update(piece)
        }
        self.bytes = bytes
        self.sha256 = digest.finalizeHex()
    }
}
