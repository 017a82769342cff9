import Foundation

/// Object members of ``JSONTreeEncoder``.
struct JSONKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let box: JSONObjectBox
    let codingPath: [any CodingKey]

    private func set(_ key: Key, _ value: JSONNode.Value) {
        box.set(key.stringValue, value)
    }

    mutating func encodeNil(forKey key: Key) throws { set(key, .null) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { set(key, .bool(value)) }
    mutating func encode(_ value: String, forKey key: Key) throws { set(key, .string(value)) }
    mutating func encode(_ value: Double, forKey key: Key) throws {
        set(key, try JSONTreeEncoder.number(value, codingPath: codingPath + [key]))
    }
    mutating func encode(_ value: Float, forKey key: Key) throws {
        set(key, try JSONTreeEncoder.number(value, codingPath: codingPath + [key]))
    }
    mutating func encode(_ value: Int, forKey key: Key) throws { set(key, .number(String(value))) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { set(key, .number(String(value))) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { set(key, .number(String(value))) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { set(key, .number(String(value))) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { set(key, .number(String(value))) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { set(key, .number(String(value))) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { set(key, .number(String(value))) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { set(key, .number(String(value))) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { set(key, .number(String(value))) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { set(key, .number(String(value))) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        set(key, try JSONTreeEncoder.value(of: value, codingPath: codingPath + [key]))
    }

    // nil → null rather than an omitted member (see JSONTreeEncoder).
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { try encodeOrNull(value, key) }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { try encodeOrNull(value, key) }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { try encodeOrNull(value, key) }
    mutating func encodeIfPresent(_ value: Float?, forKey key: Key) throws { try encodeOrNull(value, key) }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { try encodeOrNull(value, key) }
    mutating func encodeIfPresent(_ value: Int8?, forKey key: Key) throws { try encodeOrNull(value, key) }
    mutating func encodeIfPresent(_ value: Int16?, forKey key: Key) throws { try encodeOrNull(value, key) }
    mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) throws { try encodeOrNull(value, key) }
    mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { try encodeOrNull(value, key) }
    mutating func encodeIfPresent(_ value: UInt?, forKey key: Key) throws { try encodeOrNull(value, key) }
    mutating func encodeIfPresent(_ value: UInt8?, forKey key: Key) throws { try encodeOrNull(value, key) }
    mutating func encodeIfPresent(_ value: UInt16?, forKey key: Key) throws { try encodeOrNull(value, key) }
    mutating func encodeIfPresent(_ value: UInt32?, forKey key: Key) throws { try encodeOrNull(value, key) }
    mutating func encodeIfPresent(_ value: UInt64?, forKey key: Key) throws { try encodeOrNull(value, key) }
    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws { try encodeOrNull(value, key) }

    private mutating func encodeOrNull<T: Encodable>(_ value: T?, _ key: Key) throws {
        if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type,
        forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        let nested: JSONObjectBox
        if case .object(let existing) = box.value(for: key.stringValue) {
            nested = existing
        } else {
            nested = JSONObjectBox()
            set(key, .object(nested))
        }
        return KeyedEncodingContainer(JSONKeyedContainer<NestedKey>(box: nested, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested: JSONArrayBox
        if case .array(let existing) = box.value(for: key.stringValue) {
            nested = existing
        } else {
            nested = JSONArrayBox()
            set(key, .array(nested))
        }
        return JSONUnkeyedContainer(box: nested, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder {
        let node = JSONNode()
        box.set("super", .deferred(node))
        return JSONTreeEncoder(node: node, codingPath: codingPath + [JSONSuperKey()])
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        let node = JSONNode()
        set(key, .deferred(node))
        return JSONTreeEncoder(node: node, codingPath: codingPath + [key])
    }
}

/// Array elements of ``JSONTreeEncoder``.
struct JSONUnkeyedContainer: UnkeyedEncodingContainer {
    let box: JSONArrayBox
    let codingPath: [any CodingKey]
    var count: Int { box.elements.count }

    private var nextPath: [any CodingKey] { codingPath + [JSONIndexKey(count)] }

    private func append(_ value: JSONNode.Value) {
        box.elements.append(value)
    }

    mutating func encodeNil() throws { append(.null) }
    mutating func encode(_ value: Bool) throws { append(.bool(value)) }
    mutating func encode(_ value: String) throws { append(.string(value)) }
    mutating func encode(_ value: Double) throws { append(try JSONTreeEncoder.number(value, codingPath: nextPath)) }
    mutating func encode(_ value: Float) throws { append(try JSONTreeEncoder.number(value, codingPath: nextPath)) }
    mutating func encode(_ value: Int) throws { append(.number(String(value))) }
    mutating func encode(_ value: Int8) throws { append(.number(String(value))) }
    mutating func encode(_ value: Int16) throws { append(.number(String(value))) }
    mutating func encode(_ value: Int32) throws { append(.number(String(value))) }
    mutating func encode(_ value: Int64) throws { append(.number(String(value))) }
    mutating func encode(_ value: UInt) throws { append(.number(String(value))) }
    mutating func encode(_ value: UInt8) throws { append(.number(String(value))) }
    mutating func encode(_ value: UInt16) throws { append(.number(String(value))) }
    mutating func encode(_ value: UInt32) throws { append(.number(String(value))) }
    mutating func encode(_ value: UInt64) throws { append(.number(String(value))) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        append(try JSONTreeEncoder.value(of: value, codingPath: nextPath))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<
        NestedKey
    > {
        let path = nextPath
        let nested = JSONObjectBox()
        append(.object(nested))
        return KeyedEncodingContainer(JSONKeyedContainer<NestedKey>(box: nested, codingPath: path))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let path = nextPath
        let nested = JSONArrayBox()
        append(.array(nested))
        return JSONUnkeyedContainer(box: nested, codingPath: path)
    }

    mutating func superEncoder() -> any Encoder {
        let path = nextPath
        let node = JSONNode()
        append(.deferred(node))
        return JSONTreeEncoder(node: node, codingPath: path)
    }
}

/// A single value of ``JSONTreeEncoder``.
struct JSONSingleValueContainer: SingleValueEncodingContainer {
    let node: JSONNode
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { node.value = .null }
    mutating func encode(_ value: Bool) throws { node.value = .bool(value) }
    mutating func encode(_ value: String) throws { node.value = .string(value) }
    mutating func encode(_ value: Double) throws {
        node.value = try JSONTreeEncoder.number(value, codingPath: codingPath)
    }
    mutating func encode(_ value: Float) throws {
        node.value = try JSONTreeEncoder.number(value, codingPath: codingPath)
    }
    mutating func encode(_ value: Int) throws { node.value = .number(String(value)) }
    mutating func encode(_ value: Int8) throws { node.value = .number(String(value)) }
    mutating func encode(_ value: Int16) throws { node.value = .number(String(value)) }
    mutating func encode(_ value: Int32) throws { node.value = .number(String(value)) }
    mutating func encode(_ value: Int64) throws { node.value = .number(String(value)) }
    mutating func encode(_ value: UInt) throws { node.value = .number(String(value)) }
    mutating func encode(_ value: UInt8) throws { node.value = .number(String(value)) }
    mutating func encode(_ value: UInt16) throws { node.value = .number(String(value)) }
    mutating func encode(_ value: UInt32) throws { node.value = .number(String(value)) }
    mutating func encode(_ value: UInt64) throws { node.value = .number(String(value)) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        node.value = try JSONTreeEncoder.value(of: value, codingPath: codingPath)
    }
}
