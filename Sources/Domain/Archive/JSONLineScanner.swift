#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A strict JSON (RFC 8259) scanner over one line's bytes, for ``ArchiveLineDecoder``: it checks the whole text
/// and finds the members of objects without building a tree.
///
/// Accepts exactly JSON: whitespace is space, tab, line feed and carriage return; strings are valid UTF-8 without
/// raw control characters, with the escapes of RFC 8259 §7 and `\u` surrogates in pairs; numbers follow §6
/// (no leading zeros, no `+`, no bare `.`); literals are `true`, `false`, `null`; no trailing commas. Nesting is
/// limited to ``maxDepth`` levels (as Foundation's decoder limits it), so a hostile line cannot exhaust the stack.
///
/// Every fault is a ``JSONSyntaxFault``, which the decoder reports as "is not valid JSON."
struct JSONLineScanner {
    /// One value of the line: its kind and where its bytes are (for strings, between the quotes).
    struct Value {
        enum Kind: Equatable { case string, number, object, array, bool, null }
        var kind: Kind
        var start: Int
        var end: Int
        /// For strings: whether the bytes hold escapes (else they are the string's UTF-8 as is).
        var hasEscapes = false
    }

    /// Deepest nesting of arrays and objects accepted.
    static let maxDepth = 512

    let bytes: UnsafeRawBufferPointer
    private(set) var position = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    // MARK: - Structure

    /// Scans the whole text as one object and calls `member` with each member's key and value, in order.
    /// Nested values are checked but not reported.
    mutating func scanTopLevelObject(_ member: (Value, Value) throws -> Void) throws {
        skipWhitespace()
        let value = try scanValue(depth: 0, reporting: true, to: member)
        skipWhitespace()
        guard position == bytes.count else { throw JSONSyntaxFault() }
        if value.kind != JSONLineScanner.Value.Kind.object { throw JSONSyntaxFault.notAnObject(value.kind) }
    }

    /// The members of the object `value` (scanned before, so known to be valid), in order.
    func forEachMember(of value: Value, _ member: (Value, Value) throws -> Void) throws {
        var inner = JSONLineScanner(bytes)
        inner.position = value.start
        _ = try inner.scanValue(depth: 0, reporting: true, to: member)
    }

    /// The elements of the array `value` (scanned before, so known to be valid), in order.
    func forEachElement(of value: Value, _ element: (Value) throws -> Void) throws {
        var inner = JSONLineScanner(bytes)
        inner.position = value.start + 1
        inner.skipWhitespace()
        if inner.peek() == UInt8(ascii: "]") { return }
        while true {
            try element(try inner.scanValue(depth: 1, reporting: false, to: { _, _ in }))
            inner.skipWhitespace()
            if inner.take() == UInt8(ascii: "]") { return }
            inner.skipWhitespace()
        }
    }

    /// Scans one value at `position`; if `reporting` and it is an object, reports its members (not those of
    /// nested objects) to `member`.
    private mutating func scanValue(
        depth: Int, reporting: Bool, to member: (Value, Value) throws -> Void
    ) throws -> Value {
        guard let byte = peek() else { throw JSONSyntaxFault() }
        let start = position
        switch byte {
        case UInt8(ascii: "{"):
            guard depth < Self.maxDepth else { throw JSONSyntaxFault() }
            position += 1
            skipWhitespace()
            if peek() == UInt8(ascii: "}") {
                position += 1
                return Value(kind: .object, start: start, end: position)
            }
            while true {
                guard peek() == UInt8(ascii: "\"") else { throw JSONSyntaxFault() }
                let key = try scanString()
                skipWhitespace()
                guard take() == UInt8(ascii: ":") else { throw JSONSyntaxFault() }
                skipWhitespace()
                let value = try scanValue(depth: depth + 1, reporting: false, to: member)
                if reporting { try member(key, value) }
                skipWhitespace()
                switch take() {
                case UInt8(ascii: ","): skipWhitespace()
                case UInt8(ascii: "}"): return Value(kind: .object, start: start, end: position)
                default: throw JSONSyntaxFault()
                }
            }
        case UInt8(ascii: "["):
            guard depth < Self.maxDepth else { throw JSONSyntaxFault() }
            position += 1
            skipWhitespace()
            if peek() == UInt8(ascii: "]") {
                position += 1
                return Value(kind: .array, start: start, end: position)
            }
            while true {
                _ = try scanValue(depth: depth + 1, reporting: false, to: member)
                skipWhitespace()
                switch take() {
                case UInt8(ascii: ","): skipWhitespace()
                case UInt8(ascii: "]"): return Value(kind: .array, start: start, end: position)
                default: throw JSONSyntaxFault()
                }
            }
        case UInt8(ascii: "\""):
            return try scanString()
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return Value(kind: .bool, start: start, end: position)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return Value(kind: .bool, start: start, end: position)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return Value(kind: .null, start: start, end: position)
        default:
            try scanNumber()
            return Value(kind: .number, start: start, end: position)
        }
    }

