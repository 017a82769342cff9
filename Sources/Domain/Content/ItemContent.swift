/// The bytes of one item, handed to a reader's closure. Valid only during that closure: the memory belongs to
/// the database connection's receive buffer (no copy is made). Do not keep it, or a buffer it gave out, after the
/// closure returns. (A `~Escapable` type would let the compiler check this; it needs an experimental feature.)
public struct ItemContent {
    private let bytes: UnsafeRawBufferPointer
    private let chunkBytes: Int

    init(bytes: UnsafeRawBufferPointer, chunkBytes: Int) {
        self.bytes = bytes
        self.chunkBytes = chunkBytes
    }

    /// The number of bytes.
    public var count: Int { bytes.count }

    /// Calls `body` with successive pieces of at most the store's chunk size (``ContentLimits/chunkBytes``);
    /// an empty item calls it never.
    public func forEachChunk(_ body: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        var offset = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + chunkBytes)
            try body(UnsafeRawBufferPointer(rebasing: bytes[offset..<end]))
            offset = end
        }
    }

    /// A copy of all bytes (tests, small items).
    public func copyBytes() -> [UInt8] { Array(bytes) }
}

@available(*, unavailable, message: "ItemContent points into a connection's buffer; use it on the reading thread only")
extension ItemContent: Sendable {}
