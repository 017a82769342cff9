/// The writer's ZIP64 decisions, in one place so they can be tested with synthetic sizes.
///
/// A classic field is 32 bits (16 for counts) and its all-ones value means "look in the ZIP64 record"
/// (APPNOTE 4.4.8, 4.4.13, 4.4.21), so a value needs ZIP64 once it *reaches* the marker, not only above it:
/// a size of exactly 0xFFFFFFFF bytes and a count of exactly 65,535 entries both need ZIP64.
enum Zip64Policy {
    static let marker32: UInt32 = 0xFFFF_FFFF
    static let marker16: UInt16 = 0xFFFF

    /// True if a size or offset does not fit a classic 32-bit field.
    static func needs(_ value: Int64) -> Bool { value >= Int64(marker32) }

    /// True if the archive needs the ZIP64 end records (APPNOTE 4.4.1.4).
    static func needsEndRecords(entryCount: Int, directoryOffset: Int64, directorySize: Int64) -> Bool {
        entryCount >= Int(marker16) || needs(directoryOffset) || needs(directorySize)
    }

    /// The 32-bit field for `value`: the value itself, or the marker when it is kept in the ZIP64 field.
    static func field32(_ value: Int64) -> UInt32 { needs(value) ? marker32 : UInt32(value) }

    /// The 16-bit count field for `count`.
    static func field16(_ count: Int) -> UInt16 { count >= Int(marker16) ? marker16 : UInt16(count) }

    /// The ZIP64 extra field a central header needs: exactly the values that do not fit, in APPNOTE order;
    /// nil when every value fits (then no ZIP64 field is written at all).
    static func centralExtra(uncompressed: Int64, compressed: Int64, offset: Int64) -> Zip64ExtraField? {
        var field = Zip64ExtraField()
        if needs(uncompressed) { field.uncompressedSize = UInt64(uncompressed) }
        if needs(compressed) { field.compressedSize = UInt64(compressed) }
        if needs(offset) { field.localHeaderOffset = UInt64(offset) }
        return field.isEmpty ? nil : field
    }

    /// Whether a local header carries a ZIP64 field. With sizes known up front (an entry given whole), when
    /// either needs it; for a streamed entry, when the caller expects 4 GiB or more, since the sizes come later
    /// in the data descriptor and its width must be announced here (APPNOTE 4.3.9.2).
    static func localNeedsZip64(knownSizes: (uncompressed: Int64, compressed: Int64)?, expectedSize: Int64?) -> Bool {
        if let knownSizes { return needs(knownSizes.uncompressed) || needs(knownSizes.compressed) }
        return expectedSize.map(needs) ?? false
    }

    /// Whether a data descriptor carries 8-byte sizes: when the local header announced ZIP64, or when the entry
    /// turned out to need it anyway (a streamed entry of unannounced size; readers then find the sizes in the
    /// central directory's ZIP64 field, as Go's and Java's writers do).
    static func descriptorIsZip64(localZip64: Bool, uncompressed: Int64, compressed: Int64) -> Bool {
        localZip64 || needs(uncompressed) || needs(compressed)
    }
}
