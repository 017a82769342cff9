/// The data descriptor that follows an entry's data when general-purpose bit 3 is set (APPNOTE 4.3.9): the
/// CRC-32 and sizes, known only after streaming the entry. Sizes are 8 bytes when the entry uses ZIP64.
struct DataDescriptor {
    static let signature: UInt32 = 0x0807_4B50

    var crc32: UInt32
    var compressedSize: UInt64
    var uncompressedSize: UInt64

    /// Length with the (optional, but always written by us) signature.
    static func size(zip64: Bool, signed: Bool) -> Int { (signed ? 4 : 0) + 4 + (zip64 ? 16 : 8) }

    func encoded(zip64: Bool) -> [UInt8] {
        var out = ByteWriter(capacity: 24)
        out.u32(Self.signature)
        out.u32(crc32)
        if zip64 {
            out.u64(compressedSize)
            out.u64(uncompressedSize)
        } else {
            out.u32(UInt32(compressedSize))
            out.u32(UInt32(uncompressedSize))
        }
        return out.bytes
    }

    /// Decodes a descriptor without its signature.
    static func decode(unsigned bytes: UnsafeRawBufferPointer, zip64: Bool) -> DataDescriptor? {
        var input = ByteReader(bytes)
        guard let crc = input.u32() else { return nil }
        if zip64 {
            guard let compressed = input.u64(), let uncompressed = input.u64() else { return nil }
            return DataDescriptor(crc32: crc, compressedSize: compressed, uncompressedSize: uncompressed)
        }
        guard let compressed = input.u32(), let uncompressed = input.u32() else { return nil }
        return DataDescriptor(crc32: crc, compressedSize: UInt64(compressed), uncompressedSize: UInt64(uncompressed))
    }
}
