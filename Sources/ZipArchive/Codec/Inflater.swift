internal import CZlib

/// A raw-inflate decompressor for ZIP method 8.
///
/// Owns one heap-allocated `z_stream` (it must not move: zlib keeps a back-pointer), released once in `deinit`.
struct Inflater: ~Copyable {
    private let stream: UnsafeMutablePointer<z_stream>

    enum Outcome {
        /// Made progress or needs more input / output space.
        case more
        /// The deflate stream's last block ended.
        case end
        /// The stream is not valid deflate data (zlib's message, if any).
        case corrupt(String)
    }

    init() throws {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let status = nsb_inflateInit2(stream, -MAX_WBITS)
        guard status == Z_OK else {
            stream.deinitialize(count: 1)
            stream.deallocate()
            throw ZipError(.zlib, "zlib could not start a decompressor (inflateInit2 returned \(status)).")
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// Makes the decompressor ready for a new deflate stream, keeping its memory (zlib's `inflateReset`: cheaper
    /// than ending and initialising again, which frees and reallocates the state and the 32 KiB window).
    func reset() throws {
        let status = inflateReset(stream)
        guard status == Z_OK else {
            throw ZipError(.zlib, "zlib could not reset a decompressor (inflateReset returned \(status)).")
        }
    }

    /// One inflate call from `input` into `output`.
    /// - Returns: bytes consumed, bytes produced, and the outcome.
    func step(
        _ input: UnsafeRawBufferPointer,
        into output: UnsafeMutableRawBufferPointer
    ) throws -> (consumed: Int, produced: Int, outcome: Outcome) {
        let inCount = min(input.count, Int(UInt32.max))
        let outCount = min(output.count, Int(UInt32.max))
        stream.pointee.next_in = UnsafeMutablePointer(
            mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self)
        )
        stream.pointee.avail_in = uInt(inCount)
        stream.pointee.next_out = output.baseAddress?.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_out = uInt(outCount)
        let status = inflate(stream, Z_NO_FLUSH)
        let consumed = inCount - Int(stream.pointee.avail_in)
        let produced = outCount - Int(stream.pointee.avail_out)
        stream.pointee.next_in = nil
        stream.pointee.next_out = nil
        switch status {
        case Z_OK, Z_BUF_ERROR:
            return (consumed, produced, .more)
        case Z_STREAM_END:
            return (consumed, produced, .end)
        case Z_DATA_ERROR, Z_NEED_DICT:
            let reason = stream.pointee.msg.map { String(cString: $0) } ?? "invalid deflate data"
            return (consumed, produced, .corrupt(reason))
        default:
            throw ZipError(.zlib, "zlib's decompressor failed (inflate returned \(status)).")
        }
    }
}

@available(*, unavailable, message: "Owns a z_stream used by one thread at a time.")
extension Inflater: Sendable {}
