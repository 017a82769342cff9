/// A JSON value under construction by ``JSONTreeEncoder``.
///
/// Scalars are stored inline in their parent's box; arrays and objects are boxes (references), so that a container
/// handed out by the encoder fills its part of the tree after the parent stored it. A node is the slot an
/// `Encoder` writes its one value into.
final class JSONNode {
    enum Value {
        /// Nothing was encoded (serialised as `{}`, like Foundation's encoder does).
        case unset
        case null
        case bool(Bool)
        /// The number's JSON text, already formatted.
        case number(String)
        case string(String)
        case array(JSONArrayBox)
        case object(JSONObjectBox)
        /// A slot filled later through its own encoder (`superEncoder`).
        case deferred(JSONNode)
    }

    var value: Value

    init(_ value: Value = .unset) {
        self.value = value
    }
}

/// Elements of an array, appended in place.
final class JSONArrayBox {
    var elements: [JSONNode.Value] = []
}

/// Members of an object, in the order they were first encoded (so a type's declaration order is the JSON order).
final class JSONObjectBox {
    private(set) var keys: [String] = []
    private(set) var values: [JSONNode.Value] = []
    /// Built only when an object grows past a handful of members; small objects are searched linearly.
    private var positions: [String: Int]?

    /// Sets `key`; a key encoded twice keeps its first position and its last value.
    func set(_ key: String, _ value: JSONNode.Value) {
        if let position = position(of: key) {
            values[position] = value
            return
        }
        keys.append(key)
        values.append(value)
        if positions != nil {
            positions?[key] = keys.count - 1
        } else if keys.count > 16 {
            positions = Dictionary(keys.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        }
    }

    /// The value at `key`, when set.
    func value(for key: String) -> JSONNode.Value? {
        position(of: key).map { values[$0] }
    }

    private func position(of key: String) -> Int? {
        if let positions { return positions[key] }
        return keys.firstIndex(of: key)
    }
}

extension JSONNode {
    /// Compact JSON text (RFC 8259), no insignificant white space.
    func serialize(into out: inout [UInt8]) {
        Self.serialize(value, into: &out)
    }

    static func serialize(_ value: Value, into out: inout [UInt8]) {
        switch value {
        case .unset:
            out.append(contentsOf: [UInt8(ascii: "{"), UInt8(ascii: "}")])
        case .null:
            out.append(contentsOf: Array("null".utf8))
        case .bool(let flag):
            out.append(contentsOf: flag ? Array("true".utf8) : Array("false".utf8))
        case .number(let text):
            out.append(contentsOf: text.utf8)
        case .string(let text):
            appendString(text, to: &out)
        case .array(let box):
            out.append(UInt8(ascii: "["))
            for (index, element) in box.elements.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                serialize(element, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let box):
            out.append(UInt8(ascii: "{"))
            for index in box.keys.indices {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                appendString(box.keys[index], to: &out)
                out.append(UInt8(ascii: ":"))
                serialize(box.values[index], into: &out)
            }
            out.append(UInt8(ascii: "}"))
        case .deferred(let node):
            serialize(node.value, into: &out)
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// A JSON string literal: `"` and `\` escaped, control characters as `\n`, `\t`, … or `\u00XX`.
    static func appendString(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        // Most strings need no escaping: copy them whole.
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            out.append(contentsOf: text.utf8)
            out.append(UInt8(ascii: "\""))
            return
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x00..<0x20:
                out.append(contentsOf: Array("\\u00".utf8))
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0x0F)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
