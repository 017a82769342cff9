/// The ZIP64 end-of-central-directory record (APPNOTE 4.3.14), written only when the count, size or offset of
/// the central directory does not fit the classic record.
struct Zip64EndOfCentralDirectory {
    static let signature: UInt32 = 0x0606_4B50
    /// Fixed part (version 1, no extensible data).
    static let size = 56

    var recordSize: UInt64 = UInt64(size - 12)  // "should not include the leading 12 bytes" (4.3.14.1)
    var versionMadeBy: UInt16
    var versionNeeded: UInt16
    var diskNumber: UInt32
    var directoryDisk: UInt32
    var entriesOnDisk: UInt64
    var entryCount: UInt64
    var directorySize: UInt64
    var directoryOffset: UInt64

    func encoded() -> [UInt8] {
        var out = ByteWriter(capacity: Self.size)
        out.u32(Self.signature)
        out.u64(recordSize)
        out.u16(versionMadeBy)
        out.u16(versionNeeded)
        out.u32(diskNumber)
        out.u32(directoryDisk)
        out.u64(entriesOnDisk)
        out.u64(entryCount)
        out.u64(directorySize)
        out.u64(directoryOffset)
        return out.bytes
    }

    static func decode(_ bytes: UnsafeRawBufferPointer) -> Zip64EndOfCentralDirectory? {
        var input = ByteReader(bytes)
        guard input.u32() == signature,
            let recordSize = input.u64(), let versionMadeBy = input.u16(), let versionNeeded = input.u16(),
            let diskNumber = input.u32(), let directoryDisk = input.u32(), let entriesOnDisk = input.u64(),
            let entryCount = input.u64(), let directorySize = input.u64(), let directoryOffset = input.u64()
        else { return nil }
        return Zip64EndOfCentralDirectory(
            recordSize: recordSize,
            versionMadeBy: versionMadeBy,
            versionNeeded: versionNeeded,
            diskNumber: diskNumber,
            directoryDisk: directoryDisk,
            entriesOnDisk: entriesOnDisk,
            entryCount: entryCount,
            directorySize: directorySize,
            directoryOffset: directoryOffset
        )
    }
}
