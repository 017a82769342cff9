import Foundation

/// A line of `folders.jsonl` or `items.jsonl` in the current content model, decoded by hand.
///
/// `JSONDecoder` cost about 60,000 instructions per item line (a tree of boxed values, a decoder per level,
/// coding-path bookkeeping); a restore of 100,000 items spent seconds on it. These decoders scan the line once
/// with ``JSONLineScanner`` (strict JSON) and read the few fields they need. They decide as `JSONDecoder` did —
/// the whole line must be JSON first; then the fields in declaration order; unknown members are ignored; of
/// repeated members the first counts; `size` may be any JSON number with a whole value that fits — and report
/// a fault as the same `DecodingError` (kind and coding path), so ``DecodingError/archiveSentence`` words it as
/// before ("has no \"sha256\".", "has \"size\" of the wrong type (expected a whole number).").
///
/// One departure, towards the standard: JSON text that `JSONDecoder` let through (a trailing comma, a byte
/// order mark, a malformed number in a member nobody reads) is refused as "not valid JSON".
protocol ArchiveLine {
    static func decodeLine(_ bytes: UnsafeRawBufferPointer) throws -> Self
}

extension ArchiveItem: ArchiveLine {
    static func decodeLine(_ bytes: UnsafeRawBufferPointer) throws -> ArchiveItem {
        let fields = try LineFields(topLevel: bytes, keys: [
            "path", "kind", "contentType", "size", "sha256", "createdAt", "updatedAt", "entry",
        ])
        let path = try fields.string(0)
        let kindText = try fields.string(1)
        guard let kind = ItemKind(rawValue: kindText) else {
            throw fields.corrupted(1, "Cannot initialize ItemKind from invalid String value \(kindText)")
        }
        return ArchiveItem(
            path: path, kind: kind, contentType: try fields.string(2), size: try fields.int64(3),
            sha256: try fields.string(4), createdAt: try fields.timestamp(5), updatedAt: try fields.timestamp(6),
            entry: try fields.string(7))
    }
}

extension ArchiveFolder: ArchiveLine {
    static func decodeLine(_ bytes: UnsafeRawBufferPointer) throws -> ArchiveFolder {
        let fields = try LineFields(topLevel: bytes, keys: ["path", "permissions", "createdAt", "updatedAt"])
        let path = try fields.string(0)
        let list = try fields.value(1)
        guard list.kind == .array else { throw fields.mismatch(1, [Any].self) }
        var permissions: [Permission] = []
        var index = 0
        try fields.scanner.forEachElement(of: list) { element in
            let elementPath = fields.codingPath(1) + [LineKey(index: index)]
            guard element.kind != .null else {
                throw DecodingError.valueNotFound([String: Any].self, .init(codingPath: elementPath, debugDescription: ""))
            }
            guard element.kind == .object else {
                throw DecodingError.typeMismatch([String: Any].self, .init(codingPath: elementPath, debugDescription: ""))
            }
            let member = try LineFields(object: element, in: fields.scanner, keys: ["principal", "access"],
                                        codingPath: elementPath)
            let principal = try member.string(0)
            let accessText = try member.string(1)
            guard let access = Access(rawValue: accessText) else {
                throw member.corrupted(1, "Cannot initialize Access from invalid String value \(accessText)")
            }
            permissions.append(Permission(principal: principal, access: access))
            index += 1
        }
        return ArchiveFolder(path: path, permissions: permissions, createdAt: try fields.timestamp(2),
                             updatedAt: try fields.timestamp(3))
    }
}

/// The members of one JSON object that a line type reads, by position in `keys`, with the coding path to name
/// them in errors.
private struct LineFields {
    let scanner: JSONLineScanner
    private let keys: [StaticString]
    private var values: [JSONLineScanner.Value?]
    private let prefix: [any CodingKey]

