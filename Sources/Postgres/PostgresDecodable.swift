import Foundation
internal import CLibPQ

/// A Swift type that can be read from a column in text format.
public protocol PostgresDecodable: Sendable {
    init(postgresText bytes: [UInt8]) throws
}

/// Optional columns: NULL decodes to nil.
protocol PostgresNullDecodable { static var nullValue: Any { get } }

extension Optional: PostgresNullDecodable where Wrapped: PostgresDecodable {
    static var nullValue: Any { Optional<Wrapped>.none as Any }
}

extension Optional: PostgresDecodable where Wrapped: PostgresDecodable {
    public init(postgresText bytes: [UInt8]) throws {
        self = .some(try Wrapped(postgresText: bytes))
    }
}

private func decodingError<T>(_ bytes: [UInt8], _ type: T.Type) -> PostgresError {
    PostgresError(code: .decoding, message: "'\(String(decoding: bytes.prefix(64), as: UTF8.self))' is not a valid \(type)")
}

/// Numbers decode from their text form through `LosslessStringConvertible`.
extension PostgresDecodable where Self: LosslessStringConvertible {
    public init(postgresText bytes: [UInt8]) throws {
        guard let value = Self(String(decoding: bytes, as: UTF8.self)) else { throw decodingError(bytes, Self.self) }
        self = value
    }
}

extension String: PostgresDecodable {
    public init(postgresText bytes: [UInt8]) throws { self = String(decoding: bytes, as: UTF8.self) }
}

extension Int: PostgresDecodable {}

extension Int64: PostgresDecodable {}

extension Int32: PostgresDecodable {}

extension UInt32: PostgresDecodable {}

extension Double: PostgresDecodable {}

extension Bool: PostgresDecodable {
    public init(postgresText bytes: [UInt8]) throws {
        switch bytes.first {
        case UInt8(ascii: "t"): self = true
        case UInt8(ascii: "f"): self = false
        default: throw decodingError(bytes, Bool.self)
        }
    }
}

extension UUID: PostgresDecodable {
    public init(postgresText bytes: [UInt8]) throws {
        guard let value = UUID(uuidString: String(decoding: bytes, as: UTF8.self)) else { throw decodingError(bytes, UUID.self) }
        self = value
    }
}

extension Date: PostgresDecodable {
    public init(postgresText bytes: [UInt8]) throws {
        guard let value = PostgresTimestamp.parse(String(decoding: bytes, as: UTF8.self)) else {
            throw decodingError(bytes, Date.self)
        }
        self = value
    }
}

extension ByteA: PostgresDecodable {
    /// Text-format bytea (`\x…` hex), unescaped by libpq.
    public init(postgresText bytes: [UInt8]) throws {
        var nulTerminated = bytes
        nulTerminated.append(0)
        var length = 0
        let decoded: [UInt8]? = nulTerminated.withUnsafeBufferPointer { buffer in
            guard let raw = PQunescapeBytea(buffer.baseAddress, &length) else { return nil }
            defer { PQfreemem(raw) }
            return Array(UnsafeBufferPointer(start: raw, count: length))
        }
        guard let decoded else { throw PostgresError(code: .decoding, message: "bytea value could not be unescaped") }
        self.init(decoded)
    }
}
