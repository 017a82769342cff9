extension ZipReader {
    /// Default size of the buffers used to read and inflate.
    static var bufferSize: Int { 256 << 10 }

    /// Streams `entry`'s bytes to `body`, in pieces of up to 256 KiB, checking its local header first and its
    /// CRC-32, size and data descriptor at the end.
    ///
    /// The entry is valid only if this returns: pieces already passed to `body` when it throws must be discarded
    /// (for example by rolling back the transaction they went into). The last piece is passed only after the
    /// checks succeeded, and never more than one byte beyond the declared size is inflated.
    public func read(_ entry: ZipEntry, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        let stream = try makeStream(for: entry)
        let buffer = UnsafeMutableRawBufferPointer.allocate(
            byteCount: Int(min(Int64(Self.bufferSize), max(entry.size, 1))),
            alignment: 16
        )
        defer { buffer.deallocate() }
        while true {
            let count = try stream.read(into: buffer)
            if count == 0 && stream.isFinished { return }
            try body(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
        }
    }

    /// The whole content of `entry`, checked. Holds it in memory: sizes are bounded by ``ZipLimits``.
    public func contents(of entry: ZipEntry) throws -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(Int(min(entry.size, 16 << 20)))  // a header is a claim, not a reason to allocate
        try read(entry) { result.append(contentsOf: $0) }
        return result
    }

    /// A pull-style stream over `entry`'s bytes, for callers that read at their own pace (for example line by
    /// line). Read until ``ZipEntryReader/read(into:)`` returns 0; the entry is verified at that point.
    ///
    /// - Throws: ``ZipError`` if the entry is not one of this archive's, or its local header is wrong:
    ///   bad signature, disagreement with the central directory, or bytes reaching into the next entry.
    public func makeStream(for entry: ZipEntry) throws -> ZipEntryReader<Source> {
        try makeStream(for: entry, over: source, reusing: nil)
    }

    /// ``makeStream(for:)``, pointing `previous` (a stream of this reader, finished or not) at `entry` instead
    /// of making a new one: its input buffer and zlib state are kept, so reading many entries one after another
    /// allocates nothing per entry. `previous` must not be read for its old entry afterwards.
    public func makeStream(for entry: ZipEntry, reusing previous: ZipEntryReader<Source>?) throws -> ZipEntryReader<Source> {
        try makeStream(for: entry, over: source, reusing: previous)
    }

    /// A stream reading this archive's bytes through `reading`, which must hold the same bytes as ``source``
    /// (for example a ``ZipReadAheadSource`` over it).
    func makeStream<Reading: ZipByteSource>(
        for entry: ZipEntry,
        over reading: Reading,
        reusing previous: ZipEntryReader<Reading>?
    ) throws -> ZipEntryReader<Reading> {
        guard index.hasEntry(at: entry.offset) else {
            let name = ZipError.displayName(entry.name)
            throw ZipError(.invalidUse, "Entry '\(name)' does not belong to this archive.", entryName: name)
        }
        // The entry came from this archive's directory, which was checked against the limits; re-check in case
        // the value was built elsewhere, since the declared size caps inflation below.
        guard entry.size <= limits.maxEntrySize(entry.name) else {
            throw ZipError.entry(
                .entryTooLarge,
                ZipError.displayName(entry.name),
                at: entry.offset,
                "is larger than the limit for it."
            )
        }
        let boundary = index.start(after: entry.offset) ?? end.directoryOffset
        let local = try LocalHeaderCheck(entry: entry, boundary: boundary, source: reading)
        let descriptor = entry.hasDataDescriptor ? (local.descriptorIsZip64, boundary) : nil
        if let previous {
            try previous.start(entry, dataStart: local.dataStart, descriptor: descriptor)
            return previous
        }
        return try ZipEntryReader(source: reading, entry: entry, dataStart: local.dataStart, descriptor: descriptor)
    }

    /// Reads every entry completely and checks everything: the central directory (done when opening), each local
    /// header, every byte's CRC-32, every size and data descriptor, and the limits while inflating.
    /// Memory is bounded by two 256 KiB buffers and one zlib state, whatever the archive's size.
    ///
    /// - Returns: counts and sizes of what was read.
    /// - Throws: the first fault found, as a ``ZipError`` naming the entry and offset.
    @discardableResult
    public func validate() throws -> ZipValidationSummary {
        var summary = ZipValidationSummary()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.bufferSize, alignment: 16)
        defer { buffer.deallocate() }
        // Entries are read in directory order, which is nearly always archive order: read ahead.
        let reading = ZipReadAheadSource(base: source)
        var previous: ZipEntryReader<ZipReadAheadSource<Source>>?
        try forEachEntry { entry in
            let stream = try makeStream(for: entry, over: reading, reusing: previous)
            previous = stream
            while true {
                let count = try stream.read(into: buffer)
                summary.totalSize += Int64(count)
                if summary.totalSize > limits.maxTotalUncompressedSize {
                    throw ZipError.entry(
                        .totalTooLarge,
                        ZipError.displayName(entry.name),
                        at: entry.offset,
                        "brings the archive's content past the \(ZipError.grouped(limits.maxTotalUncompressedSize)) bytes accepted in all."
                    )
                }
                if count == 0 && stream.isFinished { break }
            }
            summary.entryCount += 1
            summary.totalCompressedSize += entry.compressedSize
        }
        return summary
    }
}

/// What ``ZipReader/validate()`` read.
public struct ZipValidationSummary: Sendable, Hashable {
    public var entryCount = 0
    /// Uncompressed bytes produced, all verified.
    public var totalSize: Int64 = 0
    public var totalCompressedSize: Int64 = 0
}
