import Foundation

/// The entry being streamed: its header facts and the running CRC and size.
struct OpenEntry {
    var record: WrittenEntry
    var compression: ZipCompression
    var localZip64: Bool
    var dataStart: Int64
    var crc = CRC32()
    var written: Int64 = 0
    var expectedSize: Int64?
    var modified: Date
    /// Leading bytes still to be gathered for the stored blocks (``StoredPrefix``), known from `expectedSize`.
    var storedPrefix: Int64 = 0
    /// The leading bytes gathered so far: emitted once complete, so that the blocks (and the archive's bytes) do
    /// not depend on how the body cut its writes.
    var prefixBytes: [UInt8] = []
}

extension ZipWriter {
    /// Adds an entry whose bytes `body` writes through `output`, in as many pieces as it likes.
    ///
    /// Bytes are compressed and handed to the sink as they come (fixed buffers; an entry of any size costs no
    /// more memory than a small one). The CRC-32 and sizes follow the data in a data descriptor (bit 3).
    ///
    /// - Parameters:
    ///   - name: UTF-8, relative, `/`-separated; refused (`invalidName`, `duplicateName`) before anything is
    ///     written if the reader would refuse it.
    ///   - compression: ``ZipCompression/deflated`` (level 6) by default; `.deflated(level: 1)` is ~4× faster.
    ///   - modified: written as a DOS time (UTC) and an extended timestamp.
    ///   - expectedSize: the number of bytes `body` will write, if known. Needed for entries of 4 GiB or more
    ///     (their header then announces ZIP64); a different count written throws `invalidUse`. Also needed to
    ///     keep a deflated entry of 64 KiB or more within the readers' default compression ratio: without it the
    ///     entry gets no stored prefix (``StoredPrefix``), and megabytes of one byte value then make an entry
    ///     this package's reader refuses.
    ///   - body: writes the entry's bytes. If it throws, the archive is incomplete and the error is rethrown.
    /// - Returns: the entry as the central directory will describe it.
    @discardableResult
    public func addEntry(
        _ name: String,
        compression: ZipCompression = .deflated,
        modified: Date = Date(),
        expectedSize: Int64? = nil,
        _ body: (inout ZipEntryOutput) throws -> Void
    ) throws -> ZipEntry {
        try requireReady()
        let nameBytes = try checkedName(name, folder: false)
        return try guarded {
            let (record, localZip64) = try writeDescribedHeader(
                name: nameBytes,
                method: compression.method,
                modified: modified,
                expectedSize: expectedSize
            )
            if compression.method == .deflated { try prepareDeflater(level: compression.level) }
            current = OpenEntry(
                record: record,
                compression: compression,
                localZip64: localZip64,
                dataStart: position,
                expectedSize: expectedSize,
                modified: modified,
                // The prefix length follows from the size, so an entry of unknown size gets none (StoredPrefix).
                storedPrefix: compression.method == .deflated ? StoredPrefix.length(forEntryOf: expectedSize ?? 0) : 0
            )
            state = .writingEntry
            var output = ZipEntryOutput(receiver: self)
            try body(&output)
            return try finishStreamedEntry()
        }
    }

    /// Adds an entry whose bytes are all in memory (such as `manifest.json`): no data descriptor, since the CRC
    /// and sizes are known before the header is written.
    @discardableResult
    public func addEntry(
        _ name: String,
        bytes: some ContiguousBytes,
        compression: ZipCompression = .deflated,
        modified: Date = Date()
    ) throws -> ZipEntry {
        try requireReady()
        let nameBytes = try checkedName(name, folder: false)
        return try bytes.withUnsafeBytes { raw in
            try guarded {
                let deflated: DeflatedEntry? =
                    compression.method == .deflated ? try compressWhole(raw, level: compression.level) : nil
                let compressedSize = Int64(deflated?.compressed.count ?? raw.count)
                let unix = Self.unixSeconds(modified)
                let record = WrittenEntry(
                    name: nameBytes,
                    method: compression.method,
                    flags: WrittenEntry.utf8Flag,
                    time: DOSDateTime(unixSeconds: unix),
                    unixTime: unix,
                    crc32: deflated?.crc32 ?? CRC32.checksum(raw),
                    compressedSize: compressedSize,
                    uncompressedSize: Int64(raw.count),
                    localHeaderOffset: position,
                    isDirectory: false
                )
                let localZip64 = Zip64Policy.localNeedsZip64(
                    knownSizes: (Int64(raw.count), compressedSize),
                    expectedSize: nil
                )
                try record.localHeader(knownSizes: true, localZip64: localZip64).withUnsafeBytes { try emit($0) }
                if let deflated {
                    try deflated.compressed.withUnsafeBytes { try emit($0) }
                } else {
                    try emit(raw)
                }
                return append(record, modified: modified)
            }
        }
    }

    /// Adds a folder entry; a `/` is appended to `name` if it has none.
    @discardableResult
    public func addDirectory(_ name: String, modified: Date = Date()) throws -> ZipEntry {
        try requireReady()
        let nameBytes = try checkedName(name.hasSuffix("/") ? name : name + "/", folder: true)
        return try guarded {
            let unix = Self.unixSeconds(modified)
            let record = WrittenEntry(
                name: nameBytes,
                method: .stored,
                flags: WrittenEntry.utf8Flag,
                time: DOSDateTime(unixSeconds: unix),
                unixTime: unix,
                crc32: 0,
                compressedSize: 0,
                uncompressedSize: 0,
                localHeaderOffset: position,
                isDirectory: true
            )
            try record.localHeader(knownSizes: true, localZip64: false).withUnsafeBytes { try emit($0) }
            return append(record, modified: modified)
        }
    }

