import Hashing

#if canImport(Glibc)
    import Glibc
#endif

/// Where a download's bytes go: a `.part` file (new, or continued after its first `offset` bytes) or standard
/// output; counts them and computes their SHA-256 as they pass, including the bytes a resumed file already had.
///
/// Owns the file descriptor it opened: closed exactly once, by ``finish()`` or deinit.
final class DownloadSink {
    let path: String
    /// Bytes in the file so far (the resumed part plus what was written).
    private(set) var size: Int64
    /// Bytes already in the file when this sink was made.
    let startOffset: Int64
    private var fd: Int32
    private let ownsDescriptor: Bool
    private var digest: SHA256? = SHA256()

    /// Opens `path` for writing: truncated to empty when `offset` is 0, else kept up to `offset` bytes (which are
    /// read back once to hash them) and continued.
    ///
    /// - Throws: ``CommandFailure`` naming the file and the system's reason.
    init(path: String, continuingAt offset: Int64) throws {
        let flags = O_WRONLY | O_CREAT | O_CLOEXEC | (offset == 0 ? O_TRUNC : 0)
        let fd = open(path, flags, 0o644)
        guard fd >= 0 else { throw Self.failure("open", path) }
        self.path = path
        self.fd = fd
        self.ownsDescriptor = true
        self.size = offset
        self.startOffset = offset
        if offset > 0 {
            guard ftruncate(fd, off_t(offset)) == 0, lseek(fd, off_t(offset), SEEK_SET) == off_t(offset) else {
                throw Self.failure("seek in", path)
            }
            try hashExistingBytes(count: offset)
        }
    }

    /// Writes to standard output (not closed at the end).
    init(standardOutput: Void) {
        path = "standard output"
        fd = STDOUT_FILENO
        ownsDescriptor = false
        size = 0
        startOffset = 0
    }

    deinit {
        if ownsDescriptor && fd >= 0 { _ = close(fd) }
    }

    /// Appends `bytes` and hashes them.
    func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(fd, base + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw Self.failure("write to", path)
            }
            offset += written
        }
        digest?.update(bytes)
        size += Int64(bytes.count)
    }

    /// Flushes the file to disk, closes it, and returns the SHA-256 of all its bytes as lowercase hex.
    func finish() throws -> String {
        if ownsDescriptor && fd >= 0 {
            let synced = fsync(fd) == 0
            let closed = close(fd) == 0
            fd = -1
            guard synced && closed else { throw Self.failure("save", path) }
        }
        return digest.take()?.finalizeHex() ?? ""
    }

    private func hashExistingBytes(count: Int64) throws {
        let chunk = 1 << 20
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 16)
        defer { buffer.deallocate() }
        let reader = open(path, O_RDONLY | O_CLOEXEC)
        guard reader >= 0 else { throw Self.failure("read", path) }
        defer { _ = close(reader) }
        var position: Int64 = 0
        while position < count {
            let wanted = Int(min(Int64(chunk), count - position))
            let got = pread(reader, buffer.baseAddress, wanted, off_t(position))
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else { throw Self.failure("read", path) }
            digest?.update(UnsafeRawBufferPointer(rebasing: buffer[..<got]))
            position += Int64(got)
        }
    }

    private static func failure(_ action: String, _ path: String) -> CommandFailure {
        let reason = String(cString: strerror(errno))
        return CommandFailure("Could not \(action) '\(path)': \(reason).", code: "file_error")
    }
}

extension DownloadSink {
    /// The SHA-256 of `bytes` as lowercase hex (the form of a backup's `sha256` and its archive's ETag).
    static func sha256Hex(of bytes: [UInt8]) -> String {
        SHA256.hex(bytes)
    }
}
