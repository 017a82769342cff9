import Foundation
import Postgres

/// Writes rows of a binary `COPY … FROM STDIN (FORMAT binary)` stream, with one thing `CopyBinaryEncoder` does not
/// offer: a field whose bytes arrive in pieces (``beginField(length:)`` then ``appendRaw(_:)``), so item content
/// streams from its source into the COPY without being gathered first.
///
/// Small values accumulate in `buffer` and go out in messages of about `flushThreshold` bytes; large pieces are
/// sent in slices of at most that size, so libpq's output buffer stays small too.
/// Format: PostgreSQL "COPY — Binary Format" (header, per row an int16 field count, per field an int32 length).
struct CopyRowWriter {
    private var buffer: [UInt8] = []
    private let writer: CopyInWriter
    private let flushThreshold: Int
    /// Seconds from 1970-01-01 to PostgreSQL's epoch 2000-01-01.
    private static let postgresEpoch: Double = 946_684_800

    init(writer: CopyInWriter, flushThreshold: Int = 256 << 10) {
        self.writer = writer
        self.flushThreshold = flushThreshold
        buffer.reserveCapacity(flushThreshold + 4096)
        buffer.append(contentsOf: Array("PGCOPY\n".utf8) + [0xFF, 0x0D, 0x0A, 0x00])
        appendBigEndian(Int32(0))   // flags
        appendBigEndian(Int32(0))   // header extension length
    }

    mutating func beginRow(fieldCount: Int) {
        appendBigEndian(Int16(fieldCount))
    }

    mutating func text(_ value: String) {
        var value = value
        value.withUTF8 { bytes in
            appendBigEndian(Int32(bytes.count))
            buffer.append(contentsOf: bytes)
        }
    }

    mutating func uuid(_ value: UUID) {
        appendBigEndian(Int32(16))
        withUnsafeBytes(of: value.uuid) { buffer.append(contentsOf: $0) }
    }

    mutating func int64(_ value: Int64) {
        appendBigEndian(Int32(8))
        appendBigEndian(value)
    }

    /// A `timestamptz`, microseconds since 2000-01-01 UTC.
    mutating func timestamp(_ date: Date) {
        int64(Self.microseconds(date))
    }

    /// A `timestamptz` from an archive's exact microseconds since 1970 (no trip through `Date`'s `Double`).
    mutating func timestamp(_ timestamp: ArchiveTimestamp) {
        int64(timestamp.microseconds - Int64(Self.postgresEpoch) * 1_000_000)
    }

    /// A `jsonb` value: version byte 1, then the JSON text.
    mutating func jsonb(_ json: String) {
        var json = json
        json.withUTF8 { bytes in
            appendBigEndian(Int32(bytes.count + 1))
            buffer.append(1)
            buffer.append(contentsOf: bytes)
        }
    }

    /// Starts a field of exactly `length` bytes, to be given with ``appendRaw(_:)``.
    mutating func beginField(length: Int) {
        appendBigEndian(Int32(length))
    }

    /// Bytes of the field begun with ``beginField(length:)``.
    mutating func appendRaw(_ bytes: UnsafeRawBufferPointer) throws {
        if buffer.count + bytes.count <= flushThreshold {
            buffer.append(contentsOf: bytes)
            return
        }
        try flush()
        var offset = 0
        while bytes.count - offset >= flushThreshold {
            try writer.write(UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + flushThreshold]))
            offset += flushThreshold
        }
        buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[offset...]))
    }

    /// Sends what is buffered once it reaches the threshold; call between rows.
    mutating func flushIfNeeded() throws {
        if buffer.count >= flushThreshold { try flush() }
    }

    /// Appends the trailer and sends everything left.
    mutating func finish() throws {
        appendBigEndian(Int16(-1))
        try flush()
    }

    private mutating func flush() throws {
        guard !buffer.isEmpty else { return }
        try writer.write(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    private mutating func appendBigEndian<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.bigEndian) { buffer.append(contentsOf: $0) }
    }

    static func microseconds(_ date: Date) -> Int64 {
        Int64(((date.timeIntervalSince1970 - postgresEpoch) * 1_000_000).rounded())
    }
}
