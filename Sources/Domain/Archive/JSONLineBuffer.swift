/// Builds the JSON text of `folders.jsonl` and `items.jsonl` records straight into a byte buffer.
///
/// Written by hand because `JSONEncoder` costs about 10 µs per record (one second for 100,000 items, per
/// `facts.md`), which is most of a backup's per-item cost. The output is the same JSON `JSONEncoder` gives with
/// `[.sortedKeys, .withoutEscapingSlashes]` — keys in sorted order, no spaces, `/` and non-ASCII unescaped —
/// so archives keep their exact shape; `JSONLineEncodingTests` compares both byte for byte.
struct JSONLineBuffer {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int) { bytes.reserveCapacity(capacity) }

    var count: Int { bytes.count }

    mutating func removeAll() { bytes.removeAll(keepingCapacity: true) }

    /// `{` — every record is one object.
    mutating func beginObject() { bytes.append(UInt8(ascii: "{")) }

    /// `}` (and a newline when `endOfLine`).
    mutating func endObject(endOfLine: Bool = false) {
        bytes.append(UInt8(ascii: "}"))
        if endOfLine { bytes.append(UInt8(ascii: "\n")) }
    }

    mutating func beginArray() { bytes.append(UInt8(ascii: "[")) }
    mutating func endArray() { bytes.append(UInt8(ascii: "]")) }
    mutating func comma() { bytes.append(UInt8(ascii: ",")) }

    /// `"key":`, with a leading comma unless it is the object's first key. Keys are ASCII identifiers.
    mutating func key(_ key: StaticString, first: Bool = false) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    mutating func integer(_ value: Int64) {
        if value >= 0 && value < 10 {
            bytes.append(UInt8(ascii: "0") + UInt8(value))
        } else {
            bytes.append(contentsOf: String(value).utf8)
        }
    }

    /// A timestamp as its RFC 3339 string (see ``ArchiveTimestamp``).
    mutating func timestamp(_ value: ArchiveTimestamp) {
        bytes.append(UInt8(ascii: "\""))
        value.appendRFC3339(to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    /// Folder permissions as `[{"access":…,"principal":…},…]`: the fields of ``Permission``'s `Codable`
    /// conformance, keys sorted. The one spelling of a permission list, for `folders.jsonl` and for the
    /// `folders.permissions` column (``PermissionsJSON``).
    mutating func permissions(_ permissions: [Permission]) {
        beginArray()
        for (index, permission) in permissions.enumerated() {
            if index > 0 { comma() }
            beginObject()
            key("access", first: true)
            string(permission.access.rawValue)
            key("principal")
            string(permission.principal)
            endObject()
        }
        endArray()
    }

    /// A JSON string: `"` and `\` escaped, `\b \f \n \r \t` by name, other C0 controls as `\u00XX`; everything
    /// else (including `/`, DEL and non-ASCII) as its UTF-8 bytes. Runs without escapes are copied whole.
    mutating func string(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { utf8 in
            var runStart = 0
            for index in utf8.indices {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                if runStart < index { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index])) }
                appendEscape(byte)
                runStart = index + 1
            }
            if runStart < utf8.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...])) }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func appendEscape(_ byte: UInt8) {
        bytes.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
        case 0x08: bytes.append(UInt8(ascii: "b"))
        case 0x0C: bytes.append(UInt8(ascii: "f"))
        case UInt8(ascii: "\n"): bytes.append(UInt8(ascii: "n"))
        case UInt8(ascii: "\r"): bytes.append(UInt8(ascii: "r"))
        case UInt8(ascii: "\t"): bytes.append(UInt8(ascii: "t"))
        default:
            let digits: StaticString = "0123456789abcdef"
            bytes.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
            digits.withUTF8Buffer { hex in
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 0x0F)])
            }
        }
    }
}

/// A record that writes itself as one line of a JSON Lines entry (see ``JSONLineBuffer``).
protocol JSONLineEncodable {
    /// Appends the record's JSON object and a newline.
    func appendJSONLine(to buffer: inout JSONLineBuffer)
}
