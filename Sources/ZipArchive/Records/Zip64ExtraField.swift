/// The ZIP64 extended information extra field, header ID 0x0001 (APPNOTE 4.5.3).
///
/// It holds, in this order, only the values whose classic field is the marker 0xFFFFFFFF (0xFFFF for the disk):
/// uncompressed size, compressed size, local header offset, disk number. In a local header both sizes are
/// present whenever the field is (4.5.3: "MUST include BOTH").
struct Zip64ExtraField: Equatable {
    static let headerID: UInt16 = 0x0001

    var uncompressedSize: UInt64?
    var compressedSize: UInt64?
    var localHeaderOffset: UInt64?
    var diskNumberStart: UInt32?

    var isEmpty: Bool {
        uncompressedSize == nil && compressedSize == nil && localHeaderOffset == nil && diskNumberStart == nil
    }

    /// The whole field with its 4-byte header.
    func encoded() -> [UInt8] {
        var body = ByteWriter(capacity: 28)
        if let uncompressedSize { body.u64(uncompressedSize) }
        if let compressedSize { body.u64(compressedSize) }
        if let localHeaderOffset { body.u64(localHeaderOffset) }
        if let diskNumberStart { body.u32(diskNumberStart) }
        var out = ByteWriter(capacity: 4 + body.bytes.count)
        out.u16(Self.headerID)
        out.u16(UInt16(body.bytes.count))
        out.append(body.bytes)
        return out.bytes
    }

    /// Reads the values the classic header marked as stored here; nil if the field is too short for them.
    static func decode(
        _ data: UnsafeRawBufferPointer,
        uncompressed: Bool,
        compressed: Bool,
        offset: Bool,
        disk: Bool
    ) -> Zip64ExtraField? {
        var input = ByteReader(data)
        var field = Zip64ExtraField()
        if uncompressed {
            guard let value = input.u64() else { return nil }
            field.uncompressedSize = value
        }
        if compressed {
            guard let value = input.u64() else { return nil }
            field.compressedSize = value
        }
        if offset {
            guard let value = input.u64() else { return nil }
            field.localHeaderOffset = value
        }
        if disk {
            guard let value = input.u32() else { return nil }
            field.diskNumberStart = value
        }
        return field
    }
}
