import Foundation

/// One central directory record, decoded and checked: ZIP64 values resolved, the name valid, the entry neither
/// encrypted nor compressed with a method we refuse.
struct CentralRecord {
    var header: CentralDirectoryHeader
    /// Archive offset of the record.
    var offset: Int64
    var compressedSize: Int64
    var uncompressedSize: Int64
    var localHeaderOffset: Int64
    var sizesUseZip64: Bool
    /// Unix seconds from the extended timestamp, if present.
    var extendedTime: Int64?

    /// Flag bits that mean the entry is encrypted: 0 (encrypted), 6 (strong encryption), 13 (masked local
    /// headers, used only with central directory encryption) — APPNOTE 4.4.4.
    static let encryptionFlags: UInt16 = 0x0001 | 0x0040 | 0x2000
    /// Method 99 marks WinZip AES encryption (AE-x), the real method being in its extra field.
    static let aesMethod: UInt16 = 99

    var isDescriptorUsed: Bool { header.flags & 0x0008 != 0 }

    /// Decodes and checks the record in `bytes` (exactly `header.totalSize` long, starting with the signature).
    /// - Parameter checkName: apply ``ZipNameRules``; a lookup of a record the opening scan accepted, in a source
    ///   that does not change, passes false (the name was checked then, and was just compared byte for byte).
    ///   Every other check runs either way. The printable name is built only for a message.
    static func parse(_ bytes: UnsafeRawBufferPointer, at offset: Int64, checkName: Bool = true) throws -> CentralRecord
    {
        guard let header = CentralDirectoryHeader.decode(bytes) else {
            throw ZipError.archive(
                .badSignature,
                at: offset,
                "The central directory record at offset \(ZipError.grouped(offset)) has a bad signature."
            )
        }
        let nameBytes = Self.name(of: header, in: bytes)
        func fault(_ code: ZipError.Code, _ sentence: String) -> ZipError {
            ZipError.entry(code, ZipError.displayName(nameBytes), at: offset, sentence)
        }
        if checkName, let nameFault = ZipNameRules.check(nameBytes) { throw fault(.invalidName, nameFault.sentence) }
        if header.flags & encryptionFlags != 0 || header.method == aesMethod {
            throw fault(.encrypted, "is encrypted; encrypted entries are not accepted.")
        }
        guard header.method == 0 || header.method == 8 else {
            throw fault(
                .unsupportedMethod,
                "uses compression method \(header.method); only stored (0) and deflate (8) are accepted."
            )
        }
        let extraStart = CentralDirectoryHeader.size + Int(header.nameLength)
        let extra = UnsafeRawBufferPointer(rebasing: bytes[extraStart..<extraStart + Int(header.extraLength)])
        var record = CentralRecord(
            header: header,
            offset: offset,
            compressedSize: Int64(header.compressedSize),
            uncompressedSize: Int64(header.uncompressedSize),
            localHeaderOffset: Int64(header.localHeaderOffset),
            sizesUseZip64: false,
            extendedTime: nil
        )
        let needsUncompressed = header.uncompressedSize == 0xFFFF_FFFF
        let needsCompressed = header.compressedSize == 0xFFFF_FFFF
        let needsOffset = header.localHeaderOffset == 0xFFFF_FFFF
        let needsDisk = header.diskNumberStart == 0xFFFF
        guard case .success(let zip64Data) = ExtraFields.find(Zip64ExtraField.headerID, in: extra),
            case .success(let timeData) = ExtraFields.find(ExtendedTimestamp.headerID, in: extra)
        else { throw fault(.malformedRecord, "has a malformed extra field in its central directory record.") }
        if needsUncompressed || needsCompressed || needsOffset || needsDisk {
            guard let zip64Data,
                let field = Zip64ExtraField.decode(
                    zip64Data,
                    uncompressed: needsUncompressed,
                    compressed: needsCompressed,
                    offset: needsOffset,
                    disk: needsDisk
                )
            else {
                throw fault(.malformedRecord, "lacks the ZIP64 extra field its central directory record calls for.")
            }
            if let value = field.uncompressedSize { record.uncompressedSize = try Self.int64(value, fault) }
            if let value = field.compressedSize { record.compressedSize = try Self.int64(value, fault) }
            if let value = field.localHeaderOffset { record.localHeaderOffset = try Self.int64(value, fault) }
            if let disk = field.diskNumberStart, disk != 0 {
                throw fault(.unsupportedFeature, "is on another disk; spanned archives are not supported.")
            }
            record.sizesUseZip64 = needsUncompressed || needsCompressed
        } else if header.diskNumberStart != 0 {
            throw fault(.unsupportedFeature, "is on another disk; spanned archives are not supported.")
        }
        if let timeData { record.extendedTime = ExtendedTimestamp.decode(timeData)?.modified }
        if header.method == 0 && record.compressedSize != record.uncompressedSize {
            throw fault(
                .sizeMismatch,
                "is stored, yet its header says \(ZipError.grouped(record.compressedSize)) bytes stored for \(ZipError.grouped(record.uncompressedSize)) bytes of content."
            )
        }
        if nameBytes.last == UInt8(ascii: "/") && record.uncompressedSize != 0 {
            throw fault(
                .malformedRecord,
                "is a folder but its header says it holds \(ZipError.grouped(record.uncompressedSize)) bytes."
            )
        }
        return record
    }

    static func name(of header: CentralDirectoryHeader, in bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(
            rebasing: bytes[CentralDirectoryHeader.size..<CentralDirectoryHeader.size + Int(header.nameLength)]
        )
    }

    private static func int64(_ value: UInt64, _ fault: (ZipError.Code, String) -> ZipError) throws -> Int64 {
        guard let result = Int64(exactly: value) else {
            throw fault(.outOfBounds, "has a ZIP64 size or offset beyond any file (\(value)).")
        }
        return result
    }

    /// The public description of the entry (the name was checked to be valid UTF-8).
    func entry(name: UnsafeRawBufferPointer) -> ZipEntry {
        entry(named: String(decoding: name, as: UTF8.self))
    }

    /// ``entry(name:)`` with the name as a string already (the same bytes).
    func entry(named name: String) -> ZipEntry {
        let seconds = extendedTime ?? DOSDateTime(time: header.dosTime, date: header.dosDate).unixSeconds
        return ZipEntry(
            name: name,
            method: header.method == 8 ? .deflated : .stored,
            crc32: header.crc32,
            compressedSize: compressedSize,
            size: uncompressedSize,
            modificationDate: Date(timeIntervalSince1970: TimeInterval(seconds)),
            offset: localHeaderOffset,
            flags: header.flags,
            centralOffset: offset,
            sizesUseZip64: sizesUseZip64
        )
    }
}
