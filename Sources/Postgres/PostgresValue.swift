import Foundation

/// One bound parameter as it goes on the wire.
public struct PostgresValue: Sendable, Equatable {
    public enum Format: Int32, Sendable { case text = 0, binary = 1 }

    /// The bytes, or nil for SQL NULL.
    public var bytes: [UInt8]?
    public var format: Format
    /// The parameter's type OID; 0 lets the server infer it from context.
    public var typeOID: UInt32

    public init(bytes: [UInt8]?, format: Format, typeOID: UInt32) {
        self.bytes = bytes
        self.format = format
        self.typeOID = typeOID
    }

    public static let null = PostgresValue(bytes: nil, format: .text, typeOID: 0)

    public static func text(_ string: String, typeOID: UInt32 = 0) -> PostgresValue {
        PostgresValue(bytes: Array(string.utf8), format: .text, typeOID: typeOID)
    }
}

/// Well-known type OIDs (pg_type.dat).
public enum PostgresType {
    public static let bool: UInt32 = 16
    public static let bytea: UInt32 = 17
    public static let int8: UInt32 = 20
    public static let int2: UInt32 = 21
    public static let int4: UInt32 = 23
    public static let text: UInt32 = 25
    public static let oid: UInt32 = 26
    public static let json: UInt32 = 114
    public static let float8: UInt32 = 701
    public static let timestamptz: UInt32 = 1184
    public static let uuid: UInt32 = 2950
    public static let jsonb: UInt32 = 3802
}

/// A Swift value that can be bound as a query parameter.
public protocol PostgresEncodable: Sendable {
    var postgresValue: PostgresValue { get }
}

extension String: PostgresEncodable {
    /// Sent with an unspecified type so the server infers it (text, uuid, jsonb … by context).
    public var postgresValue: PostgresValue { .text(self) }
}

extension Substring: PostgresEncodable {
    public var postgresValue: PostgresValue { .text(String(self)) }
}

extension Int: PostgresEncodable {
    public var postgresValue: PostgresValue { .text(String(self), typeOID: PostgresType.int8) }
}

extension Int64: PostgresEncodable {
    public var postgresValue: PostgresValue { .text(String(self), typeOID: PostgresType.int8) }
}

extension Int32: PostgresEncodable {
    public var postgresValue: PostgresValue { .text(String(self), typeOID: PostgresType.int4) }
}

extension UInt32: PostgresEncodable {
    /// Large-object ids and other OIDs.
    public var postgresValue: PostgresValue { .text(String(self), typeOID: PostgresType.oid) }
}

extension Bool: PostgresEncodable {
    public var postgresValue: PostgresValue { .text(self ? "t" : "f", typeOID: PostgresType.bool) }
}

extension Double: PostgresEncodable {
    public var postgresValue: PostgresValue { .text(String(self), typeOID: PostgresType.float8) }
}

extension UUID: PostgresEncodable {
    public var postgresValue: PostgresValue { .text(uuidString.lowercased(), typeOID: PostgresType.uuid) }
}

extension Date: PostgresEncodable {
    /// Microsecond precision, UTC, as PostgreSQL's `timestamptz` input.
    public var postgresValue: PostgresValue { .text(PostgresTimestamp.format(self), typeOID: PostgresType.timestamptz) }
}

/// Raw bytes, bound in binary format as `bytea` (no escaping, no size blow-up).
public struct ByteA: PostgresEncodable, Equatable {
    public var bytes: [UInt8]
    public init(_ bytes: [UInt8]) { self.bytes = bytes }
    public var postgresValue: PostgresValue { PostgresValue(bytes: bytes, format: .binary, typeOID: PostgresType.bytea) }
}

extension Array: PostgresEncodable where Element == String {
    /// A `text[]` literal; elements are quoted and escaped per the array input syntax.
    public var postgresValue: PostgresValue {
        let quoted = map { element -> String in
            var escaped = "\""
            for character in element.unicodeScalars {
                if character == "\"" || character == "\\" { escaped.unicodeScalars.append("\\") }
                escaped.unicodeScalars.append(character)
            }
            return escaped + "\""
        }
        return .text("{" + quoted.joined(separator: ",") + "}", typeOID: 1009)
    }
}