    // MARK: - Scalars

    /// A string at `position` (its opening quote), checked: escapes, control characters, UTF-8.
    private mutating func scanString() throws -> Value {
        position += 1
        let start = position
        var escapes = false
        var nonASCII = false
        while true {
            guard let byte = take() else { throw JSONSyntaxFault() }
            switch byte {
            case UInt8(ascii: "\""):
                if nonASCII && !Self.isValidUTF8(UnsafeRawBufferPointer(rebasing: bytes[start..<position - 1])) {
                    throw JSONSyntaxFault()
                }
                return Value(kind: .string, start: start, end: position - 1, hasEscapes: escapes)
            case UInt8(ascii: "\\"):
                escapes = true
                try scanEscape()
            case 0..<0x20:
                throw JSONSyntaxFault()
            case 0x80...:
                nonASCII = true
            default:
                break
            }
        }
    }

    /// The escape after a backslash; `\u` surrogates must come in high–low pairs.
    private mutating func scanEscape() throws {
        switch take() {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
             UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return
        case UInt8(ascii: "u"):
            let unit = try hex4()
            if (0xDC00...0xDFFF).contains(unit) { throw JSONSyntaxFault() }
            if (0xD800...0xDBFF).contains(unit) {
                guard take() == UInt8(ascii: "\\"), take() == UInt8(ascii: "u"),
                      (0xDC00...0xDFFF).contains(try hex4()) else { throw JSONSyntaxFault() }
            }
        default:
            throw JSONSyntaxFault()
        }
    }

    private mutating func hex4() throws -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = take(), let digit = Self.hexValue(byte) else { throw JSONSyntaxFault() }
            value = value << 4 | digit
        }
        return value
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    private mutating func scanNumber() throws {
        if peek() == UInt8(ascii: "-") { position += 1 }
        guard let first = take(), Self.isDigit(first) else { throw JSONSyntaxFault() }
        if first != UInt8(ascii: "0") { skipDigits() }
        if peek() == UInt8(ascii: ".") {
            position += 1
            guard let digit = peek(), Self.isDigit(digit) else { throw JSONSyntaxFault() }
            skipDigits()
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            position += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { position += 1 }
            guard let digit = peek(), Self.isDigit(digit) else { throw JSONSyntaxFault() }
            skipDigits()
        }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws {
        let count = literal.utf8CodeUnitCount
        guard bytes.count - position >= count,
              memcmp(bytes.baseAddress! + position, literal.utf8Start, count) == 0 else { throw JSONSyntaxFault() }
        position += count
    }

    // MARK: - Bytes

    private func peek() -> UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func take() -> UInt8? {
        guard position < bytes.count else { return nil }
        defer { position += 1 }
        return bytes[position]
    }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    private mutating func skipDigits() {
        while position < bytes.count, Self.isDigit(bytes[position]) { position += 1 }
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case 0x30...0x39: UInt32(byte - 0x30)
        case 0x41...0x46: UInt32(byte - 0x41 + 10)
        case 0x61...0x66: UInt32(byte - 0x61 + 10)
        default: nil
        }
    }

    /// Well-formed UTF-8 (Unicode 15, table 3-7): no overlong forms, no surrogates, nothing above U+10FFFF.
    static func isValidUTF8(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var index = 0
        func continuation(_ offset: Int, _ range: ClosedRange<UInt8> = 0x80...0xBF) -> Bool {
            index + offset < bytes.count && range.contains(bytes[index + offset])
        }
        while index < bytes.count {
            let lead = bytes[index]
            switch lead {
            case 0x00...0x7F: index += 1
            case 0xC2...0xDF:
                guard continuation(1) else { return false }
                index += 2
            case 0xE0...0xEF:
                let second: ClosedRange<UInt8> = lead == 0xE0 ? 0xA0...0xBF : lead == 0xED ? 0x80...0x9F : 0x80...0xBF
                guard continuation(1, second), continuation(2) else { return false }
                index += 3
            case 0xF0...0xF4:
                let second: ClosedRange<UInt8> = lead == 0xF0 ? 0x90...0xBF : lead == 0xF4 ? 0x80...0x8F : 0x80...0xBF
                guard continuation(1, second), continuation(2), continuation(3) else { return false }
                index += 4
            default:
                return false
            }
        }
        return true
    }
}

/// The line is not JSON text (or not an object: then `topLevel` says what it is instead).
struct JSONSyntaxFault: Error {
    var topLevel: JSONLineScanner.Value.Kind?

    init() { topLevel = nil }

    static func notAnObject(_ kind: JSONLineScanner.Value.Kind) -> JSONSyntaxFault {
        var fault = JSONSyntaxFault()
        fault.topLevel = kind
        return fault
    }
}
