extension ZipReader {
    /// Calls `body` with each entry in central directory order, reading the directory again in 256 KiB pieces:
    /// memory stays flat for a million entries.
    ///
    /// - Throws: whatever `body` throws (iteration stops), ``ZipError`` or the source's errors. Never ends early
    ///   without throwing.
    public func forEachEntry(_ body: (ZipEntry) throws -> Void) throws {
        var cursor = SourceCursor(from: end.directoryOffset, to: end.directoryEnd)
        for _ in 0..<entryCount {
            guard let fixed = try cursor.peek(CentralDirectoryHeader.size, from: source),
                let header = CentralDirectoryHeader.decode(fixed),
                let bytes = try cursor.peek(header.totalSize, from: source)
            else {
                throw ZipError.archive(
                    .malformedRecord,
                    at: cursor.position,
                    "The central directory changed since the archive was opened (offset \(ZipError.grouped(cursor.position)))."
                )
            }
            var display = ""
            let record = try CentralRecord.parse(bytes, at: cursor.position, display: &display)
            let entry = record.entry(name: CentralRecord.name(of: header, in: bytes))
            cursor.advance(header.totalSize)
            try body(entry)
        }
    }

    /// All entries in central directory order. Builds an array (and a string per entry): for very large
    /// archives prefer ``forEachEntry(_:)``.
    public func entries() throws -> [ZipEntry] {
        var result: [ZipEntry] = []
        result.reserveCapacity(entryCount)
        try forEachEntry { result.append($0) }
        return result
    }

    /// The entry named exactly `name` (a folder's name ends with `/`), or nil. A hash lookup plus one read of
    /// its central record.
    public func entry(named name: String) throws -> ZipEntry? {
        var copy = name
        return try copy.withUTF8 { wanted in
            let raw = UnsafeRawBufferPointer(wanted)
            for slot in index.records(withHash: ZipNameRules.hash(raw)) {
                let (record, bytes) = try Self.readRecord(at: slot.record, in: source)
                let found = bytes.withUnsafeBytes { all -> ZipEntry? in
                    let candidate = CentralRecord.name(of: record.header, in: all)
                    guard candidate.elementsEqual(raw) else { return nil }
                    return record.entry(name: candidate)
                }
                if let found { return found }
            }
            return nil
        }
    }

    /// The entry named `name`.
    /// - Throws: `entryNotFound` if there is none.
    public func requireEntry(named name: String) throws -> ZipEntry {
        guard let entry = try entry(named: name) else {
            let display = ZipError.displayName(name)
            throw ZipError(.entryNotFound, "The archive has no entry '\(display)'.", entryName: display)
        }
        return entry
    }
}
