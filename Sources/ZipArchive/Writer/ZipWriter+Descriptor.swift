import Foundation

/// The records around an entry whose CRC-32 and sizes follow its data in a data descriptor (bit 3), written in
/// one place for the streamed ``ZipWriter/addEntry(_:compression:modified:expectedSize:_:)`` and the
/// precompressed ``ZipWriter/addEntry(_:deflated:modified:)``, which must produce the same bytes.
extension ZipWriter {
    /// Writes the local header of such an entry at the current position: zero CRC and sizes, and a ZIP64 field
    /// when `expectedSize` needs one, since the descriptor's width is announced here (APPNOTE 4.3.9.2).
    /// - Returns: the entry's record (CRC and sizes still zero) and whether its local header announced ZIP64.
    func writeDescribedHeader(
        name: [UInt8],
        method: ZipCompression.Method,
        modified: Date,
        expectedSize: Int64?
    ) throws -> (record: WrittenEntry, localZip64: Bool) {
        let unix = Self.unixSeconds(modified)
        let record = WrittenEntry(
            name: name,
            method: method,
            flags: WrittenEntry.utf8Flag | WrittenEntry.descriptorFlag,
            time: DOSDateTime(unixSeconds: unix),
            unixTime: unix,
            crc32: 0,
            compressedSize: 0,
            uncompressedSize: 0,
            localHeaderOffset: position,
            isDirectory: false
        )
        let localZip64 = Zip64Policy.localNeedsZip64(knownSizes: nil, expectedSize: expectedSize)
        try record.localHeader(knownSizes: false, localZip64: localZip64).withUnsafeBytes { try emit($0) }
        return (record, localZip64)
    }

    /// Completes `record` with the entry's CRC-32 and sizes and writes them as its data descriptor, with 8-byte
    /// sizes when the local header announced ZIP64 or the sizes need them (``Zip64Policy/descriptorIsZip64``).
    func writeDescriptor(
        completing record: inout WrittenEntry,
        localZip64: Bool,
        crc32: UInt32,
        uncompressedSize: Int64,
        compressedSize: Int64
    ) throws {
        record.crc32 = crc32
        record.uncompressedSize = uncompressedSize
        record.compressedSize = compressedSize
        let descriptor = DataDescriptor(
            crc32: crc32,
            compressedSize: UInt64(compressedSize),
            uncompressedSize: UInt64(uncompressedSize)
        )
        let zip64 = Zip64Policy.descriptorIsZip64(
            localZip64: localZip64,
            uncompressed: uncompressedSize,
            compressed: compressedSize
        )
        try descriptor.encoded(zip64: zip64).withUnsafeBytes { try emit($0) }
    }
}
