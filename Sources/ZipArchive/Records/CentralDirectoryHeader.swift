/// One entry's record in the central directory (APPNOTE 4.3.12).
struct CentralDirectoryHeader {
    static let signature: UInt32 = 0x0201_4B50
    /// Fixed part, before the name, extra field and comment.
    static let size = 46

    var versionMadeBy: UInt16
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
    var commentLength: UInt16
    var diskNumberStart: UInt16
    var internalAttributes: UInt16
    var externalAttributes: UInt32
    var localHeaderOffset: UInt32

    /// Total length of the record with its name, extra field and comment.
    var totalSize: Int { Self.size + Int(nameLength) + Int(extraLength) + Int(commentLength) }

    func encoded(name: [UInt8], extra: [UInt8]) -> [UInt8] {
        var out = ByteWriter(capacity: Self.size + name.count + extra.count)
        out.u32(Self.signature)
        out.u16(versionMadeBy)
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
        out.u16(0)
        out.u16(diskNumberStart)
        out.u16(internalAttributes)
        out.u32(externalAttributes)
        out.u32(localHeaderOffset)
        out.append(name)
        out.append(extra)
        return out.bytes
    }

    /// Decodes the fixed part; nil if `bytes` is shorter than ``size`` or the signature differs.
    static func decode(_ bytes: UnsafeRawBufferPointer) -> CentralDirectoryHeader? {
        var input = ByteReader(bytes)
        guard input.u32() == signature,
            let versionMadeBy = input.u16(), let versionNeeded = input.u16(), let flags = input.u16(),
            let method = input.u16(), let dosTime = input.u16(), let dosDate = input.u16(),
            let crc32 = input.u32(), let compressedSize = input.u32(), let uncompressedSize = input.u32(),
            let nameLength = input.u16(), let extraLength = input.u16(), let commentLength = input.u16(),
            let diskNumberStart = input.u16(), let internalAttributes = input.u16(),
            let externalAttributes = input.u32(), let localHeaderOffset = input.u32()
        else { return nil }
        return CentralDirectoryHeader(
            versionMadeBy: versionMadeBy,
            versionNeeded: versionNeeded,
            flags: flags,
            method: method,
            dosTime: dosTime,
            dosDate: dosDate,
            crc32: crc32,
            compressedSize: compressedSize,
            uncompressedSize: uncompressedSize,
            nameLength: nameLength,
            extraLength: extraLength,
            commentLength: commentLength,
            diskNumberStart: diskNumberStart,
            internalAttributes: internalAttributes,
            externalAttributes: externalAttributes,
            localHeaderOffset: localHeaderOffset
        )
    }
}