    /// Scans the whole line, which must be one JSON object.
    init(topLevel bytes: UnsafeRawBufferPointer, keys: [StaticString]) throws {
        var scanner = JSONLineScanner(bytes)
        var values = [JSONLineScanner.Value?](repeating: nil, count: keys.count)
        do {
            try scanner.scanTopLevelObject { key, value in
                if let slot = Self.slot(of: key, in: bytes, keys: keys), values[slot] == nil {
                    values[slot] = value
                }
            }
        } catch let fault as JSONSyntaxFault {
            let context = DecodingError.Context(codingPath: [], debugDescription: "The given data was not valid JSON.")
            switch fault.topLevel {
            case nil: throw DecodingError.dataCorrupted(context)
            case .null?: throw DecodingError.valueNotFound([String: Any].self, context)
            default: throw DecodingError.typeMismatch([String: Any].self, context)
            }
        }
        self.scanner = scanner
        self.keys = keys
        self.values = values
        prefix = []
    }

    /// The members of a nested object of a line already scanned.
    init(object: JSONLineScanner.Value, in scanner: JSONLineScanner, keys: [StaticString],
         codingPath: [any CodingKey]) throws {
        var values = [JSONLineScanner.Value?](repeating: nil, count: keys.count)
        try scanner.forEachMember(of: object) { key, value in
            if let slot = Self.slot(of: key, in: scanner.bytes, keys: keys), values[slot] == nil {
                values[slot] = value
            }
        }
        self.scanner = scanner
        self.keys = keys
        self.values = values
        prefix = codingPath
    }

    func codingPath(_ index: Int) -> [any CodingKey] { prefix + [LineKey(keys[index])] }

    /// The member's value: present and not null.
    func value(_ index: Int) throws -> JSONLineScanner.Value {
        guard let value = values[index] else {
            throw DecodingError.keyNotFound(LineKey(keys[index]), .init(codingPath: prefix, debugDescription: ""))
        }
        guard value.kind != .null else {
            throw DecodingError.valueNotFound(Any.self, .init(codingPath: codingPath(index), debugDescription: ""))
        }
        return value
    }

    func string(_ index: Int) throws -> String {
        let value = try value(index)
        guard value.kind == .string else { throw mismatch(index, String.self) }
        return Self.decodeString(value, in: scanner.bytes)
    }

