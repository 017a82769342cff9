/// Pulls one entry's bytes, inflating as needed, and verifies the entry when its end is reached.
///
/// Made by ``ZipReader/makeStream(for:)``; ``ZipReader/makeStream(for:reusing:)`` points a finished (or failed)
/// stream at another entry, keeping its input buffer and zlib state, so reading many small entries one after
/// another allocates nothing per entry.
///
/// A final class, not a `~Copyable` struct: it owns a zlib state and an input buffer (at most 256 KiB, less for
/// small entries), and the Swift 6.3 compiler skips the `deinit` of a generic non-copyable struct when it is
/// destroyed through its value witness table (non-WMO builds; Tests/Fuzz/README.md, finding 3), which leaked the
/// buffer per entry. A class's `deinit` always runs: one owner, one release path.
///
/// Limits are enforced as bytes come out, never by trusting a header: at most one byte past the declared size is
/// ever inflated before the entry is refused, and the declared size was checked against ``ZipLimits`` when the
/// archive was opened. The final piece is returned only after the CRC-32, the size and the data descriptor
/// were checked; after any error, the stream refuses further reads.
///
/// Not `Sendable`: used by one thread at a time.
public final class ZipEntryReader<Source: ZipByteSource> {
    /// The entry being read.
    public private(set) var entry: ZipEntry
    private let source: Source
    /// Compressed input; allocated on the first deflated entry, grown when a later entry needs more, kept.
    private var input = UnsafeMutableRawBufferPointer(start: nil, count: 0)
    private var inputStart = 0
    private var inputEnd = 0
    /// Archive offset of the next compressed byte to load.
    private var nextOffset: Int64 = 0
    private var compressedLeft: Int64 = 0
    /// Made on the first deflated entry and reset (not rebuilt) for later ones.
    private var inflater: Inflater?
    private var crc = CRC32()
    /// Bytes handed out so far.
    private var produced: Int64 = 0
    private var state = State.reading
    private var descriptor: (zip64: Bool, boundary: Int64)?

    private enum State { case reading, finished, failed }

    /// True once the entry was read to its end and verified.
    public var isFinished: Bool { state == .finished }

    /// The entry's name made printable for a message; built only when a message needs it.
    private var display: String { ZipError.displayName(entry.name) }

    init(
        source: Source,
        entry: ZipEntry,
        dataStart: Int64,
        descriptor: (zip64: Bool, boundary: Int64)?
    ) throws {
        self.source = source
        self.entry = entry
        try start(entry, dataStart: dataStart, descriptor: descriptor)
    }

    deinit {
        if input.count > 0 { input.deallocate() }
    }

    /// Points the stream at the start of `entry`'s data (its local header already checked).
    func start(_ entry: ZipEntry, dataStart: Int64, descriptor: (zip64: Bool, boundary: Int64)?) throws {
        self.entry = entry
        self.descriptor = descriptor
        nextOffset = dataStart
        compressedLeft = entry.compressedSize
        inputStart = 0
        inputEnd = 0
        crc = CRC32()
        produced = 0
        state = .failed  // until the set-up below succeeded
        if entry.method == .deflated {
            let wanted = Int(min(Int64(ZipReader<Source>.bufferSize), max(entry.compressedSize, 1)))
            if input.count < wanted {
                if input.count > 0 { input.deallocate() }
                input = UnsafeMutableRawBufferPointer(start: nil, count: 0)
                input = .allocate(byteCount: wanted, alignment: 16)
            }
            if inflater == nil { inflater = try Inflater() } else { try inflater!.reset() }
        }
        state = .reading
    }

