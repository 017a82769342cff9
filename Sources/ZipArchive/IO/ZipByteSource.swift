/// Where a ``ZipReader`` reads an archive from: anything with a known size that can read at an offset.
///
/// Reads are positional and non-mutating, so a reader and the entry streams it opens can share one source.
/// The reader asks for large ranges (up to 256 KiB) and reads the central directory and each entry front to back,
/// so a source backed by `lo_lseek64` + `lo_read` makes one seek per range. A PostgreSQL large object implements it
/// in a few lines:
///
/// ```swift
/// struct LargeObjectSource: ZipByteSource {
///     let session: …; let descriptor: Int32; let size: Int64   // size: lo_lseek64(fd, 0, SEEK_END) once
///     func read(at offset: Int64, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
///         try session.seek(descriptor, to: offset); return try session.read(descriptor, into: buffer)
///     }
/// }
/// ```
///
/// Errors thrown by a source reach the reader's caller unchanged. The bytes must not change while a reader uses
/// them: every check the reader made when opening would otherwise be void.
public protocol ZipByteSource {
    /// Total length of the archive in bytes, fixed for the source's lifetime.
    var size: Int64 { get }

    /// Reads up to `buffer.count` bytes starting at `offset` into `buffer` and returns how many were read.
    /// It may return fewer than asked only when the source ends; 0 means `offset` is at or past the end.
    func read(at offset: Int64, into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

/// A source over bytes in memory.
///
/// `Sendable`: a plain value over an immutable array.
public struct ZipMemorySource: ZipByteSource, Sendable {
    /// The archive's bytes.
    public let bytes: [UInt8]

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public var size: Int64 { Int64(bytes.count) }

    public func read(at offset: Int64, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard offset >= 0, offset < size, buffer.count > 0 else { return 0 }
        let start = Int(offset)
        let count = min(buffer.count, bytes.count - start)
        bytes.withUnsafeBytes { all in
            buffer.baseAddress!.copyMemory(from: all.baseAddress! + start, byteCount: count)
        }
        return count
    }
}
