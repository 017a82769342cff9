/// Where a ``ZipWriter`` puts the archive's bytes, strictly in order, never seeking back.
///
/// The writer buffers (256 KiB by default) and calls `write` with large chunks, so a sink may map each call to
/// one system call or one `lo_write`. A PostgreSQL large object opened for writing implements it in a few lines:
///
/// ```swift
/// struct LargeObjectSink: ZipByteSink {
///     let session: …; let descriptor: Int32
///     mutating func write(_ bytes: UnsafeRawBufferPointer) throws { try session.write(descriptor, bytes) }
/// }
/// ```
///
/// Errors thrown by `write` reach the writer's caller unchanged, and the writer refuses further use.
public protocol ZipByteSink {
    /// Appends all of `bytes`; the pointer is valid only during the call. Short writes are not allowed:
    /// either every byte is accepted or the call throws.
    mutating func write(_ bytes: UnsafeRawBufferPointer) throws
}

/// A sink that collects the archive in memory. For tests and small archives.
///
/// `Sendable`: a plain value.
public struct ZipMemorySink: ZipByteSink, Sendable {
    /// Everything written so far.
    public private(set) var bytes: [UInt8] = []

    public init() {}

    public mutating func write(_ bytes: UnsafeRawBufferPointer) throws {
        self.bytes.append(contentsOf: bytes)
    }
}

/// A sink that only counts what it is given; for measuring an archive's size without keeping it.
///
/// `Sendable`: a plain value.
public struct ZipCountingSink: ZipByteSink, Sendable {
    /// Bytes written so far.
    public private(set) var count: Int64 = 0
    /// Number of `write` calls so far.
    public private(set) var writeCalls: Int = 0

    public init() {}

    public mutating func write(_ bytes: UnsafeRawBufferPointer) throws {
        count += Int64(bytes.count)
        writeCalls += 1
    }
}
