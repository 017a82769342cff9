/// The local file header that precedes each entry's data (APPNOTE 4.3.7).
struct LocalFileHeader {
    static let signature: UInt32 = 0x0403_4B50
    /// Fixed part, before the name and extra field.
    static let size = 30

    var versionNeeded: UInt16
    var flags: UInt16
    var method: UInt16
    var dosTime: UInt16
    var dosDate: UInt16
    var crc32: UInt32
    var compressedSize: UInt32
    var uncompressedSize: UInt32
    var nameLength: UInt16
    var extraLength: UInt16

    /// Total length of the header with its name and extra field.
    var totalSize: Int { Self.size + Int(nameLength) + Int(extraLength) }

    func encoded(name: [UInt8], extra: [UInt8]) -> [UInt8] {
        var out = ByteWriter(capacity: Self.size + name.count + extra.count)
        out.u32(Self.signature)
        out.u16(versionNeeded)
        out.u16(flags)
        out.u16(method)
        out.u16(dosTime)
        out.u16(dosDate)
        out.u32(crc32)
        out.u32(compressedSize)
        out.u32(uncompressedSize)
        out.u16(UInt16(name.count))
        out.u16(UInt16(extra.count))
        out.append(name)
        out.append(extra)
        return out.bytes
    }

    /// Decodes the fixed part; nil if `bytes` is shorter than ``size`` or the signature differs.
    static func decode(_ bytes: UnsafeRawBufferPointer) -> LocalFileHeader? {
        var input = ByteReader(bytes)
        guard input.u32() == signature,
            let versionNeeded = input.u16(), let flags = input.u16(), let method = input.u16(),
            let dosTime = input.u16(), let dosDate = input.u16(), let crc32 = input.u32(),
            let compressedSize = input.u32(), let uncompressedSize = input.u32(),
            let nameLength = input.u16(), let extraLength = input.u16()
        else { return nil }
        return LocalFileHeader(
            versionNeeded: versionNeeded,
            flags: flags,
            method: method,
            dosTime: dosTime,
            dosDate: dosDate,
            crc32: crc32,
            compressedSize: compressedSize,
            uncompressedSize: uncompressedSize,
            nameLength: nameLength,
            extraLength: extraLength
        )
    }
}
