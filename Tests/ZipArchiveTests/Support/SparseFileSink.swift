import Foundation
import ZipArchive

#if canImport(Glibc)
    import Glibc
#endif

/// A file sink that leaves holes for all-zero chunks, so a 4 GiB entry of zeros takes no disk space or write
/// time. The result is a normal file to every reader. For tests of ZIP64 by size.
final class SparseFileSink: ZipByteSink {
    private let descriptor: Int32
    private var position: Int64 = 0
    private static let zeros = [UInt8](repeating: 0, count: 1 << 20)

    init(path: String) throws {
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw POSIXError(.EIO) }
    }

    deinit { close(descriptor) }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < bytes.count {
            let count = min(bytes.count - offset, Self.zeros.count)
            let piece = UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + count])
            let isZero = Self.zeros.withUnsafeBytes { memcmp($0.baseAddress!, piece.baseAddress!, count) == 0 }
            if isZero {
                guard lseek(descriptor, off_t(count), SEEK_CUR) >= 0 else { throw POSIXError(.EIO) }
            } else {
                guard pwrite(descriptor, piece.baseAddress!, count, off_t(position)) == count,
                    lseek(descriptor, off_t(position) + off_t(count), SEEK_SET) >= 0
                else { throw POSIXError(.EIO) }
            }
            position += Int64(count)
            offset += count
        }
    }

    /// Sets the file's length (a trailing hole is not written otherwise).
    func finish() throws {
        guard ftruncate(descriptor, off_t(position)) == 0 else { throw POSIXError(.EIO) }
    }
}

/// A source of `size` bytes that are zero except `tail`, which ends it: end records of a huge archive, without
/// the archive.
struct SyntheticSource: ZipByteSource {
    var size: Int64
    var tail: [UInt8]

    func read(at offset: Int64, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard offset < size else { return 0 }
        let count = Int(min(Int64(buffer.count), size - offset))
        let tailStart = size - Int64(tail.count)
        for index in 0..<count {
            let position = offset + Int64(index)
            buffer[index] = position >= tailStart ? tail[Int(position - tailStart)] : 0
        }
        return count
    }
}