    /// Fills the start of `buffer` with the entry's next bytes and returns how many; 0 means the entry ended and
    /// was verified.
    ///
    /// - Throws: ``ZipError`` (`sizeMismatch`, `crcMismatch`, `corruptData`, `headerMismatch`, `truncated`) or the
    ///   source's errors; every later call then throws `invalidUse`.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        switch state {
        case .finished: return 0
        case .failed:
            throw ZipError(
                .invalidUse,
                "Entry '\(display)' failed its checks; its stream cannot be read further.",
                entryName: display
            )
        case .reading: break
        }
        guard buffer.count > 0 else { throw ZipError(.invalidUse, "A read needs a buffer of at least one byte.") }
        do {
            let count = entry.method == .deflated ? try readDeflated(into: buffer) : try readStored(into: buffer)
            return count
        } catch {
            state = .failed
            throw error
        }
    }

    private func readStored(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let wanted = Int(min(Int64(buffer.count), compressedLeft))
        let chunk = UnsafeMutableRawBufferPointer(rebasing: buffer[..<wanted])
        let got = try source.readFully(at: nextOffset, into: chunk)
        guard got == wanted else { throw truncated(at: nextOffset + Int64(got)) }
        nextOffset += Int64(got)
        compressedLeft -= Int64(got)
        produced += Int64(got)
        crc.update(UnsafeRawBufferPointer(chunk))
        if compressedLeft == 0 { try finish() }
        return got
    }

    private func readDeflated(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            if inputStart == inputEnd && compressedLeft > 0 { try loadInput() }
            // Room for one byte beyond the declared size: producing it proves the header lied (style §3.7).
            let left = entry.size - produced
            let room = left >= Int64(buffer.count) ? buffer.count : Int(left) + 1
            let output = UnsafeMutableRawBufferPointer(rebasing: buffer[..<room])
            let pending = UnsafeRawBufferPointer(rebasing: input[inputStart..<inputEnd])
            let step = try inflater!.step(pending, into: output)
            inputStart += step.consumed
            produced += Int64(step.produced)
            crc.update(UnsafeRawBufferPointer(rebasing: output[..<step.produced]))
            if produced > entry.size {
                throw ZipError.entry(
                    .sizeMismatch,
                    display,
                    at: entry.offset,
                    "inflates to more than the \(ZipError.grouped(entry.size)) bytes its header says."
                )
            }
            switch step.outcome {
            case .corrupt(let reason):
                throw ZipError.entry(
                    .corruptData,
                    display,
                    at: entry.offset,
                    "has corrupt deflate data (\(reason))."
                )
            case .end:
                if inputStart != inputEnd || compressedLeft > 0 {
                    let unused = Int64(inputEnd - inputStart) + compressedLeft
                    throw ZipError.entry(
                        .sizeMismatch,
                        display,
                        at: entry.offset,
                        "has deflate data that ends \(ZipError.grouped(unused)) bytes before its declared compressed size of \(ZipError.grouped(entry.compressedSize))."
                    )
                }
                try finish()
                return step.produced
            case .more:
                if step.produced > 0 { return step.produced }
                if step.consumed == 0 && inputStart == inputEnd && compressedLeft == 0 {
                    throw ZipError.entry(
                        .corruptData,
                        display,
                        at: entry.offset,
                        "has deflate data that stops before its end (the compressed data is cut short)."
                    )
                }
                if step.consumed == 0 && inputStart != inputEnd {
                    // zlib made no progress with input and room: never expected, but never loop on it.
                    throw ZipError.entry(
                        .corruptData,
                        display,
                        at: entry.offset,
                        "has deflate data zlib cannot progress on."
                    )
                }
            }
        }
    }

    private func loadInput() throws {
        let wanted = Int(min(Int64(input.count), compressedLeft))
        let got = try source.readFully(at: nextOffset, into: UnsafeMutableRawBufferPointer(rebasing: input[..<wanted]))
        guard got == wanted else { throw truncated(at: nextOffset + Int64(got)) }
        nextOffset += Int64(got)
        compressedLeft -= Int64(got)
        inputStart = 0
        inputEnd = got
    }

    /// The checks at the end of the data: size, CRC-32, data descriptor.
    private func finish() throws {
        guard produced == entry.size else {
            throw ZipError.entry(
                .sizeMismatch,
                display,
                at: entry.offset,
                "is \(ZipError.grouped(produced)) bytes but its header says \(ZipError.grouped(entry.size))."
            )
        }
        guard crc.value == entry.crc32 else {
            throw ZipError.entry(
                .crcMismatch,
                display,
                at: entry.offset,
                "has CRC-32 \(LocalHeaderCheck.hex(crc.value)) but its header says \(LocalHeaderCheck.hex(entry.crc32))."
            )
        }
        if let descriptor { try checkDescriptor(zip64: descriptor.zip64, boundary: descriptor.boundary) }
        state = .finished
    }

    /// The data descriptor after the data (with or without its optional signature) must repeat the central
    /// directory's CRC-32 and sizes.
    private func checkDescriptor(zip64: Bool, boundary: Int64) throws {
        let offset = nextOffset
        let room = Int(min(Int64(DataDescriptor.size(zip64: zip64, signed: true)), boundary - offset))
        let expected = DataDescriptor(
            crc32: entry.crc32,
            compressedSize: UInt64(entry.compressedSize),
            uncompressedSize: UInt64(entry.size)
        )
        let matches = try source.withExactly(at: offset, count: room, what: "the data descriptor of entry '\(display)'") {
            raw -> Bool in
            let unsignedSize = DataDescriptor.size(zip64: zip64, signed: false)
            func agrees(_ candidate: UnsafeRawBufferPointer) -> Bool {
                guard let found = DataDescriptor.decode(unsigned: candidate, zip64: zip64) else { return false }
                return found.crc32 == expected.crc32 && found.compressedSize == expected.compressedSize
                    && found.uncompressedSize == expected.uncompressedSize
            }
            // With its optional signature, or without (APPNOTE 4.3.9.3).
            if raw.count >= unsignedSize + 4 && ByteReader.u32(raw, at: 0) == DataDescriptor.signature
                && agrees(UnsafeRawBufferPointer(rebasing: raw[4..<4 + unsignedSize]))
            {
                return true
            }
            return raw.count >= unsignedSize && agrees(UnsafeRawBufferPointer(rebasing: raw[..<unsignedSize]))
        }
        guard matches else {
            throw ZipError.entry(
                .headerMismatch,
                display,
                at: offset,
                "has a data descriptor at offset \(ZipError.grouped(offset)) that disagrees with the central directory."
            )
        }
    }

    private func truncated(at offset: Int64) -> ZipError {
        ZipError.entry(
            .truncated,
            display,
            at: entry.offset,
            "is cut short: the archive ends at byte \(ZipError.grouped(offset))."
        )
    }
}

@available(*, unavailable, message: "Owns a zlib state used by one thread at a time.")
extension ZipEntryReader: Sendable {}