    /// A number with a whole value that fits in 64 bits (`1`, `-0`, `1.0`, `1e2`); any other number is refused
    /// as JSONDecoder refused it, as data that is not valid JSON.
    func int64(_ index: Int) throws -> Int64 {
        let value = try value(index)
        guard value.kind == .number else { throw mismatch(index, Int64.self) }
        guard let number = WholeNumber.parse(UnsafeRawBufferPointer(rebasing: scanner.bytes[value.start..<value.end]))
        else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "The given data was not valid JSON."))
        }
        return number
    }

    func timestamp(_ index: Int) throws -> ArchiveTimestamp {
        let text = try string(index)
        guard let timestamp = ArchiveTimestamp(rfc3339: text) else {
            throw corrupted(index, "'\(text.prefix(40))' is not an RFC 3339 timestamp")
        }
        return timestamp
    }

    func mismatch(_ index: Int, _ type: Any.Type) -> DecodingError {
        .typeMismatch(type, .init(codingPath: codingPath(index), debugDescription: ""))
    }

    func corrupted(_ index: Int, _ description: String) -> DecodingError {
        .dataCorrupted(.init(codingPath: codingPath(index), debugDescription: description))
    }

    /// Which of `keys` a member's key is. Keys are compared as `JSONDecoder` does, as Swift strings (after
    /// escapes); an unescaped ASCII key, the usual case, is compared byte for byte, which is the same.
    private static func slot(of key: JSONLineScanner.Value, in bytes: UnsafeRawBufferPointer,
                             keys: [StaticString]) -> Int? {
        let raw = UnsafeRawBufferPointer(rebasing: bytes[key.start..<key.end])
        if !key.hasEscapes && !raw.contains(where: { $0 >= 0x80 }) {
            return keys.firstIndex { wanted in
                wanted.utf8CodeUnitCount == raw.count && memcmp(wanted.utf8Start, raw.baseAddress!, raw.count) == 0
            }
        }
        let text = decodeString(key, in: bytes)
        return keys.firstIndex { text == $0.description }
    }

    /// A scanned (so valid) string's text, escapes resolved.
    static func decodeString(_ value: JSONLineScanner.Value, in bytes: UnsafeRawBufferPointer) -> String {
        let raw = UnsafeRawBufferPointer(rebasing: bytes[value.start..<value.end])
        guard value.hasEscapes else { return String(decoding: raw, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var index = 0
        func hex4(at offset: Int) -> UInt32 {
            (0..<4).reduce(0) { $0 << 4 | JSONLineScanner.hexValue(raw[offset + $1])! }
        }
        while index < raw.count {
            let byte = raw[index]
            guard byte == UInt8(ascii: "\\") else {
                out.append(byte)
                index += 1
                continue
            }
            let escaped = raw[index + 1]
            index += 2
            switch escaped {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = hex4(at: index)
                index += 4
                if (0xD800...0xDBFF).contains(scalar) {  // the scanner checked a low surrogate follows
                    scalar = 0x10000 + (scalar - 0xD800) << 10 + (hex4(at: index + 2) - 0xDC00)
                    index += 6
                }
                out.append(contentsOf: Unicode.UTF8.encode(Unicode.Scalar(scalar)!)!)
            default: out.append(escaped)  // " \ /
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// A key of a coding path in a decoding error: a member's name, or an array index (`Index 3`).
private struct LineKey: CodingKey {
    var stringValue: String
    var intValue: Int?

    init(_ name: StaticString) { stringValue = name.description }
    init(index: Int) { stringValue = "Index \(index)"; intValue = index }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { self.init(index: intValue) }
}

/// The exact whole value of a JSON number's text, if it has one within `Int64`.
enum WholeNumber {
    static func parse(_ text: UnsafeRawBufferPointer) -> Int64? {
        // The usual case, a plain integer of up to 18 digits, cannot overflow.
        if text.count <= 18, text.allSatisfy({ JSONLineScanner.isDigit($0) || $0 == UInt8(ascii: "-") }) {
            var value: Int64 = 0
            for byte in text where byte != UInt8(ascii: "-") { value = value * 10 + Int64(byte - 0x30) }
            return text.first == UInt8(ascii: "-") ? -value : value
        }
        var index = 0
        let negative = text.first == UInt8(ascii: "-")
        if negative { index += 1 }
        var digits: [UInt8] = []  // significant digits: integer part, then fraction
        var fractionDigits = 0
        var inFraction = false
        var exponent = 0
        while index < text.count {
            let byte = text[index]
            if JSONLineScanner.isDigit(byte) {
                if !(digits.isEmpty && byte == UInt8(ascii: "0")) || inFraction { digits.append(byte - 0x30) }
                if inFraction { fractionDigits += 1 }
                index += 1
            } else if byte == UInt8(ascii: ".") {
                inFraction = true
                index += 1
            } else {  // e or E: the scanner checked the syntax
                index += 1
                var exponentNegative = false
                if text[index] == UInt8(ascii: "+") || text[index] == UInt8(ascii: "-") {
                    exponentNegative = text[index] == UInt8(ascii: "-")
                    index += 1
                }
                while index < text.count {
                    exponent = min(exponent * 10 + Int(text[index] - 0x30), 10_000)
                    index += 1
                }
                if exponentNegative { exponent = -exponent }
            }
        }
        // value = digits × 10^(exponent − fractionDigits); drop leading zeros the fraction kept.
        while digits.first == 0 { digits.removeFirst() }
        var scale = exponent - fractionDigits
        while scale < 0 {
            guard let last = digits.last else { return 0 }
            guard last == 0 else { return nil }
            digits.removeLast()
            scale += 1
        }
        if digits.isEmpty { return 0 }
        guard digits.count + scale <= 19 else { return nil }
        var magnitude: UInt64 = 0
        for digit in digits { magnitude = magnitude * 10 + UInt64(digit) }
        for _ in 0..<scale { magnitude *= 10 }
        if negative {
            return magnitude <= UInt64(Int64.max) + 1 ? Int64(truncatingIfNeeded: 0 &- magnitude) : nil
        }
        return magnitude <= UInt64(Int64.max) ? Int64(magnitude) : nil
    }
}
