import Foundation
import ZipArchive

extension ArchiveReader {
    /// Streams the folders and items, upgraded to the current content model, checking every layout rule and
    /// (when `verifyContent`) every item's bytes: ``readFolders(_:)``, ``readItems(verifyContent:_:)`` and
    /// ``finish()`` in one call.
    ///
    /// - Parameters:
    ///   - verifyContent: read and check the bytes of items whose content `items` did not read. False reads only
    ///     the metadata (for showing what an archive holds).
    ///   - folders: called once per folder line, in the archive's order.
    ///   - items: called once per item line with its content, which it may stream (``ArchiveItemContent/read(_:)``).
    /// - Returns: counts and the folders the archive implies without listing them.
    /// - Throws: ``ArchiveError`` for the first fault; the closures' and the source's errors unchanged. Whatever
    ///   the closures received is valid only if this returns.
    public func read(
        verifyContent: Bool = true,
        folders: (ArchiveFolder) throws -> Void,
        items: (ArchiveItem, ArchiveItemContent<Source>) throws -> Void
    ) throws -> ArchiveSummary {
        try readFolders(folders)
        try readItems(verifyContent: verifyContent, items)
        return try finish()
    }

    /// First step of reading: calls `body` once per line of `folders.jsonl`, upgraded and checked.
    public func readFolders(_ body: (ArchiveFolder) throws -> Void) throws {
        try advance(from: .folders, to: .items)
        try forEachLine(of: ArchiveFormat.foldersEntry, upgrade: ContentUpgrades.upgradeFolder) {
            (folder: ArchiveFolder) throws(LineFault) in try state.add(folder)
        } then: { folder in
            try body(folder)
            folderCount += 1
        }
    }

    /// Second step: calls `body` once per line of `items.jsonl`, upgraded and checked, with the item's content.
    /// With `verifyContent`, content `body` did not read is read and checked after it returns.
    public func readItems(verifyContent: Bool = true, _ body: (ArchiveItem, ArchiveItemContent<Source>) throws -> Void) throws {
        try readItems(verifyContent: verifyContent, verify: nil, body)
    }

    /// ``readItems(verifyContent:_:)``; with `verify`, content `body` did not read is handed to it (the entry and
    /// the item, both checked) instead of being read here (``readItems(verifyContent:parallelism:_:)``).
    func readItems(
        verifyContent: Bool, verify: ((ZipEntry, ArchiveItem) throws -> Void)?,
        _ body: (ArchiveItem, ArchiveItemContent<Source>) throws -> Void
    ) throws {
        try advance(from: .items, to: .end)
        try forEachLine(of: ArchiveFormat.itemsEntry, upgrade: ContentUpgrades.upgradeItem) {
            (item: ArchiveItem) throws(LineFault) in try state.add(item, limits: limits)
        } then: { item in
            let entry = try entry(of: item)
            let content = ArchiveItemContent(reader: self, entry: entry, item: item)
            try body(item, content)
            if verifyContent && !content.wasRead {
                if let verify { try verify(entry, item) } else { try content.read { _ in } }
            }
            itemCount += 1
        }
    }

    /// Last step: the checks that need everything read (entries no item names, counts against the manifest).
    public func finish() throws -> ArchiveSummary {
        try advance(from: .end, to: .done)
        state.finish()
        try checkEnd()
        return ArchiveSummary(
            manifest: manifest, folderCount: folderCount, itemCount: itemCount, totalBytes: state.totalBytes,
            schemaVersion: manifest.schemaVersion, missingParentFolders: state.missingParentFolders)
    }

    private func advance(from expected: ReadingPhase, to next: ReadingPhase) throws {
        guard phase == expected else {
            throw ArchiveWriterMisuse(message: "an archive is read once, in order: folders, items, finish")
        }
        phase = next
    }

    /// Reads every line of a JSON Lines entry: upgrade (older content models only), decode (``ArchiveLine``),
    /// `check` (layout rules), then `body`.
    private func forEachLine<Line: ArchiveLine>(
        of name: String, upgrade: (Data, Int) throws(ContentUpgradeFault) -> Data,
        check: (Line) throws(LineFault) -> Void, then body: (Line) throws -> Void
    ) throws {
        let stream = try ArchiveReaderErrors.mapZip { try zip.makeStream(for: zip.requireEntry(named: name)) }
        let lines = JSONLinesReader(stream: stream, entryName: name)
        let version = manifest.schemaVersion
        let current = version >= ContentUpgrades.currentVersion
        while let raw = try lines.next() {
            var where_: String { "Entry '\(name)' line \(lines.lineNumber)" }  // for messages only
            let line: Line
            do {
                if current {
                    line = try Line.decodeLine(raw)
                } else {
                    line = try upgrade(Data(raw), version).withUnsafeBytes { try Line.decodeLine($0) }
                }
            } catch let fault as ContentUpgradeFault {
                throw ArchiveError.invalid("\(where_) \(fault.sentence)")
            } catch let error as DecodingError {
                throw ArchiveError.invalid("\(where_) \(error.archiveSentence)")
            }
            do {
                try check(line)
            } catch {
                throw ArchiveError.invalid("\(where_): \(error.sentence)")
            }
            try body(line)
        }
    }

    /// The item's entry, which must exist and declare the item's size.
    private func entry(of item: ArchiveItem) throws -> ZipEntry {
        // The printable name is for messages only: built when one is thrown, not for every item.
        var shown: String { ArchiveText.display(item.entry) }
        guard let entry = try ArchiveReaderErrors.mapZip({ try zip.entry(named: item.entry) }) else {
            throw ArchiveError.invalid(
                "Entry '\(shown)' is missing: the item '\(ArchiveText.display(item.path))' in items.jsonl names it.")
        }
        guard entry.size == item.size else {
            throw ArchiveError.invalid(
                "Entry '\(shown)' holds \(entry.size) bytes but items.jsonl gives the item '\(ArchiveText.display(item.path))' \(item.size).")
        }
        return entry
    }

    /// Entries no item names; counts against the manifest.
    private func checkEnd() throws {
        if state.entries.count != contentEntryCount {
            var stray: String?
            try ArchiveReaderErrors.mapZip {
                try zip.forEachEntry { entry in
                    if stray == nil, !entry.isDirectory, !ArchiveFormat.metadataEntries.contains(entry.name),
                       !state.isNamed(entry.name) {
                        stray = entry.name
                    }
                }
            }
            throw ArchiveError.invalid(
                "Entry '\(ArchiveText.display(stray ?? "?"))' is not named by any item in items.jsonl.")
        }
        let name = ArchiveFormat.manifestEntry
        if manifest.folderCount != folderCount {
            throw ArchiveError.invalid("Entry '\(name)' says \(manifest.folderCount) folders but folders.jsonl lists \(folderCount).")
        }
        if manifest.itemCount != itemCount {
            throw ArchiveError.invalid("Entry '\(name)' says \(manifest.itemCount) items but items.jsonl lists \(itemCount).")
        }
        if manifest.totalBytes != state.totalBytes {
            throw ArchiveError.invalid(
                "Entry '\(name)' says the items hold \(manifest.totalBytes) bytes but items.jsonl adds up to \(state.totalBytes).")
        }
    }
}
