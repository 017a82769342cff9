import Postgres
import ZipArchive

/// A ``ZipByteSource`` over a PostgreSQL large object opened for reading.
///
/// Keeps the object's position so that reading on from where the last read ended costs one `lo_read`, not a seek
/// and a read (the ZIP reader reads each entry front to back). Valid only inside the transaction that opened the
/// object; a read-only open sees the object as of that transaction's snapshot, whatever happens to it meanwhile.
///
/// Not `Sendable`: it keeps a position and is used by one thread.
public final class LargeObjectSource: ZipByteSource {
    private let object: LargeObject
    public let size: Int64
    private var position: Int64 = 0

    /// - Throws: the database's error if the object's size cannot be read.
    public init(object: LargeObject) throws {
        self.object = object
        size = try object.size()
        try object.seek(to: 0)
    }

    public func read(at offset: Int64, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard offset >= 0, offset < size, buffer.count > 0 else { return 0 }
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

@available(*, unavailable, message: "Keeps a position; used by one thread inside one transaction.")
extension LargeObjectSource: Sendable {}
