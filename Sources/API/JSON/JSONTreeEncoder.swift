import Foundation

/// An `Encoder` that writes the contract's JSON conventions (shared/spec/api.md) into a ``JSONNode`` tree:
///
/// - `Date` → RFC 3339 UTC with milliseconds (`2021-03-11T15:47:11.123Z`);
/// - `UUID` → lowercase (Foundation's own encoder writes uppercase);
/// - optional properties that are nil → `null`, not omitted: synthesized `Encodable` conformances call
///   `encodeIfPresent`, and this encoder answers it with `null`, so every field the contract shows as
///   `"error": null` is present without hand-written `encode(to:)`. A type that wants a field left out
///   (``Problem``'s `requestId`) simply does not encode it;
/// - object members in the order they are encoded (declaration order for synthesized conformances).
///
/// Foundation's `JSONEncoder` does none of the first three, which is why this exists.
struct JSONTreeEncoder: Encoder {
    let node: JSONNode
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(node: JSONNode, codingPath: [any CodingKey] = []) {
        self.node = node
        self.codingPath = codingPath
    }

    /// The JSON value of `value`, applying the special cases above. `codingPath` is built only when `value` needs
    /// an encoder of its own.
    static func value<T: Encodable>(of value: T, codingPath: @autoclosure () -> [any CodingKey]) throws
        -> JSONNode.Value
    {
        switch value {
        case let string as String:
            return .string(string)
        case let date as Date:
            return .string(RFC3339.format(date))
        case let uuid as UUID:
            return .string(uuid.uuidString.lowercased())
        case let url as URL:
            return .string(url.absoluteString)
        case let data as Data:
            return .string(data.base64EncodedString())
        default:
            let node = JSONNode()
            try value.encode(to: JSONTreeEncoder(node: node, codingPath: codingPath()))
            return node.value
        }
    }

    static func number<T: BinaryFloatingPoint & LosslessStringConvertible>(
        _ value: T,
        codingPath: [any CodingKey]
    ) throws -> JSONNode.Value {
        guard value.isFinite else {
            throw EncodingError.invalidValue(
                value,
                EncodingError.Context(codingPath: codingPath, debugDescription: "\(value) is not a JSON number")
            )
        }
        return .number(String(value))
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let box: JSONObjectBox
        if case .object(let existing) = node.value {
            box = existing
        } else {
            box = JSONObjectBox()
            node.value = .object(box)
        }
        return KeyedEncodingContainer(JSONKeyedContainer<Key>(box: box, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let box: JSONArrayBox
        if case .array(let existing) = node.value {
            box = existing
        } else {
            box = JSONArrayBox()
            node.value = .array(box)
        }
        return JSONUnkeyedContainer(box: box, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        JSONSingleValueContainer(node: node, codingPath: codingPath)
    }
}

/// A key for array positions in coding paths.
struct JSONIndexKey: CodingKey {
    let intValue: Int?
    var stringValue: String { "\(intValue ?? 0)" }
    init(_ index: Int) { self.intValue = index }
    init?(stringValue: String) { return nil }
    init?(intValue: Int) { self.intValue = intValue }
}

/// A key for `super`.
struct JSONSuperKey: CodingKey {
    var stringValue: String { "super" }
    var intValue: Int? { nil }
    init() {}
    init?(stringValue: String) { self.init() }
    init?(intValue: Int) { return nil }
}
