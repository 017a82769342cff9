/// Where an archive's central directory is, from its end records (APPNOTE 4.3.14–4.3.16).
struct ArchiveEnd {
    var directoryOffset: Int64
    var directorySize: Int64
    var entryCount: Int64
    /// Where the central directory must end: the ZIP64 end record if there is one, else the classic end record.
    var directoryEnd: Int64
    var comment: [UInt8]

    private static let localSignature: [UInt8] = [0x50, 0x4B, 0x03, 0x04]

    /// Finds the end records. The classic record is searched from the end backwards within the last 64 KiB + 22
    /// bytes; a candidate counts only if its comment reaches exactly the end of the archive, so a signature inside
    /// a comment or inside data is not taken for it.
    static func locate(in source: some ZipByteSource) throws -> ArchiveEnd {
        let size = source.size
        let tailLength = Int(min(size, Int64(EndOfCentralDirectory.size + EndOfCentralDirectory.maxComment)))
        let tailStart = size - Int64(tailLength)
        let tail = try source.readExactly(at: tailStart, count: tailLength, what: "its end records")
        let found: (Int, EndOfCentralDirectory)? = tail.withUnsafeBytes { bytes in
            var candidate = tailLength - EndOfCentralDirectory.size
            while candidate >= 0 {
                if bytes[candidate] == 0x50, bytes[candidate + 1] == 0x4B, bytes[candidate + 2] == 0x05,
                    bytes[candidate + 3] == 0x06,
                    let record = EndOfCentralDirectory.decode(UnsafeRawBufferPointer(rebasing: bytes[candidate...])),
                    candidate + EndOfCentralDirectory.size + Int(record.commentLength) == tailLength
                {
                    return (candidate, record)
                }
                candidate -= 1
            }
            return nil
        }
        guard let (position, record) = found else {
            let head = try source.readExactly(at: 0, count: Int(min(size, 4)), what: "its first bytes")
            if head == localSignature {
                throw ZipError.archive(
                    .truncated,
                    at: size,
                    "The archive has no end-of-central-directory record: it looks like a ZIP file that was cut short at \(ZipError.grouped(size)) bytes."
                )
            }
            throw ZipError.archive(
                .notAZip,
                at: nil,
                "The file is not a ZIP archive (no end-of-central-directory record)."
            )
        }
        let endOffset = tailStart + Int64(position)
        let comment = Array(tail[(position + EndOfCentralDirectory.size)...])
        if let zip64 = try locateZip64(in: source, before: endOffset, classic: record) {
            return ArchiveEnd(
                directoryOffset: zip64.offset,
                directorySize: zip64.size,
                entryCount: zip64.count,
                directoryEnd: zip64.recordOffset,
                comment: comment
            )
        }
        guard record.diskNumber == 0, record.directoryDisk == 0, record.entriesOnDisk == record.entryCount else {
            throw ZipError.archive(
                .unsupportedFeature,
                at: endOffset,
                "The archive spans several disks, which is not supported."
            )
        }
        return ArchiveEnd(
            directoryOffset: Int64(record.directoryOffset),
            directorySize: Int64(record.directorySize),
            entryCount: Int64(record.entryCount),
            directoryEnd: endOffset,
            comment: comment
        )
    }

    /// The ZIP64 record's values if a locator sits right before the classic record.
    ///
    /// Without a locator, marker values in the classic record are taken literally: Python writes exactly 65,535
    /// entries that way, and any real inconsistency is caught when the directory is read.
    private static func locateZip64(
        in source: some ZipByteSource,
        before endOffset: Int64,
        classic: EndOfCentralDirectory
    ) throws -> (offset: Int64, size: Int64, count: Int64, recordOffset: Int64)? {
        let locatorOffset = endOffset - Int64(Zip64Locator.size)
        guard locatorOffset >= 0 else { return nil }
        let locatorBytes = try source.readExactly(at: locatorOffset, count: Zip64Locator.size, what: "its end records")
        guard let locator = locatorBytes.withUnsafeBytes({ Zip64Locator.decode($0) }) else { return nil }
        guard locator.recordDisk == 0, locator.totalDisks <= 1 else {
            throw ZipError.archive(
                .unsupportedFeature,
                at: locatorOffset,
                "The archive spans several disks, which is not supported."
            )
        }
        guard locatorOffset >= Int64(Zip64EndOfCentralDirectory.size),
            locator.recordOffset <= UInt64(locatorOffset - Int64(Zip64EndOfCentralDirectory.size))
        else {
            throw ZipError.archive(
                .outOfBounds,
                at: locatorOffset,
                "The ZIP64 locator at offset \(ZipError.grouped(locatorOffset)) points to \(ZipError.grouped(locator.recordOffset)), which is not before it."
            )
        }
        let recordOffset = Int64(locator.recordOffset)
        let bytes = try source.readExactly(
            at: recordOffset,
            count: Zip64EndOfCentralDirectory.size,
            what: "its ZIP64 end record"
        )
        guard let record = bytes.withUnsafeBytes({ Zip64EndOfCentralDirectory.decode($0) }) else {
            throw ZipError.archive(
                .badSignature,
                at: recordOffset,
                "The ZIP64 end record at offset \(ZipError.grouped(recordOffset)) has a bad signature."
            )
        }
        guard record.recordSize >= 44, record.recordSize <= UInt64(locatorOffset - recordOffset - 12),
            recordOffset + 12 + Int64(record.recordSize) == locatorOffset
        else {
            throw ZipError.archive(
                .malformedRecord,
                at: recordOffset,
                "The ZIP64 end record at offset \(ZipError.grouped(recordOffset)) does not end where its locator starts."
            )
        }
        guard record.diskNumber == 0, record.directoryDisk == 0, record.entriesOnDisk == record.entryCount else {
            throw ZipError.archive(
                .unsupportedFeature,
                at: recordOffset,
                "The archive spans several disks, which is not supported."
            )
        }
        guard record.directoryOffset <= UInt64(Int64.max), record.directorySize <= UInt64(Int64.max),
            record.entryCount <= UInt64(Int64.max)
        else {
            throw ZipError.archive(
                .outOfBounds,
                at: recordOffset,
                "The ZIP64 end record at offset \(ZipError.grouped(recordOffset)) has sizes beyond any file."
            )
        }
        // Fields of the classic record that are not markers must agree with the ZIP64 record.
        let agrees =
            (classic.entryCount == 0xFFFF || UInt64(classic.entryCount) == record.entryCount)
            && (classic.directorySize == 0xFFFF_FFFF || UInt64(classic.directorySize) == record.directorySize)
            && (classic.directoryOffset == 0xFFFF_FFFF || UInt64(classic.directoryOffset) == record.directoryOffset)
        guard agrees else {
            throw ZipError.archive(
                .malformedRecord,
                at: endOffset,
                "The end record at offset \(ZipError.grouped(endOffset)) disagrees with the ZIP64 end record."
            )
        }
        return (Int64(record.directoryOffset), Int64(record.directorySize), Int64(record.entryCount), recordOffset)
    }
}
