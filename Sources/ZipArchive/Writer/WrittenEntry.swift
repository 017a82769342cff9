/// What the writer knows about an entry once its data is written: enough to encode its central header.
struct WrittenEntry {
    static let versionMadeBy: UInt16 = 3 << 8 | 45  // Unix, APPNOTE 4.5
    /// "File mode" bits for Unix readers (APPNOTE 4.4.15): a regular file 0644, a folder 0755 plus MS-DOS's
    /// directory bit 0x10.
    static let fileAttributes: UInt32 = 0o100644 << 16
    static let folderAttributes: UInt32 = 0o040755 << 16 | 0x10

    /// General-purpose flags. Bit 11: the name is UTF-8 (APPNOTE appendix D).
    static let utf8Flag: UInt16 = 0x0800
    /// Bit 3: CRC and sizes are in a data descriptor after the data.
    static let descriptorFlag: UInt16 = 0x0008

    var name: [UInt8]
    var method: ZipCompression.Method
    var flags: UInt16
    var time: DOSDateTime
    var unixTime: Int64?
    var crc32: UInt32
    var compressedSize: Int64
    var uncompressedSize: Int64
    var localHeaderOffset: Int64
    var isDirectory: Bool

    /// APPNOTE 4.4.3.2: 1.0 stored, 2.0 deflate or folder, 4.5 ZIP64.
    static func versionNeeded(method: ZipCompression.Method, isDirectory: Bool, zip64: Bool) -> UInt16 {
        if zip64 { return 45 }
        return method == .deflated || isDirectory ? 20 : 10
    }

    /// The extended-timestamp field, if the time fits it.
    var timestampExtra: [UInt8] {
        guard let unixTime, ExtendedTimestamp.fits(unixTime) else { return [] }
        return ExtendedTimestamp(modified: unixTime).encoded()
    }

    /// The central directory header, with a ZIP64 field holding exactly the values that need one.
    func centralHeader() -> [UInt8] {
        let zip64 = Zip64Policy.centralExtra(
            uncompressed: uncompressedSize,
            compressed: compressedSize,
            offset: localHeaderOffset
        )
        let header = CentralDirectoryHeader(
            versionMadeBy: Self.versionMadeBy,
            versionNeeded: Self.versionNeeded(method: method, isDirectory: isDirectory, zip64: zip64 != nil),
            flags: flags,
            method: method.rawValue,
            dosTime: time.time,
            dosDate: time.date,
            crc32: crc32,
            compressedSize: Zip64Policy.field32(compressedSize),
            uncompressedSize: Zip64Policy.field32(uncompressedSize),
            nameLength: UInt16(name.count),
            extraLength: 0,
            commentLength: 0,
            diskNumberStart: 0,
            internalAttributes: 0,
            externalAttributes: isDirectory ? Self.folderAttributes : Self.fileAttributes,
            localHeaderOffset: Zip64Policy.field32(localHeaderOffset)
        )
        return header.encoded(name: name, extra: (zip64?.encoded() ?? []) + timestampExtra)
    }

    /// The local header. `knownSizes` false: a streamed entry whose CRC and sizes follow in a data descriptor;
    /// `localZip64` then says whether the descriptor will have 8-byte sizes.
    func localHeader(knownSizes: Bool, localZip64: Bool) -> [UInt8] {
        var extra: [UInt8] = []
        var compressed = knownSizes ? UInt32(truncatingIfNeeded: compressedSize) : 0
        var uncompressed = knownSizes ? UInt32(truncatingIfNeeded: uncompressedSize) : 0
        if localZip64 {
            // Both sizes in the ZIP64 field (APPNOTE 4.5.3); zero for a streamed entry, as the descriptor has them.
            extra = Zip64ExtraField(
                uncompressedSize: knownSizes ? UInt64(uncompressedSize) : 0,
                compressedSize: knownSizes ? UInt64(compressedSize) : 0
            ).encoded()
            compressed = Zip64Policy.marker32
            uncompressed = Zip64Policy.marker32
        }
        let header = LocalFileHeader(
            versionNeeded: Self.versionNeeded(method: method, isDirectory: isDirectory, zip64: localZip64),
            flags: flags,
            method: method.rawValue,
            dosTime: time.time,
            dosDate: time.date,
            crc32: knownSizes ? crc32 : 0,
            compressedSize: compressed,
            uncompressedSize: uncompressed,
            nameLength: UInt16(name.count),
            extraLength: 0
        )
        return header.encoded(name: name, extra: extra + timestampExtra)
    }

    /// The end of the archive after a central directory of `entryCount` records at `directoryOffset`:
    /// the ZIP64 record and locator only when needed, then the classic end record.
    static func endRecords(entryCount: Int, directoryOffset: Int64, directorySize: Int64, comment: [UInt8])
        -> [UInt8]
    {
        var out: [UInt8] = []
        if Zip64Policy.needsEndRecords(
            entryCount: entryCount,
            directoryOffset: directoryOffset,
            directorySize: directorySize
        ) {
            let recordOffset = directoryOffset + directorySize
            out += Zip64EndOfCentralDirectory(
                versionMadeBy: versionMadeBy,
                versionNeeded: 45,
                diskNumber: 0,
                directoryDisk: 0,
                entriesOnDisk: UInt64(entryCount),
                entryCount: UInt64(entryCount),
                directorySize: UInt64(directorySize),
                directoryOffset: UInt64(directoryOffset)
            ).encoded()
            out += Zip64Locator(recordDisk: 0, recordOffset: UInt64(recordOffset), totalDisks: 1).encoded()
        }
        out += EndOfCentralDirectory(
            diskNumber: 0,
            directoryDisk: 0,
            entriesOnDisk: Zip64Policy.field16(entryCount),
            entryCount: Zip64Policy.field16(entryCount),
            directorySize: Zip64Policy.field32(directorySize),
            directoryOffset: Zip64Policy.field32(directoryOffset),
            commentLength: 0
        ).encoded(comment: comment)
        return out
    }
}
