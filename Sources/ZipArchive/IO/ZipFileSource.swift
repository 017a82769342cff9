#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A source over a file, read with `pread`.
///
/// The file descriptor has one owner, this object, and is closed in `deinit`. A class (not a `~Copyable` value)
/// so that a ``ZipReader`` and the entry streams it opens can share it.
///
/// `Sendable` (checked): its only state is an immutable descriptor and size, and `pread` is safe to call from
/// several threads at once because it does not use the file position.
public final class ZipFileSource: ZipByteSource, Sendable {
    private let descriptor: Int32
    public let size: Int64

    /// Opens `path` for reading and records its size.
    /// - Throws: ``ZipError`` with code `fileSystem` naming the path and the system's reason.
    public init(path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Self.failure("open", path) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let error = Self.failure("stat", path)
            close(fd)
            throw error
        }
        descriptor = fd
        size = Int64(info.st_size)
    }

    deinit { close(descriptor) }

    public func read(at offset: Int64, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard offset >= 0, offset < size, let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        var done = 0
        while done < buffer.count {
            let n = pread(descriptor, base + done, buffer.count - done, off_t(offset) + off_t(done))
            if n > 0 {
                done += n
            } else if n == 0 {
                break
            } else if errno != EINTR {
                throw Self.failure("read", "the archive file")
            }
        }
        return done
    }

    /// Reads `errno` first (before any allocation can change it), then builds the error.
    static func failure(_ operation: String, _ path: String) -> ZipError {
        let code = errno
        let reason = String(cString: strerror(code))
        return ZipError(.fileSystem, "Could not \(operation) \(path): \(reason).")
    }
}
