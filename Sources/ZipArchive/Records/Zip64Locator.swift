/// The ZIP64 end-of-central-directory locator (APPNOTE 4.3.15): sits right before the classic end record and
/// says where the ZIP64 record is.
struct Zip64Locator {
    static let signature: UInt32 = 0x0706_4B50
    static let size = 20

    var recordDisk: UInt32
    var recordOffset: UInt64
    var totalDisks: UInt32

    func encoded() -> [UInt8] {
        var out = ByteWriter(capacity: Self.size)
        out.u32(Self.signature)
        out.u32(recordDisk)
        out.u64(recordOffset)
        out.u32(totalDisks)
        return out.bytes
    }

    static func decode(_ bytes: UnsafeRawBufferPointer) -> Zip64Locator? {
        var input = ByteReader(bytes)
        guard input.u32() == signature, let recordDisk = input.u32(), let recordOffset = input.u64(),
            let totalDisks = input.u32()
        else { return nil }
        return Zip64Locator(recordDisk: recordDisk, recordOffset: recordOffset, totalDisks: totalDisks)
    }
}
