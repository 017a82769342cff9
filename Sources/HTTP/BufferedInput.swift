/// Bytes read ahead of a parser, refillable: a connection's buffer, or a fixed byte array in tests.
protocol BufferedInput: AnyObject {
    var buffered: UnsafeRawBufferPointer { get }
    func consume(_ count: Int)
    /// Appends more bytes; 0 means the input ended.
    func fill(deadline: ContinuousClock.Instant) throws(SocketError) -> Int
}

extension ConnectionStream: BufferedInput {}

/// A complete message held in memory.
final class MemoryInput: BufferedInput {
    /// A stable copy: pointers into a Swift array must not outlive `withUnsafeBytes`.
    private let storage: UnsafeMutableRawBufferPointer
    private var offset = 0

    init(_ bytes: [UInt8]) {
        storage = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: 1)
        storage.copyBytes(from: bytes)
    }

    deinit { storage.deallocate() }

    var buffered: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: storage[offset...])
    }

    func consume(_ count: Int) { offset += count }

    func fill(deadline: ContinuousClock.Instant) throws(SocketError) -> Int { 0 }
}
