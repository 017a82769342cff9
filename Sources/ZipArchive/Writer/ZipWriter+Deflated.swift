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
            var (record, localZip64) = try writeDescribedHeader(
                name: nameBytes,
                method: .deflated,
                modified: modified,
                expectedSize: deflated.size
            )
            try deflated.compressed.withUnsafeBytes { try emit($0) }
            try writeDescriptor(
                completing: &record,
                localZip64: localZip64,
                crc32: deflated.crc32,
                uncompressedSize: deflated.size,
                compressedSize: Int64(deflated.compressed.count)
            )
            return append(record, modified: modified)
        }
    }
}
