extension ZipReader {
    /// One pass over the central directory: checks every record and builds the index, then checks overlaps and
    /// duplicates on the index.
    static func scan(_ source: Source, end: ArchiveEnd, limits: ZipLimits) throws -> ZipIndex {
        let offset = end.directoryOffset
        guard end.entryCount <= Int64(limits.maxEntries) else {
            throw ZipError.archive(
                .tooManyEntries,
                at: end.directoryEnd,
                "The archive has \(ZipError.grouped(end.entryCount)) entries; at most \(ZipError.grouped(limits.maxEntries)) are accepted."
            )
        }
        guard offset <= end.directoryEnd, end.directorySize <= end.directoryEnd - offset else {
            throw ZipError.archive(
                .outOfBounds,
                at: offset,
                "The central directory (offset \(ZipError.grouped(offset)), \(ZipError.grouped(end.directorySize)) bytes) does not fit before the end record at \(ZipError.grouped(end.directoryEnd))."
            )
        }
        guard offset + end.directorySize == end.directoryEnd else {
            throw ZipError.archive(
                .malformedRecord,
                at: offset + end.directorySize,
                "The central directory ends at offset \(ZipError.grouped(offset + end.directorySize)), not where the end record starts (\(ZipError.grouped(end.directoryEnd)))."
            )
        }
        guard end.entryCount <= end.directorySize / Int64(CentralDirectoryHeader.size) else {
            throw ZipError.archive(
                .malformedRecord,
                at: offset,
                "The end record says \(ZipError.grouped(end.entryCount)) entries, more than a central directory of \(ZipError.grouped(end.directorySize)) bytes can hold."
            )
        }
        let count = Int(end.entryCount)
        var names: [ZipIndex.NameSlot] = []
        var spans: [(start: Int64, end: Int64, record: Int64)] = []
        names.reserveCapacity(count)
        spans.reserveCapacity(count)
        var total: Int64 = 0
        var directories = 0
        var cursor = SourceCursor(from: offset, to: end.directoryEnd)
        for number in 0..<count {
            guard let fixed = try cursor.peek(CentralDirectoryHeader.size, from: source),
                let header = CentralDirectoryHeader.decode(fixed)
            else {
                if cursor.remaining < Int64(CentralDirectoryHeader.size) {
                    throw ZipError.archive(
                        .malformedRecord,
                        at: cursor.position,
                        "The central directory ends at offset \(ZipError.grouped(cursor.position)) after \(ZipError.grouped(number)) of its \(ZipError.grouped(count)) entries."
                    )
                }
                throw ZipError.archive(
                    .badSignature,
                    at: cursor.position,
                    "The central directory record at offset \(ZipError.grouped(cursor.position)) has a bad signature."
                )
            }
            guard let bytes = try cursor.peek(header.totalSize, from: source) else {
                throw ZipError.archive(
                    .malformedRecord,
                    at: cursor.position,
                    "The central directory record at offset \(ZipError.grouped(cursor.position)) runs past the end of the central directory."
                )
            }
            let record = try CentralRecord.parse(bytes, at: cursor.position)
            let nameBytes = CentralRecord.name(of: header, in: bytes)
            let span = try checkBounds(record, display: ZipError.displayName(nameBytes), directoryOffset: offset)
            total = try checkLimits(record, name: nameBytes, display: ZipError.displayName(nameBytes), total: total, limits: limits)
            if nameBytes.last == UInt8(ascii: "/") { directories += 1 }
            names.append(ZipIndex.NameSlot(hash: ZipNameRules.hash(nameBytes), record: record.offset))
            spans.append((record.localHeaderOffset, span, record.offset))
            cursor.advance(header.totalSize)
        }
        guard cursor.remaining == 0 else {
            throw ZipError.archive(
                .malformedRecord,
                at: cursor.position,
                "The central directory has \(ZipError.grouped(cursor.remaining)) bytes after its \(ZipError.grouped(count)) entries."
            )
        }
        spans.sort { $0.start < $1.start }
        for index in spans.indices.dropFirst() where spans[index].start < spans[index - 1].end {
            let first = try displayName(ofRecordAt: spans[index - 1].record, in: source)
            let second = try displayName(ofRecordAt: spans[index].record, in: source)
            throw ZipError(
                .overlappingEntries,
                "Entry '\(first)' at offset \(ZipError.grouped(spans[index - 1].start)) overlaps entry '\(second)' at offset \(ZipError.grouped(spans[index].start)).",
                entryName: second,
                offset: spans[index].start
            )
        }
        try checkDuplicates(&names, in: source)
        return ZipIndex(names: names, starts: spans.map(\.start), totalSize: total, directoryCount: directories)
    }

