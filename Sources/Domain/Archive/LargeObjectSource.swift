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
/// Valid only inside the transaction that opened the object; a read-only open sees the object as of that
/// transaction's snapshot, whatever happens to it meanwhile. Memory: 1.5 MiB.
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

    private let object: LargeObject
    public let size: Int64
    private var position: Int64 = 0
    private let windows = [Window(), Window(), Window()]
    private var uses = 0

    /// - Throws: the database's error if the object's size cannot be read.
    public init(object: LargeObject) throws {
        self.object = object
        size = try object.size()
        try object.seek(to: 0)
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

    /// Loads the least recently used window from `offset`.
    private func fill(at offset: Int64) throws -> Window {
        let window = windows.min { $0.lastUse < $1.lastUse }!
        window.start = -1
        window.count = try readDirect(at: offset, into: window.bytes)
        window.start = offset
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