    // MARK: - Streaming

    func finishStreamedEntry() throws -> ZipEntry {
        // A body that caught an error from `write` and returned normally must not revive a failed archive.
        guard state == .writingEntry, var entry = current else {
            throw ZipError(.invalidUse, "The archive is incomplete because an earlier write failed; start a new one.")
        }
        if entry.compression.method == .deflated {
            try emitStoredPrefix()  // a body that wrote less than announced (refused below) still ends a valid stream
            try compress(UnsafeRawBufferPointer(start: nil, count: 0), finish: true)
        }
        if let expected = entry.expectedSize, expected != entry.written {
            let name = entry.record.name.withUnsafeBytes { ZipError.displayName($0) }
            throw ZipError(
                .invalidUse,
                "Entry '\(name)' was announced as \(ZipError.grouped(expected)) bytes but \(ZipError.grouped(entry.written)) were written.",
                entryName: name
            )
        }
        try writeDescriptor(
            completing: &entry.record,
            localZip64: entry.localZip64,
            crc32: entry.crc.value,
            uncompressedSize: entry.written,
            compressedSize: position - entry.dataStart
        )
        current = nil
        state = .ready
        return append(entry.record, modified: entry.modified)
    }

    /// Takes the next piece of the open entry's bytes (from ``ZipEntryOutput``).
    func receive(_ bytes: UnsafeRawBufferPointer) throws {
        guard state == .writingEntry, current != nil else {
            throw ZipError(.invalidUse, "No entry is being written; write only inside addEntry's body.")
        }
        try guarded {
            current!.crc.update(bytes)
            current!.written += Int64(bytes.count)
            if let expected = current!.expectedSize, current!.written > expected {
                throw ZipError(.invalidUse, "More bytes were written than the \(ZipError.grouped(expected)) announced.")
            }
            if current!.compression.method == .deflated {
                var rest = bytes
                if current!.storedPrefix > 0 {
                    let count = Int(min(current!.storedPrefix, Int64(bytes.count)))
                    current!.prefixBytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[..<count]))
                    current!.storedPrefix -= Int64(count)
                    rest = UnsafeRawBufferPointer(rebasing: bytes[count...])
                    if current!.storedPrefix == 0 { try emitStoredPrefix() }
                }
                if !rest.isEmpty { try compress(rest, finish: false) }
            } else {
                try emit(bytes)
            }
        }
    }

    var bytesOfOpenEntry: Int64 { current?.written ?? 0 }

    // MARK: - Helpers

    /// Sends the open entry's gathered leading bytes as stored blocks (nothing when there are none).
    func emitStoredPrefix() throws {
        guard let prefix = current?.prefixBytes, !prefix.isEmpty else { return }
        try prefix.withUnsafeBytes { raw in try StoredPrefix.emit(raw) { try emit($0) } }
        current!.prefixBytes = []
    }

    /// Compresses `input` straight into the output buffer, flushing it whenever it fills.
    func compress(_ input: UnsafeRawBufferPointer, finish: Bool) throws {
        var rest = input
        while true {
            let space = try freeSpace()
            let step = try deflater!.step(rest, into: space, finish: finish)
            commit(step.produced)
            rest = UnsafeRawBufferPointer(rebasing: rest[step.consumed...])
            if finish ? step.done : rest.isEmpty { return }
        }
    }

    /// Compresses a whole in-memory entry with the writer's compressor, as ``ZipEntryCompressor`` does (same
    /// stored prefix and stream, one implementation).
    func compressWhole(_ input: UnsafeRawBufferPointer, level: Int) throws -> DeflatedEntry {
        try prepareDeflater(level: level)
        return try ZipEntryCompressor.compress(input, with: &deflater!)
    }

    func prepareDeflater(level: Int) throws {
        if deflater == nil {
            deflater = try Deflater(level: level)
        } else {
            try deflater!.reset(level: level)
        }
    }

    /// Records a finished entry's central header.
    func append(_ record: WrittenEntry, modified: Date) -> ZipEntry {
        central += record.centralHeader()
        count += 1
        record.name.withUnsafeBytes { _ = nameHashes.insert(ZipNameRules.hash($0)) }
        return ZipEntry(
            name: String(decoding: record.name, as: UTF8.self),
            method: record.method,
            crc32: record.crc32,
            compressedSize: record.compressedSize,
            size: record.uncompressedSize,
            modificationDate: modified,
            offset: record.localHeaderOffset,
            flags: record.flags,
            centralOffset: -1,
            sizesUseZip64: Zip64Policy.needs(record.uncompressedSize) || Zip64Policy.needs(record.compressedSize)
        )
    }

    static func unixSeconds(_ date: Date) -> Int64 {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        return seconds.isFinite ? Int64(clamping: Int64(exactly: max(min(seconds, 1e15), -1e15)) ?? 0) : 0
    }
}
