#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A sink that writes a new file (created, or truncated if it exists).
///
/// The descriptor has one owner: this object. Call ``close()`` to learn whether the last bytes reached the file;
/// `deinit` closes it otherwise, ignoring errors. A class, so that the writer's copy and the caller's reference
/// are the same file.
///
/// Not `Sendable`: it has a mutable state and is meant for one thread at a time.
public final class ZipFileSink: ZipByteSink {
    private var descriptor: Int32
    private let path: String

    /// Creates (or truncates) `path` with mode 0644.
    public init(path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw ZipFileSource.failure("create", path) }
        descriptor = fd
        self.path = path
    }

    deinit {
        if descriptor >= 0 { _ = systemClose(descriptor) }
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard descriptor >= 0 else { throw ZipError(.invalidUse, "The file \(path) was already closed.") }
        guard var base = bytes.baseAddress else { return }
        var left = bytes.count
        while left > 0 {
            let n = systemWrite(descriptor, base, left)
            if n > 0 {
                left -= n
                base += n
            } else if n < 0 && errno == EINTR {
                continue
            } else {
                throw ZipFileSource.failure("write", path)
            }
        }
    }

    /// Flushes to disk if `sync` is true, then closes the file; later writes throw.
    public func close(sync: Bool = false) throws {
        guard descriptor >= 0 else { return }
        let fd = descriptor
        descriptor = -1
        if sync && fsync(fd) != 0 {
            let error = ZipFileSource.failure("sync", path)
            _ = systemClose(fd)
            throw error
        }
        // POSIX leaves the descriptor's state unspecified after EINTR; on Linux it is closed (see close(2)).
        if systemClose(fd) != 0 && errno != EINTR { throw ZipFileSource.failure("close", path) }
    }
}

@available(*, unavailable, message: "A file sink is used by one thread at a time.")
extension ZipFileSink: Sendable {}

// The class's own `write` and `close` hide the C functions of the same names inside it.
private func systemClose(_ fd: Int32) -> Int32 { close(fd) }
private func systemWrite(_ fd: Int32, _ base: UnsafeRawPointer, _ count: Int) -> Int { write(fd, base, count) }
