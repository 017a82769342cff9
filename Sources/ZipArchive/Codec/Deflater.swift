internal import CZlib

/// A raw-deflate compressor (RFC 1951, no zlib or gzip wrapper, as ZIP method 8 requires).
///
/// Owns one heap-allocated `z_stream`: zlib keeps a pointer back to it, so it must never move, and Swift values
/// do (style §3.4). Non-copyable, so `deflateEnd` runs exactly once.
struct Deflater: ~Copyable {
    private let stream: UnsafeMutablePointer<z_stream>
    private var level: Int32

    /// - Parameters:
    ///   - level: 0 (store) … 9 (smallest); 1 is fastest, 6 is zlib's default.
    ///   - memory: how much state zlib keeps (``Memory/standard`` unless the inputs are known to be small).
    init(level: Int, memory: Memory = .standard) throws {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        self.level = Int32(level)
        // Negative windowBits: raw deflate (no zlib wrapper), as ZIP needs.
        let status = nsb_deflateInit2(
            stream, Int32(level), -Int32(memory.windowBits), Int32(memory.memLevel), Z_DEFAULT_STRATEGY)
        guard status == Z_OK else {
            stream.deinitialize(count: 1)
            stream.deallocate()
            throw ZipError(.zlib, "zlib could not start a compressor (deflateInit2 returned \(status)).")
        }
    }

    deinit {
        deflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// zlib's window and hash-table sizes (zlib.h, `deflateInit2`). Whatever the choice, the output is standard raw
    /// deflate that any inflater reads; a smaller window only means matches are found at shorter distances.
    struct Memory: Equatable {
        /// log2 of the window: matches reach at most this many bytes back.
        var windowBits: Int
        /// 1…9: the hash table has 2^(memLevel + 7) two-byte slots, which `deflateReset` clears for every stream;
        /// zlib also ends a block every 2^(memLevel + 6) symbols.
        var memLevel: Int

        /// zlib's defaults: a 32 KiB window and a 64 KiB hash table (~260 KiB per compressor).
        static let standard = Memory(windowBits: 15, memLevel: 8)
        /// For inputs of at most 4 KiB: the window still covers the whole input, and the hash table (8 KiB) is
        /// cheap to clear. Measured on 1–4 KiB XML items at level 1: the same compressed sizes, and a reset 5×
        /// cheaper (0.4 µs instead of 2.1 µs), ~5 % of a 2 KiB item's deflate time.
        static let small = Memory(windowBits: 12, memLevel: 5)
        /// The largest input ``small`` is meant for: its window.
        static let smallInputLimit = 1 << 12
    }

    /// Starts a new stream, with another level if asked; cheaper than a new compressor (no allocation).
    /// The window and memory settings stay as they were.
    mutating func reset(level newLevel: Int) throws {
        guard deflateReset(stream) == Z_OK else { throw ZipError(.zlib, "zlib could not reset its compressor.") }
        if Int32(newLevel) != level {
            // Right after a reset no input is pending, so deflateParams only switches the parameters (zlib.h).
            guard deflateParams(stream, Int32(newLevel), Z_DEFAULT_STRATEGY) == Z_OK else {
                throw ZipError(.zlib, "zlib could not switch to compression level \(newLevel).")
            }
            level = Int32(newLevel)
        }
    }

    /// The most bytes one stream of `count` input bytes can compress to at the current settings (`deflateBound`).
    func bound(_ count: Int) -> Int {
        Int(deflateBound(stream, uLong(count)))
    }

    /// One deflate call: compresses from `input` into `output`.
    /// - Returns: bytes consumed from `input`, bytes produced into `output`, and whether the stream is complete
    ///   (only possible with `finish`).
    func step(
        _ input: UnsafeRawBufferPointer,
        into output: UnsafeMutableRawBufferPointer,
        finish: Bool
    ) throws -> (consumed: Int, produced: Int, done: Bool) {
        let inCount = min(input.count, Int(UInt32.max))
        let outCount = min(output.count, Int(UInt32.max))
        stream.pointee.next_in = UnsafeMutablePointer(
            mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self)
        )
        stream.pointee.avail_in = uInt(inCount)
        stream.pointee.next_out = output.baseAddress?.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_out = uInt(outCount)
        let status = deflate(stream, finish ? Z_FINISH : Z_NO_FLUSH)
        let consumed = inCount - Int(stream.pointee.avail_in)
        let produced = outCount - Int(stream.pointee.avail_out)
        stream.pointee.next_in = nil
        stream.pointee.next_out = nil
        switch status {
        case Z_OK, Z_BUF_ERROR:  // Z_BUF_ERROR: no progress possible, e.g. output full; the caller drains it
            return (consumed, produced, false)
        case Z_STREAM_END:
            return (consumed, produced, true)
        default:
            throw ZipError(.zlib, "zlib's compressor failed (deflate returned \(status)).")
        }
    }
}

@available(*, unavailable, message: "Owns a z_stream used by one thread at a time.")
extension Deflater: Sendable {}
