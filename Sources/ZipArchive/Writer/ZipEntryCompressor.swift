/// Deflates whole entries into ``DeflatedEntry`` values, away from the ``ZipWriter`` that will write them, so
/// that several threads can compress while one writes (each thread owns a compressor of its own).
///
/// ```swift
/// var compressor = try ZipEntryCompressor(level: 1)
/// let deflated = try bytes.withUnsafeBytes { try compressor.compress($0) }   // on a worker thread
/// try writer.addEntry("content/x", deflated: deflated)                       // on the writer's thread
/// ```
///
/// One zlib compressor (~260 KiB) is reused from entry to entry; the output is the stream
/// ``ZipWriter/addEntry(_:compression:modified:expectedSize:_:)`` would produce from the same bytes and level.
/// Meant for entries that fit in memory (the caller bounds their size); larger ones stream through the writer.
public struct ZipEntryCompressor: ~Copyable {
    private var deflater: Deflater
    private let level: Int
    private var used = false

    /// - Parameter level: zlib level, clamped to 1…9 as ``ZipCompression/deflated(level:)`` clamps it.
    public init(level: Int) throws {
        self.level = ZipCompression.deflated(level: level).level
        deflater = try Deflater(level: self.level)
    }

    /// Deflates `bytes` as one entry.
    /// - Throws: ``ZipError`` `zlib` if zlib fails (it does not on valid input).
    public mutating func compress(_ bytes: UnsafeRawBufferPointer) throws -> DeflatedEntry {
        if used { try deflater.reset(level: level) }
        used = true
        // deflateBound sizes the output for a single Z_FINISH call (zlib.h), so one step ends the stream.
        var finished = false
        let output = try [UInt8](unsafeUninitializedCapacity: deflater.bound(bytes.count)) { buffer, count in
            let step = try deflater.step(bytes, into: UnsafeMutableRawBufferPointer(buffer), finish: true)
            count = step.produced
            finished = step.done && step.consumed == bytes.count
        }
        guard finished else {
            throw ZipError(.zlib, "zlib's compressor did not finish within deflateBound's \(deflater.bound(bytes.count)) bytes.")
        }
        return DeflatedEntry(compressed: output, crc32: CRC32.checksum(bytes), size: Int64(bytes.count))
    }
}

@available(*, unavailable, message: "Owns a zlib compressor used by one thread at a time.")
extension ZipEntryCompressor: Sendable {}
