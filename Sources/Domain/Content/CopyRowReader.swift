import Foundation

/// Splits the messages of a binary `COPY … TO STDOUT (FORMAT binary)` into fields, without copying.
///
/// libpq hands out one CopyData message at a time: the server sends the file header with the first row, one
/// message per row, and the trailer (field count -1) alone. Rows are parsed in place; the field buffers are
/// valid only as long as the message is (inside `copyOut`'s consumer).
struct CopyRowReader {
    private var sawHeader = false
    private static let signature: [UInt8] = Array("PGCOPY\n".utf8) + [0xFF, 0x0D, 0x0A, 0x00]
    /// Seconds from 1970-01-01 to PostgreSQL's epoch 2000-01-01.
    private static let postgresEpoch: Double = 946_684_800

    /// The fields of the row in `message` (nil entries are SQL NULL), or nil when the message holds no row
    /// (the header alone, or the trailer).
    mutating func fields(in message: UnsafeRawBufferPointer) throws -> [UnsafeRawBufferPointer?]? {
        var offset = 0
        if !sawHeader {
            guard message.count >= 19, message.prefix(11).elementsEqual(Self.signature) else {
                throw Self.malformed("the binary COPY header is missing")
            }
            let extensionLength = Int(try Self.int32(message, at: 15))
            offset = 19 + extensionLength
            sawHeader = true
            if offset == message.count { return nil }
        }
        let fieldCount = Int(try Self.int16(message, at: offset))
        offset += 2
        if fieldCount == -1 { return nil }
        var fields: [UnsafeRawBufferPointer?] = []
        fields.reserveCapacity(fieldCount)
        for _ in 0..<fieldCount {
            let length = Int(try Self.int32(message, at: offset))
            offset += 4
            if length == -1 {
                fields.append(nil)
                continue
            }
            guard length >= 0, offset + length <= message.count else { throw Self.malformed("a field runs past its row") }
            fields.append(UnsafeRawBufferPointer(rebasing: message[offset..<offset + length]))
            offset += length
        }
        return fields
    }

    static func text(_ field: UnsafeRawBufferPointer?) throws -> String {
        guard let field else { throw malformed("a text field is NULL") }
        return String(decoding: field, as: UTF8.self)
    }

    static func int64(_ field: UnsafeRawBufferPointer?) throws -> Int64 {
        guard let field, field.count == 8 else { throw malformed("an int8 field is not 8 bytes") }
        return Int64(bigEndian: field.loadUnaligned(as: Int64.self))
    }

    /// A `timestamptz`: microseconds since 2000-01-01 UTC.
    static func timestamp(_ field: UnsafeRawBufferPointer?) throws -> Date {
        // Same arithmetic as the Postgres module's text parser (whole seconds + fraction), so a timestamp read
        // here and one read as text are the same `Date`, bit for bit.
        let micros = try int64(field) + Int64(postgresEpoch) * 1_000_000
        var seconds = micros / 1_000_000
        var fraction = micros % 1_000_000
        if fraction < 0 {
            fraction += 1_000_000
            seconds -= 1
        }
        return Date(timeIntervalSince1970: Double(seconds) + Double(fraction) / 1_000_000)
    }

    private static func int16(_ bytes: UnsafeRawBufferPointer, at offset: Int) throws -> Int16 {
        guard offset + 2 <= bytes.count else { throw malformed("a row is truncated") }
        return Int16(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Int16.self))
    }

    private static func int32(_ bytes: UnsafeRawBufferPointer, at offset: Int) throws -> Int32 {
        guard offset + 4 <= bytes.count else { throw malformed("a row is truncated") }
        return Int32(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Int32.self))
    }

    private static func malformed(_ what: String) -> PostgresCopyFormatError {
        PostgresCopyFormatError(message: "unexpected binary COPY data from the server: \(what)")
    }
}

/// The server's binary COPY stream was not what this code expects (a bug or a protocol change, never user input).
struct PostgresCopyFormatError: Error, Sendable, CustomStringConvertible {
    let message: String
    var description: String { message }
}
