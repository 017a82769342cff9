import Hashing
import Postgres
import ZipArchive

/// A ``ZipByteSink`` that appends to a PostgreSQL large object opened for writing, computing the SHA-256 and
/// size of everything written on the way.
///
/// The ZIP writer hands it 256 KiB chunks, so each call is one `lo_write`. Valid only inside the transaction that
/// opened the object. A class so that the writer's copy and the caller's reference are the same sink.
///
/// Not `Sendable`: it holds a running digest and is used by one thread.
public final class LargeObjectSink: ZipByteSink {
    private let object: LargeObject
    private var digest: SHA256? = SHA256()
    /// Bytes written so far.
    public private(set) var size: Int64 = 0

    public init(object: LargeObject) {
        self.object = object
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        try object.write(bytes)
        digest?.update(bytes)
        size += Int64(bytes.count)
    }

    /// The SHA-256 of everything written, as lowercase hex. Call once, after the last write.
    public func finalizeSHA256() -> String {
        digest.take()?.finalizeHex() ?? ""
    }
}

@available(*, unavailable, message: "Used by one thread, inside one transaction.")
extension LargeObjectSink: Sendable {}
