/// The extended timestamp extra field "UT", header ID 0x5455 (Info-ZIP's extra-field list): the modification time
/// in whole seconds since 1970 UTC, which DOS times (local, 2-second steps) cannot express.
///
/// We write only the modification time (flag bit 0), in both the local and the central header, and only for
/// times from 1970 up to 2038 that a signed 32-bit value holds, which every reader agrees on.
struct ExtendedTimestamp {
    static let headerID: UInt16 = 0x5455

    var modified: Int64

    static func fits(_ seconds: Int64) -> Bool { seconds >= 0 && seconds <= Int64(Int32.max) }

    func encoded() -> [UInt8] {
        var out = ByteWriter(capacity: 9)
        out.u16(Self.headerID)
        out.u16(5)
        out.u8(1)
        out.u32(UInt32(truncatingIfNeeded: modified))
        return out.bytes
    }

    /// The modification time if the field carries one.
    static func decode(_ data: UnsafeRawBufferPointer) -> ExtendedTimestamp? {
        guard data.count >= 5, data[0] & 1 == 1 else { return nil }
        let raw = ByteReader.u32(data, at: 1)
        return ExtendedTimestamp(modified: Int64(Int32(bitPattern: raw)))
    }
}
