import Foundation
import Hashing
import Postgres
import ZipArchive

#if canImport(Glibc)
    import Glibc
#endif

/// An upload's bytes on local disk, so that the archive can be validated from there while the same bytes go into
/// the large object on another thread (``BackupService/upload(namespaceID:name:fileName:sizeLimit:body:)``).
///
/// The file has no name: it is created in the given directory (else `TMPDIR`, else `/tmp`) and unlinked at once,
/// so it is gone when its descriptor closes, even if the process is killed. Memory stays a 1 MiB buffer; disk
/// use is the upload's size, for as long as the upload takes.
///
/// `Sendable` (checked): after ``receive(from:sizeLimit:directory:)`` its state is an immutable descriptor, size and hash,
/// and `pread` does not use the file position, so several threads may read at once.
final class UploadSpool: ZipByteSource, Sendable {
    private let descriptor: Int32
    /// Bytes received.
    let size: Int64
    /// SHA-256 of the bytes received, lowercase hex.
    let sha256: String

    private init(descriptor: Int32, size: Int64, sha256: String) {
        self.descriptor = descriptor
        self.size = size
        self.sha256 = sha256
    }

    deinit { close(descriptor) }

    /// Reads the whole upload from `body` into a new spool, counting and hashing it.
    /// - Throws: ``BackupError/payloadTooLarge(limit:)`` past `sizeLimit`; ``UploadSpoolError`` when the
    ///   temporary file cannot be made or written; `body`'s errors unchanged.
    static func receive(from body: (UnsafeMutableRawBufferPointer) throws -> Int, sizeLimit: Int64,
                        directory: String? = nil) throws -> UploadSpool {
        let descriptor = try makeUnnamedFile(in: directory)
        var owned = true
        defer { if owned { close(descriptor) } }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        var digest = SHA256()
        var size: Int64 = 0
        var filled = 0
        while true {
            let count = try body(UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
            filled += count
            if size + Int64(filled) > sizeLimit { throw BackupError.payloadTooLarge(limit: sizeLimit) }
            if count == 0 || filled == buffer.count {
                let bytes = UnsafeRawBufferPointer(rebasing: buffer[..<filled])
                try write(bytes, to: descriptor)
                digest.update(bytes)
                size += Int64(filled)
                filled = 0
            }
            if count == 0 { break }
        }
        owned = false
        return UploadSpool(descriptor: descriptor, size: size, sha256: digest.finalizeHex())
    }

    func read(at offset: Int64, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard offset >= 0, offset < size, let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        let wanted = Int(min(Int64(buffer.count), size - offset))
        var done = 0
        while done < wanted {
            let count = pread(descriptor, base + done, wanted - done, off_t(offset) + off_t(done))
            if count > 0 {
                done += count
            } else if count == 0 {
                break
            } else if errno != EINTR {
                throw UploadSpoolError.system("read the upload's temporary file")
            }
        }
        return done
    }

    /// Copies every byte into `object`, in 1 MiB `lo_write`s, stopping early once `stop` says so.
    func copy(to object: LargeObject, stop: () -> Bool) throws {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        var offset: Int64 = 0
        while offset < size {
            if stop() { return }
            let count = try read(at: offset, into: buffer)
            guard count > 0 else { throw UploadSpoolError(code: .shortFile, message: "The upload's temporary file ended early at byte \(offset) of \(size).") }
            try object.write(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
            offset += Int64(count)
        }
    }

    private static func makeUnnamedFile(in configured: String?) throws -> Int32 {
        var directory = configured ?? NSTemporaryDirectory()   // TMPDIR, else /tmp
        while directory.count > 1 && directory.hasSuffix("/") { directory.removeLast() }
        var template = Array("\(directory)/nsbackup-upload-XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw UploadSpoolError.system("create a temporary file in \(directory)") }
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        // Unnamed from now on: the space is freed when the descriptor closes, whatever happens to the process.
        _ = template.withUnsafeBufferPointer { unlink($0.baseAddress!) }
        return descriptor
    }

    private static func write(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) throws {
        var done = 0
        while done < bytes.count {
            let count = Glibc.write(descriptor, bytes.baseAddress! + done, bytes.count - done)
            if count > 0 {
                done += count
            } else if count < 0 && errno == EINTR {
                continue
            } else {
                throw UploadSpoolError.system("write the upload's temporary file")
            }
        }
    }
}

/// The upload's temporary file could not be made, written or read (a full or missing temporary directory).
struct UploadSpoolError: Error, Sendable, CustomStringConvertible {
    enum Code: Sendable { case fileSystem, shortFile }

    var code: Code
    var message: String
    var errno: Int32?

    var description: String { message }

    /// What a client is told: the system's reason without the server's paths.
    var backupError: BackupError {
        .uploadStorage(reason: errno.map { String(cString: strerror($0)) } ?? "the temporary file ended early")
    }

    /// Reads `errno` first, then builds the error naming `action`.
    static func system(_ action: String) -> UploadSpoolError {
        let error = Glibc.errno
        return UploadSpoolError(code: .fileSystem, message: "Could not \(action): \(String(cString: strerror(error))).",
                                errno: error)
    }
}
