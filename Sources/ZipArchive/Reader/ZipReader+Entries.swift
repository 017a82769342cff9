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
            let record = try CentralRecord.parse(bytes, at: cursor.position)
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
    /// its central record, which is decoded again (ZIP64 sizes, bounds) but not re-checked against the name rules:
    /// the opening scan did that, and its name was just compared byte for byte. The entry's name is `name` itself.
    public func entry(named name: String) throws -> ZipEntry? {
        var copy = name
        return try copy.withUTF8 { wanted in
            let raw = UnsafeRawBufferPointer(wanted)
            for slot in index.records(withHash: ZipNameRules.hash(raw)) {
                if let found = try Self.entry(at: slot.record, named: raw, name, in: source) { return found }
            }
            return nil
        }
    }

    /// The entry whose central record is at `offset`, if its name is `raw` (`name`'s bytes).
    private static func entry(
        at offset: Int64, named raw: UnsafeRawBufferPointer, _ name: String, in source: Source
    ) throws -> ZipEntry? {
        let header = try recordHeader(at: offset, in: source)
        guard Int(header.nameLength) == raw.count else { return nil }
        return try withRecord(header, at: offset, in: source) { bytes -> ZipEntry? in
            guard CentralRecord.name(of: header, in: bytes).elementsEqual(raw) else { return nil }
            return try CentralRecord.parse(bytes, at: offset, checkName: false).entry(named: name)
        }
    }

    /// Number of folder entries (names ending with `/`), counted when the archive was opened.
    public var directoryEntryCount: Int { index.directoryCount }

    /// The name of the first entry in central directory order, or nil for an empty archive: one record read,
    /// not a walk over the directory.
    public func firstEntryName() throws -> String? {
        guard entryCount > 0 else { return nil }
        return try Self.withRecord(at: end.directoryOffset, in: source) { record, bytes in
            String(decoding: CentralRecord.name(of: record.header, in: bytes), as: UTF8.self)
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
