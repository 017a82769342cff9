/// Keeps every deflated entry this package writes within the compression ratio readers accept (archive rules:
/// at most 1,000 : 1 per entry, ``ZipLimits/maxCompressionRatio``) — except a streamed entry whose size was not
/// announced (`expectedSize: nil`): its prefix length cannot be known before its bytes are, so it gets none and
/// only the caller can keep it within the ratio (by announcing the size).
///
/// Deflate reaches ~1,030 : 1 on long runs of one byte value, so an item of a few MiB of zeros would make an
/// archive that this package's own reader refuses as a zip bomb. The writer therefore sends the first
/// ``length(forEntryOf:)`` bytes of a large entry as stored deflate blocks (RFC 1951 §3.2.4: a one-byte block
/// header at the byte-aligned start of the stream, LEN, NLEN, the bytes) and deflates the rest as a stream of
/// its own, which simply continues the same raw-deflate data (stored blocks end byte-aligned). The entry then
/// holds at least `size / 1000` compressed bytes, whatever its content: about 0.1 % of its size, paid only by
/// entries of 64 KiB or more. A streamed entry gathers those leading bytes before it sends them (memory: a
/// thousandth of the entry, 67 KB for a 64 MiB item), so the blocks do not depend on how its writes were cut.
enum StoredPrefix {
    /// The ratio guaranteed: the readers' default limit, so the two cannot drift apart.
    static let ratio: Int64 = ZipLimits.defaultMaxCompressionRatio
    /// Entries below this size cannot reach the ratio (deflate's best is ~1,030 : 1, and a stream has a few bytes
    /// of overhead), so they get no prefix.
    static let minimumEntrySize: Int64 = 64 << 10
    /// Largest stored block (LEN is 16 bits).
    static let blockLimit = 65_535

    /// How many leading bytes of an entry of `size` bytes go into stored blocks (0 for small entries).
    static func length(forEntryOf size: Int64) -> Int64 {
        size < minimumEntrySize ? 0 : (size + ratio - 1) / ratio
    }

    /// Encoded size of `count` bytes as stored blocks.
    static func encodedSize(_ count: Int) -> Int {
        count + 5 * ((count + blockLimit - 1) / blockLimit)
    }

    /// Emits `bytes` as non-final stored blocks of at most ``blockLimit`` bytes each.
    static func emit(_ bytes: UnsafeRawBufferPointer, _ sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        var rest = bytes
        while !rest.isEmpty {
            let count = min(rest.count, blockLimit)
            let length = UInt16(count)
            // BFINAL 0, BTYPE 00, then padding to the byte boundary: one zero byte; then LEN and NLEN little-endian.
            let header: [UInt8] = [0, UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8(~length >> 8)]
            try header.withUnsafeBytes { try sink($0) }
            try sink(UnsafeRawBufferPointer(rebasing: rest[..<count]))
            rest = UnsafeRawBufferPointer(rebasing: rest[count...])
        }
    }
}
