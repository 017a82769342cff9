import Foundation

/// Builds the binary `COPY … FROM STDIN (FORMAT binary)` stream (PostgreSQL "COPY: Binary Format").
///
/// Binary COPY avoids escaping entirely: bytea columns go in as raw bytes, so bulk loads of item
/// content cost a `memcpy`, not a per-byte escape. Rows accumulate in `buffer`; hand it to a
/// `CopyInWriter` with `flush(to:)` whenever `shouldFlush` says so.
public struct CopyBinaryEncoder: Sendable {
    public private(set) var buffer: [UInt8] = []
    public let flushThreshold: Int
    private var fieldsLeft = 0

    /// Seconds from 1970-01-01 to PostgreSQL's epoch 2000-01-01.
    private static let postgresEpoch: Double = 946_684_800

    public init(flushThreshold: Int = 256 << 10) {
        self.flushThreshold = flushThreshold
        buffer.reserveCapacity(flushThreshold + 4096)
        buffer.append(contentsOf: Array("PGCOPY\n".utf8) + [0xFF, 0x0D, 0x0A, 0x00])
        appendBigEndian(Int32(0))   // flags
        appendBigEndian(Int32(0))   // header extension length
    }

    public var shouldFlush: Bool { buffer.count >= flushThreshold }

    /// Starts a row of `fieldCount` fields.
    public mutating func beginRow(fieldCount: Int) {
        precondition(fieldsLeft == 0, "previous row is incomplete")
        appendBigEndian(Int16(fieldCount))
        fieldsLeft = fieldCount
    }

    public mutating func appendNull() {
        appendBigEndian(Int32(-1))
        fieldsLeft -= 1
    }

    public mutating func append(text: String) {
        var text = text
        text.withUTF8 { append(bytes: UnsafeRawBufferPointer($0)) }
    }

    public mutating func append(text: String?) {
        if let text { append(text: text) } else { appendNull() }
    }

    public mutating func append(bytes: UnsafeRawBufferPointer) {
        appendBigEndian(Int32(bytes.count))
        buffer.append(contentsOf: bytes)
        fieldsLeft -= 1
    }

    public mutating func append(bytes: [UInt8]) {
        bytes.withUnsafeBytes { append(bytes: $0) }
    }

    public mutating func append(int64 value: Int64) {
        appendBigEndian(Int32(8))
        appendBigEndian(value)
        fieldsLeft -= 1
    }

    public mutating func append(int32 value: Int32) {
        appendBigEndian(Int32(4))
        appendBigEndian(value)
        fieldsLeft -= 1
    }

    public mutating func append(bool value: Bool) {
        appendBigEndian(Int32(1))
        buffer.append(value ? 1 : 0)
        fieldsLeft -= 1
    }

    public mutating func append(uuid: UUID) {
        appendBigEndian(Int32(16))
        withUnsafeBytes(of: uuid.uuid) { buffer.append(contentsOf: $0) }
        fieldsLeft -= 1
    }

    /// A `timestamptz` at microsecond precision.
    public mutating func append(timestamp date: Date) {
        let micros = ((date.timeIntervalSince1970 - Self.postgresEpoch) * 1_000_000).rounded()
        append(int64: Int64(micros))
    }

    /// A `jsonb` value (version byte 1, then the JSON text).
    public mutating func append(jsonb text: String) {
        let utf8 = Array(text.utf8)
        appendBigEndian(Int32(utf8.count + 1))
        buffer.append(1)
        buffer.append(contentsOf: utf8)
        fieldsLeft -= 1
    }

    /// Sends the buffered rows and empties the buffer.
    public mutating func flush(to writer: CopyInWriter) throws {
        try writer.write(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Appends the trailer and sends everything left.
    public mutating func finish(to writer: CopyInWriter) throws {
        precondition(fieldsLeft == 0, "last row is incomplete")
        appendBigEndian(Int16(-1))
        try flush(to: writer)
    }

    private mutating func appendBigEndian<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.bigEndian) { buffer.append(contentsOf: $0) }
    }
}
