/// An entry's bytes already deflated (by a ``ZipEntryCompressor``), with the CRC-32 and size of the original
/// bytes: what ``ZipWriter/addEntry(_:deflated:modified:)`` writes. A value, so entries can be compressed on
/// other threads and written in order by the one thread that owns the writer.
public struct DeflatedEntry: Sendable {
    /// The raw-deflate stream (RFC 1951).
    public let compressed: [UInt8]
    /// CRC-32 of the uncompressed bytes.
    public let crc32: UInt32
    /// Uncompressed size in bytes.
    public let size: Int64

    init(compressed: [UInt8], crc32: UInt32, size: Int64) {
        self.compressed = compressed
        self.crc32 = crc32
        self.size = size
    }
}
