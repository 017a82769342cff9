/// The end-of-central-directory record, the last record of every archive (APPNOTE 4.3.16).
struct EndOfCentralDirectory {
    static let signature: UInt32 = 0x0605_4B50
    /// Fixed part, before the archive comment.
    static let size = 22
    /// Longest possible comment, so the record starts within the last `size + maxComment` bytes.
    static let maxComment = 0xFFFF

    var diskNumber: UInt16
    var directoryDisk: UInt16
    var entriesOnDisk: UInt16
    var entryCount: UInt16
    var directorySize: UInt32
    var directoryOffset: UInt32
    var commentLength: UInt16

    /// True when a field holds the "see the ZIP64 record" marker (APPNOTE 4.4.1.4).
    var hasZip64Markers: Bool {
        entriesOnDisk == 0xFFFF || entryCount == 0xFFFF || directorySize == 0xFFFF_FFFF
            || directoryOffset == 0xFFFF_FFFF || diskNumber == 0xFFFF || directoryDisk == 0xFFFF
    }

    func encoded(comment: [UInt8]) -> [UInt8] {
        var out = ByteWriter(capacity: Self.size + comment.count)
        out.u32(Self.signature)
        out.u16(diskNumber)
        out.u16(directoryDisk)
        out.u16(entriesOnDisk)
        out.u16(entryCount)
        out.u32(directorySize)
        out.u32(directoryOffset)
        out.u16(UInt16(comment.count))
        out.append(comment)
        return out.bytes
    }

    static func decode(_ bytes: UnsafeRawBufferPointer) -> EndOfCentralDirectory? {
        var input = ByteReader(bytes)
        guard input.u32() == signature,
            let diskNumber = input.u16(), let directoryDisk = input.u16(), let entriesOnDisk = input.u16(),
            let entryCount = input.u16(), let directorySize = input.u32(), let directoryOffset = input.u32(),
            let commentLength = input.u16()
        else { return nil }
        return EndOfCentralDirectory(
            diskNumber: diskNumber,
            directoryDisk: directoryDisk,
            entriesOnDisk: entriesOnDisk,
            entryCount: entryCount,
            directorySize: directorySize,
            directoryOffset: directoryOffset,
            commentLength: commentLength
        )
    }
}
