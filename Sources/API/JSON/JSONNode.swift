/// A JSON value under construction by ``JSONTreeEncoder``: a reference, so that containers handed out by the
/// encoder can fill their part of the tree after the parent has stored it.
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
    }

    var value: Value

    init(_ value: Value = .unset) {
        self.value = value
    }
}

/// Elements of an array, appended in place.
final class JSONArrayBox {
    var elements: [JSONNode] = []
}

/// Members of an object, in the order they were first encoded (so a type's declaration order is the JSON order).
final class JSONObjectBox {
    private(set) var keys: [String] = []
    private(set) var nodes: [JSONNode] = []
    private var positions: [String: Int] = [:]

    /// Sets `key`; a key encoded twice keeps its first position and its last value.
    func set(_ key: String, _ node: JSONNode) {
        if let position = positions[key] {
            nodes[position] = node
        } else {
            positions[key] = keys.count
            keys.append(key)
            nodes.append(node)
        }
    }

    /// The node at `key`, creating an empty one (for nested containers asked for the same key twice).
    func node(for key: String) -> JSONNode {
        if let position = positions[key] { return nodes[position] }
        let node = JSONNode()
        set(key, node)
        return node
    }
}

extension JSONNode {
    /// Compact JSON text (RFC 8259), no insignificant white space.
    func serialize(into out: inout [UInt8]) {
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
            Self.appendString(text, to: &out)
        case .array(let box):
            out.append(UInt8(ascii: "["))
            for (index, element) in box.elements.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                element.serialize(into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let box):
            out.append(UInt8(ascii: "{"))
            for index in box.keys.indices {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                Self.appendString(box.keys[index], to: &out)
                out.append(UInt8(ascii: ":"))
                box.nodes[index].serialize(into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// A JSON string literal: `"` and `\` escaped, control characters as `\n`, `\t`, … or `\u00XX`.
    static func appendString(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
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
