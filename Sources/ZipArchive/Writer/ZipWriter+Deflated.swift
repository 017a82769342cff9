import Foundation

extension ZipWriter {
    /// Adds an entry compressed beforehand by a ``ZipEntryCompressor`` (on any thread).
    ///
    /// Writes the same records as the streaming ``addEntry(_:compression:modified:expectedSize:_:)`` with
    /// `expectedSize: entry.size`: a local header with bit 3 set, the deflated bytes, and a data descriptor, so an
    /// archive is byte for byte the same whichever way its entries were compressed.
    ///
    /// - Parameters:
    ///   - name: as for the streaming `addEntry`; refused (`invalidName`, `duplicateName`) before anything is written.
    ///   - deflated: the entry's deflated bytes, CRC-32 and size.
    ///   - modified: written as a DOS time (UTC) and an extended timestamp.
    /// - Returns: the entry as the central directory will describe it.
    @discardableResult
    public func addEntry(_ name: String, deflated: DeflatedEntry, modified: Date = Date()) throws -> ZipEntry {
        try requireReady()
        let nameBytes = try checkedName(name, folder: false)
        return try guarded {
            let unix = Self.unixSeconds(modified)
            let compressedSize = Int64(deflated.compressed.count)
            let record = WrittenEntry(
                name: nameBytes,
                method: .deflated,
                flags: WrittenEntry.utf8Flag | WrittenEntry.descriptorFlag,
                time: DOSDateTime(unixSeconds: unix),
                unixTime: unix,
                crc32: deflated.crc32,
                compressedSize: compressedSize,
                uncompressedSize: deflated.size,
                localHeaderOffset: position,
                isDirectory: false
            )
            let localZip64 = Zip64Policy.localNeedsZip64(knownSizes: nil, expectedSize: deflated.size)
            try record.localHeader(knownSizes: false, localZip64: localZip64).withUnsafeBytes { try emit($0) }
            try deflated.compressed.withUnsafeBytes { try emit($0) }
            let descriptor = DataDescriptor(
                crc32: deflated.crc32,
                compressedSize: UInt64(compressedSize),
                uncompressedSize: UInt64(deflated.size)
            )
            let zip64 = Zip64Policy.descriptorIsZip64(
                localZip64: localZip64,
                uncompressed: deflated.size,
                compressed: compressedSize
            )
            try descriptor.encoded(zip64: zip64).withUnsafeBytes { try emit($0) }
            return append(record, modified: modified)
        }
    }
}
