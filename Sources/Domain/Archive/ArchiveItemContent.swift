import Hashing
import ZipArchive

/// The bytes of one item while an ``ArchiveReader`` reads the archive: handed to the caller's item closure, which
/// may read them once, pushed (``read(_:)``) or pulled (``read(into:)``). Bytes the caller does not read are read
/// and checked by the reader.
///
/// The CRC-32 and size are checked by the ZIP reader, the SHA-256 here; a mismatch throws at the end of the
/// bytes, so whatever was received before is valid only once the end was reached without error. Each byte is
/// hashed once: a caller that needs the bytes checked (a restore) relies on this check instead of its own.
///
/// The entry stream, the SHA-256 context and the buffer of ``read(_:)`` are the reader's, reused from item to item (one zlib state and
/// one input buffer for the whole archive, not one per item).
///
/// Not `Sendable`: valid only inside the item closure, on its thread.
public final class ArchiveItemContent<Source: ZipByteSource> {
    private let reader: ArchiveReader<Source>
    private let entry: ZipEntry
    /// The item's metadata, already checked (its entry exists and declares `item.size` bytes).
    public let item: ArchiveItem
    private var stream: ZipEntryReader<Source>?
    private var finished = false

    init(reader: ArchiveReader<Source>, entry: ZipEntry, item: ArchiveItem) {
        self.reader = reader
        self.entry = entry
        self.item = item
    }

    /// Whether the caller started reading.
    var wasRead: Bool { stream != nil }

    /// Fills the start of `buffer` with the item's next bytes and returns how many; 0 at the end, once every
    /// checksum matched.
    /// - Throws: ``ArchiveError/invalid(_:)`` for a fault of the entry or a checksum mismatch; the source's errors.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if finished { return 0 }
        let stream: ZipEntryReader<Source>
        if let current = self.stream {
            stream = current
        } else {
            stream = try reader.contentStream(for: entry)
            self.stream = stream
            reader.itemDigest.restart()
        }
        // The reader's stream moves on to the next item: a content kept past its closure must not read that.
        guard stream.entry.offset == entry.offset else {
            throw ArchiveWriterMisuse(message: "an item's content is valid only inside its item closure")
        }
        let count = try ArchiveReaderErrors.mapZip { try stream.read(into: buffer) }
        if count > 0 {
            reader.itemDigest.update(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
            return count
        }
        finished = true
        try ArchiveContentCheck.requireDigest(reader.itemDigest.finalizeHexAndRestart(), of: entry, item: item)
        return 0
    }

    /// Streams the item's bytes to `body` in pieces of up to 256 KiB, then checks them (see ``read(into:)``).
    /// - Throws: as ``read(into:)``, and `body`'s errors unchanged.
    public func read(_ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        let buffer = reader.contentBuffer
        while true {
            let count = try read(into: buffer)
            if count == 0 { return }
            try body(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
        }
    }
}

@available(*, unavailable, message: "Valid only inside the item closure, on its thread.")
extension ArchiveItemContent: Sendable {}
