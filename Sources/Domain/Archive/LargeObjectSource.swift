import Foundation
import Postgres
import ZipArchive

/// A ``ZipByteSource`` over a PostgreSQL large object opened for reading.
///
/// Every `lo_lseek64`/`lo_read` is a round trip to the server, and the ZIP reader asks for many small ranges (a
/// local header, then a few KiB of data per item): one round trip per request made a restore of 10,000 small
/// items spend most of its time waiting. So reads go through three read-ahead windows of 512 KiB, one per place
/// the reader walks front to back at once: the content entries, `items.jsonl` elsewhere in the archive, and the
/// central directory (each item's record is looked up before its content is read). With two, every refill for
/// `items.jsonl` evicted the central directory's window, and the next lookup evicted `items.jsonl`'s: extra
/// 512 KiB reads for every 256 KiB of lines. A request larger than a window bypasses them.
///
/// With a ``LargeObjectReadAhead``, each window's next 512 KiB are loaded on another thread while the caller
/// works through the window, and a miss that continues a window (the next local header, the next 256 KiB of
/// `items.jsonl`) takes them from there: the window keeps the bytes from the miss to its end and is topped up
/// with the loaded ones. Any other miss reads directly, as without read-ahead.
///
/// Valid only inside the transaction that opened the object; a read-only open sees the object as of that
/// transaction's snapshot, whatever happens to it meanwhile. Memory: 1.5 MiB, 3 MiB with read-ahead.
///
/// Not `Sendable`: it keeps windows and a position, and is used by one thread.
public final class LargeObjectSource: ZipByteSource {
    private final class Window {
        let bytes = UnsafeMutableRawBufferPointer.allocate(byteCount: LargeObjectSource.windowSize, alignment: 16)
        var start: Int64 = -1
        var count = 0
        var lastUse = 0
        deinit { bytes.deallocate() }

        func covers(_ offset: Int64, _ length: Int) -> Bool {
            start >= 0 && offset >= start && offset + Int64(length) <= start + Int64(count)
        }
    }

    static let windowSize = 512 << 10

    /// The number of windows, and of read-ahead slots a ``LargeObjectReadAhead`` for this source needs.
    public static let windowCount = 3

    private let object: LargeObject
    public let size: Int64
    private var position: Int64 = 0
    private let windows = (0..<LargeObjectSource.windowCount).map { _ in Window() }
    private var uses = 0
    private let readAhead: LargeObjectReadAhead?

    /// - Parameter readAhead: loads what follows each window; made with ``makeReadAhead(oid:connection:snapshot:)``
    ///   for the same object, and closed by the caller after the last read.
    /// - Throws: the database's error if the object's size cannot be read.
    public init(object: LargeObject, readAhead: LargeObjectReadAhead? = nil) throws {
        self.object = object
        self.readAhead = readAhead
        size = try object.size()
        try object.seek(to: 0)
    }

    /// A read-ahead for a source of `oid` with one slot per window (see ``LargeObjectReadAhead``).
    public static func makeReadAhead(oid: UInt32, connection: PostgresConnection, snapshot: String) -> LargeObjectReadAhead {
        LargeObjectReadAhead(connection: connection, snapshot: snapshot, oid: oid, slots: windowCount, slotSize: windowSize)
    }

    public func read(at offset: Int64, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard offset >= 0, offset < size, buffer.count > 0 else { return 0 }
        let wanted = Int(min(Int64(buffer.count), size - offset))
        let target = UnsafeMutableRawBufferPointer(rebasing: buffer[..<wanted])
        if wanted >= Self.windowSize { return try readDirect(at: offset, into: target) }
        uses += 1
        let window: Window
        if let cached = windows.first(where: { $0.covers(offset, wanted) }) {
            window = cached
        } else {
            window = try fill(at: offset)
        }
        window.lastUse = uses
        let available = min(wanted, Int(window.start + Int64(window.count) - offset))
        guard available > 0 else { return 0 }
        target.baseAddress!.copyMemory(from: window.bytes.baseAddress! + Int(offset - window.start), byteCount: available)
        return available
    }

    /// Loads a window from `offset`: the one whose stream this continues (it holds `offset` or ends there), else
    /// the least recently used. Then asks the read-ahead for what follows it.
    private func fill(at offset: Int64) throws -> Window {
        let index = windows.firstIndex { $0.start >= 0 && $0.start <= offset && offset <= $0.start + Int64($0.count) }
            ?? windows.indices.min { windows[$0].lastUse < windows[$1].lastUse }!
        let window = windows[index]
        // The bytes from `offset` to the window's end stay (moved to the front); the rest comes from the slot
        // loaded from that end, or directly.
        var kept = 0
        if window.start >= 0, window.start <= offset, offset <= window.start + Int64(window.count) {
            kept = Int(window.start + Int64(window.count) - offset)
            if kept > 0 {
                memmove(window.bytes.baseAddress!, window.bytes.baseAddress! + Int(offset - window.start), kept)
            }
        }
        window.start = -1
        let rest = UnsafeMutableRawBufferPointer(rebasing: window.bytes[kept...])
        let next = offset + Int64(kept)
        let count: Int
        if let readAhead, let loaded = try readAhead.take(slot: index, at: next, into: rest) {
            count = kept + loaded
        } else {
            count = kept + (next < size ? try readDirect(at: next, into: rest) : 0)
        }
        window.count = count
        window.start = offset
        let end = offset + Int64(count)
        if let readAhead, end < size { readAhead.request(slot: index, at: end) }
        return window
    }

    private func readDirect(at offset: Int64, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if offset != position {
            try object.seek(to: offset)
            position = offset
        }
        let wanted = Int(min(Int64(buffer.count), size - offset))
        var done = 0
        while done < wanted {
            let count = try object.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[done..<wanted]))
            if count == 0 { break }
            done += count
            position += Int64(count)
        }
        return done
    }
}

@available(*, unavailable, message: "Keeps windows and a position; used by one thread inside one transaction.")
extension LargeObjectSource: Sendable {}