    /// Declared sizes against the limits; returns the new running total.
    private static func checkLimits(
        _ record: CentralRecord,
        name: UnsafeRawBufferPointer,
        display: @autoclosure () -> String,
        total: Int64,
        limits: ZipLimits
    ) throws -> Int64 {
        let size = record.uncompressedSize
        let limit = limits.maxEntrySize(String(decoding: name, as: UTF8.self))
        if size > limit {
            throw ZipError.entry(
                .entryTooLarge,
                display(),
                at: record.offset,
                "is \(ZipError.grouped(size)) bytes; at most \(ZipError.grouped(limit)) are accepted for it."
            )
        }
        if size > limits.ratioExemptSize {
            let (allowed, overflow) = record.compressedSize.multipliedReportingOverflow(by: limits.maxCompressionRatio)
            if !overflow && size > allowed {
                throw ZipError.entry(
                    .compressionRatioExceeded,
                    display(),
                    at: record.offset,
                    "inflates \(ZipError.grouped(record.compressedSize)) bytes to \(ZipError.grouped(size)), more than the accepted ratio of \(ZipError.grouped(limits.maxCompressionRatio)) : 1."
                )
            }
        }
        let (sum, overflow) = total.addingReportingOverflow(size)
        if overflow || sum > limits.maxTotalUncompressedSize {
            throw ZipError.entry(
                .totalTooLarge,
                display(),
                at: record.offset,
                "brings the archive's content past the \(ZipError.grouped(limits.maxTotalUncompressedSize)) bytes accepted in all."
            )
        }
        return sum
    }

    /// The least an entry occupies before the central directory: local header with its name, data, and the
    /// shortest data descriptor. Returns where that ends.
    private static func checkBounds(
        _ record: CentralRecord, display: @autoclosure () -> String, directoryOffset: Int64
    ) throws -> Int64 {
        let start = record.localHeaderOffset
        guard start < directoryOffset, record.compressedSize <= directoryOffset else {
            throw ZipError.entry(
                .outOfBounds,
                display(),
                at: record.offset,
                "points to data at offset \(ZipError.grouped(start)) (\(ZipError.grouped(record.compressedSize)) bytes) outside the entries' area, which ends at \(ZipError.grouped(directoryOffset))."
            )
        }
        let descriptor = record.isDescriptorUsed ? DataDescriptor.size(zip64: false, signed: false) : 0
        let end =
            start + Int64(LocalFileHeader.size) + Int64(record.header.nameLength) + record.compressedSize
            + Int64(descriptor)
        guard end <= directoryOffset else {
            throw ZipError.entry(
                .overlappingEntries,
                display(),
                at: start,
                "runs to offset \(ZipError.grouped(end)), into the central directory at \(ZipError.grouped(directoryOffset))."
            )
        }
        return end
    }

    /// Refuses two entries with the same path; only names whose hashes collide are compared.
    private static func checkDuplicates(_ names: inout [ZipIndex.NameSlot], in source: Source) throws {
        names.sort { $0.hash != $1.hash ? $0.hash < $1.hash : $0.record < $1.record }
        var runStart = 0
        while runStart < names.count {
            var runEnd = runStart + 1
            while runEnd < names.count && names[runEnd].hash == names[runStart].hash { runEnd += 1 }
            if runEnd - runStart > 1 {
                var seen: [(key: [UInt8], record: Int64)] = []
                for slot in names[runStart..<runEnd] {
                    let key = try withRecord(at: slot.record, in: source) { record, bytes in
                        Array(ZipNameRules.pathKey(CentralRecord.name(of: record.header, in: bytes)))
                    }
                    if let earlier = seen.first(where: { $0.key == key }) {
                        let name = try displayName(ofRecordAt: slot.record, in: source)
                        throw ZipError.entry(
                            .duplicateName,
                            name,
                            at: slot.record,
                            "has the same path as the entry whose central record is at offset \(ZipError.grouped(earlier.record))."
                        )
                    }
                    seen.append((key, slot.record))
                }
            }
            runStart = runEnd
        }
    }

    /// The fixed part of the central record at `offset` (one the scan accepted); throws `badSignature` if none.
    static func recordHeader(at offset: Int64, in source: Source) throws -> CentralDirectoryHeader {
        let header = try source.withExactly(at: offset, count: CentralDirectoryHeader.size, what: "the central directory") {
            CentralDirectoryHeader.decode($0)
        }
        guard let header else {
            throw ZipError.archive(
                .badSignature,
                at: offset,
                "The central directory record at offset \(ZipError.grouped(offset)) has a bad signature."
            )
        }
        return header
    }

    /// Reads the whole central record at `offset`, whose fixed part is `header`, and passes its bytes to `body`
    /// (valid only there).
    static func withRecord<R>(
        _ header: CentralDirectoryHeader,
        at offset: Int64,
        in source: Source,
        _ body: (UnsafeRawBufferPointer) throws -> R
    ) throws -> R {
        try source.withExactly(at: offset, count: header.totalSize, what: "the central directory", body)
    }

    /// Reads and checks the central record at `offset` (one the scan accepted), and passes it and its bytes to
    /// `body` (valid only there).
    static func withRecord<R>(
        at offset: Int64,
        in source: Source,
        _ body: (CentralRecord, UnsafeRawBufferPointer) throws -> R
    ) throws -> R {
        let header = try recordHeader(at: offset, in: source)
        return try withRecord(header, at: offset, in: source) { bytes in
            try body(try CentralRecord.parse(bytes, at: offset), bytes)
        }
    }

    static func displayName(ofRecordAt offset: Int64, in source: Source) throws -> String {
        try withRecord(at: offset, in: source) { record, bytes in
            ZipError.displayName(CentralRecord.name(of: record.header, in: bytes))
        }
    }
}
