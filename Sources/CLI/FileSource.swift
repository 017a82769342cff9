#if canImport(Glibc)
    import Glibc
#endif

/// Reads a file in 256 KiB pieces for a streamed upload, so the file is never held in memory.
///
/// Owns its file descriptor: closed exactly once, at the end of the file or in deinit.
final class FileSource {
    static let pieceSize = 256 * 1024
    let path: String
    /// Bytes handed out so far.
    private(set) var offset: Int64 = 0
    private var fd: Int32

    /// - Throws: ``CommandFailure`` naming the file and the system's reason.
    init(path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let reason = String(cString: strerror(errno))
            throw CommandFailure("Could not open '\(path)': \(reason).", code: "file_error")
        }
        self.path = path
        self.fd = fd
    }

    deinit {
        if fd >= 0 { _ = close(fd) }
    }

    /// The next piece, or nil at the end of the file.
    func next() throws -> [UInt8]? {
        guard fd >= 0 else { return nil }
        var count = 0
        let piece = try [UInt8](unsafeUninitializedCapacity: Self.pieceSize) { buffer, initialized in
            while true {
                count = read(fd, buffer.baseAddress, buffer.count)
                if count < 0 && errno == EINTR { continue }
                break
            }
            guard count >= 0 else {
                let reason = String(cString: strerror(errno))
                throw CommandFailure("Could not read '\(path)': \(reason).", code: "file_error")
            }
            initialized = count
        }
        if count == 0 {
            _ = close(fd)
            fd = -1
            return nil
        }
        offset += Int64(count)
        return piece
    }
}
