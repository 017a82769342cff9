/// Deflates whole entries into ``DeflatedEntry`` values, away from the ``ZipWriter`` that will write them, so
/// that several threads can compress while one writes (each thread owns a compressor of its own).
///
/// ```swift
/// var compressor = try ZipEntryCompressor(level: 1)
/// let deflated = try bytes.withUnsafeBytes { try compressor.compress($0) }   // on a worker thread
/// try writer.addEntry("content/x", deflated: deflated)                       // on the writer's thread
/// ```
///
/// Two zlib compressors are reused from entry to entry: one with zlib's standard settings (~260 KiB), and, for
/// entries of at most 4 KiB, one with a 4 KiB window and hash table (``Deflater/Memory/small``), whose reset
/// between entries clears 4 KiB instead of 64 KiB. For entries over 4 KiB the output is the stream
/// ``ZipWriter/addEntry(_:compression:modified:expectedSize:_:)`` would produce from the same bytes and level; for
/// smaller ones it is an equally standard raw-deflate stream, found with a smaller hash table (so the bytes can
/// differ, the size hardly: see ``Deflater/Memory/small``).
/// Meant for entries that fit in memory (the caller bounds their size); larger ones stream through the writer.
public struct ZipEntryCompressor: ~Copyable {
    private var standard: Deflater
    private var small: Deflater
    private let level: Int
    private var standardUsed = false
    private var smallUsed = false

    /// - Parameter level: zlib level, clamped to 1…9 as ``ZipCompression/deflated(level:)`` clamps it.
    public init(level: Int) throws {
        let level = ZipCompression.deflated(level: level).level
        let standard = try Deflater(level: level)
        let small = try Deflater(level: level, memory: .small)
        self.level = level
        self.standard = standard
        self.small = small
    }

    /// Deflates `bytes` as one entry.
    /// - Throws: ``ZipError`` `zlib` if zlib fails (it does not on valid input).
    public mutating func compress(_ bytes: UnsafeRawBufferPointer) throws -> DeflatedEntry {
        if bytes.count <= Deflater.Memory.smallInputLimit {
            if smallUsed { try small.reset(level: level) }
            smallUsed = true
            return try Self.compress(bytes, with: &small)
        }
        if standardUsed { try standard.reset(level: level) }
        standardUsed = true
        return try Self.compress(bytes, with: &standard)
    }

    /// Deflates `bytes` as one entry with `deflater` (fresh or reset): the stored prefix, then one `Z_FINISH`
    /// step. The one implementation of a whole-entry deflate, shared with ``ZipWriter/addEntry(_:bytes:compression:modified:)``.
    static func compress(_ bytes: UnsafeRawBufferPointer, with deflater: inout Deflater) throws
        -> DeflatedEntry
    {
        // Large entries start with stored blocks so that no content can exceed the readers' ratio (StoredPrefix).
        let prefix = Int(StoredPrefix.length(forEntryOf: Int64(bytes.count)))
        let rest = UnsafeRawBufferPointer(rebasing: bytes[prefix...])
        let prefixSize = StoredPrefix.encodedSize(prefix)
        // deflateBound sizes the output for a single Z_FINISH call (zlib.h), so one step ends the stream.
        var finished = false
        let output = try [UInt8](unsafeUninitializedCapacity: prefixSize + deflater.bound(rest.count)) { typed, count in
            let buffer = UnsafeMutableRawBufferPointer(typed)
            var filled = 0
            try StoredPrefix.emit(UnsafeRawBufferPointer(rebasing: bytes[..<prefix])) { piece in
                UnsafeMutableRawBufferPointer(rebasing: buffer[filled..<filled + piece.count]).copyMemory(from: piece)
                filled += piece.count
            }
            let step = try deflater.step(rest, into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]), finish: true)
            count = filled + step.produced
            finished = step.done && step.consumed == rest.count
        }
        guard finished else {
            throw ZipError(.zlib, "zlib's compressor did not finish within deflateBound's \(deflater.bound(rest.count)) bytes.")
        }
        return DeflatedEntry(compressed: output, crc32: CRC32.checksum(bytes), size: Int64(bytes.count))
    }
}

@available(*, unavailable, message: "Owns a zlib compressor used by one thread at a time.")
extension ZipEntryCompressor: Sendable {}
