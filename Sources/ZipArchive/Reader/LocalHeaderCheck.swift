/// Reads an entry's local header and checks it against the central directory (APPNOTE 4.4: the two must agree,
/// except that with a data descriptor the local CRC and sizes may be zero).
struct LocalHeaderCheck {
    /// Archive offset of the entry's first data byte.
    var dataStart: Int64
    /// Whether the data descriptor (if any) has 8-byte sizes: when the local header carries a ZIP64 field, or the
    /// central directory needed one for the sizes (APPNOTE 4.3.9.2).
    var descriptorIsZip64: Bool

    /// - Parameter boundary: where the next entry (or the central directory) starts; the entry's local header,
    ///   data and data descriptor must end before it.
    init(entry: ZipEntry, boundary: Int64, source: some ZipByteSource) throws {
        // The printable name is for messages only: built when one is thrown, not for every entry opened.
        var name: String { ZipError.displayName(entry.name) }
        func fault(_ code: ZipError.Code, _ sentence: String) -> ZipError {
            ZipError.entry(code, name, at: entry.offset, sentence)
        }
        let header = try source.withExactly(at: entry.offset, count: LocalFileHeader.size, what: "entry '\(name)'") {
            LocalFileHeader.decode($0)
        }
        guard let header else {
            throw fault(.badSignature, "has a bad local header signature.")
        }
        // Bounds first, from the fixed part alone: a huge name or extra length must not make us read another
        // entry's bytes as this one's header.
        let headerEnd =
            entry.offset + Int64(LocalFileHeader.size) + Int64(header.nameLength) + Int64(header.extraLength)
        let shortestDescriptor = entry.hasDataDescriptor ? DataDescriptor.size(zip64: false, signed: false) : 0
        let shortestEnd = headerEnd + entry.compressedSize + Int64(shortestDescriptor)
        guard shortestEnd <= boundary else { throw Self.overlap(entry, name, end: shortestEnd, boundary: boundary) }
        let (zip64, localName) = try source.withExactly(
            at: entry.offset + Int64(LocalFileHeader.size),
            count: Int(header.nameLength) + Int(header.extraLength),
            what: "entry '\(name)'"
        ) { raw -> (Zip64ExtraField?, String?) in
            let nameBytes = UnsafeRawBufferPointer(rebasing: raw[..<Int(header.nameLength)])
            let extra = UnsafeRawBufferPointer(rebasing: raw[Int(header.nameLength)...])
            guard case .success(let data) = ExtraFields.find(Zip64ExtraField.headerID, in: extra) else {
                throw fault(.malformedRecord, "has a malformed extra field in its local header.")
            }
            var zip64: Zip64ExtraField?
            if let data {
                let marked = header.uncompressedSize == 0xFFFF_FFFF || header.compressedSize == 0xFFFF_FFFF
                // A local ZIP64 field holds both sizes (APPNOTE 4.5.3); if no size is marked, it is unused.
                zip64 = Zip64ExtraField.decode(
                    data,
                    uncompressed: marked,
                    compressed: marked,
                    offset: false,
                    disk: false
                )
                guard zip64 != nil else {
                    throw fault(.malformedRecord, "has a ZIP64 extra field too short for its sizes.")
                }
            }
            var expected = entry.name
            let sameName = expected.withUTF8 { nameBytes.elementsEqual(UnsafeRawBufferPointer($0)) }
            // The local name, printable, only when it differs (for the message).
            return (zip64, sameName ? nil : ZipError.displayName(nameBytes))
        }
        if let localName {
            throw fault(.headerMismatch, "has the name '\(localName)' in its local header.")
        }
        guard header.method == entry.method.rawValue else {
            throw fault(
                .headerMismatch,
                "has method \(header.method) in its local header but \(entry.method.rawValue) in the central directory."
            )
        }
        guard header.flags == entry.flags else {
            throw fault(
                .headerMismatch,
                "has flags 0x\(String(header.flags, radix: 16)) in its local header but 0x\(String(entry.flags, radix: 16)) in the central directory."
            )
        }
        let hasZip64 = zip64 != nil
        let uncompressed =
            zip64?.uncompressedSize.map { Int64(truncatingIfNeeded: $0) } ?? Int64(header.uncompressedSize)
        let compressed = zip64?.compressedSize.map { Int64(truncatingIfNeeded: $0) } ?? Int64(header.compressedSize)
        let agrees = header.crc32 == entry.crc32 && uncompressed == entry.size && compressed == entry.compressedSize
        if entry.hasDataDescriptor {
            // Writers that stream put zeros here (APPNOTE 4.4.4 bit 3); some put the real values. Anything else lies.
            let zeros = header.crc32 == 0 && uncompressed == 0 && compressed == 0
            guard zeros || agrees else {
                throw fault(
                    .headerMismatch,
                    "has a CRC-32 or sizes in its local header that differ from the central directory."
                )
            }
        } else {
            guard header.crc32 == entry.crc32 else {
                throw fault(
                    .headerMismatch,
                    "has CRC-32 \(Self.hex(header.crc32)) in its local header but \(Self.hex(entry.crc32)) in the central directory."
                )
            }
            guard uncompressed == entry.size, compressed == entry.compressedSize else {
                throw fault(
                    .headerMismatch,
                    "has sizes \(ZipError.grouped(compressed)) / \(ZipError.grouped(uncompressed)) (compressed / uncompressed) in its local header but \(ZipError.grouped(entry.compressedSize)) / \(ZipError.grouped(entry.size)) in the central directory."
                )
            }
        }
        dataStart = headerEnd
        descriptorIsZip64 = hasZip64 || entry.sizesUseZip64
        let descriptor = entry.hasDataDescriptor ? DataDescriptor.size(zip64: descriptorIsZip64, signed: false) : 0
        let end = dataStart + entry.compressedSize + Int64(descriptor)
        guard end <= boundary else { throw Self.overlap(entry, name, end: end, boundary: boundary) }
    }

    static func overlap(_ entry: ZipEntry, _ name: String, end: Int64, boundary: Int64) -> ZipError {
        ZipError.entry(
            .overlappingEntries,
            name,
            at: entry.offset,
            "runs to offset \(ZipError.grouped(end)), past offset \(ZipError.grouped(boundary)) where the next entry or the central directory starts."
        )
    }

    static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
    }
}
