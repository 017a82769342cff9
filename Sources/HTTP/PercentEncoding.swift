/// Percent-encoding (RFC 3986 §2.1) for path segments and query components.
public enum PercentEncoding {
    /// Decodes `%XX` escapes and checks the result is UTF-8.
    ///
    /// - Parameters:
    ///   - text: the encoded text, e.g. one path segment `a%2Fb` (→ `a/b`).
    ///   - plusAsSpace: whether `+` means a space (query strings, as HTML forms and WHATWG URLSearchParams do).
    /// - Returns: the decoded string, or nil when an escape is not `%` plus two hex digits
    ///   or the decoded bytes are not valid UTF-8.
    public static func decode(_ text: some StringProtocol, plusAsSpace: Bool = false) -> String? {
        let utf8 = text.utf8
        guard utf8.contains(where: { $0 == UInt8(ascii: "%") || (plusAsSpace && $0 == UInt8(ascii: "+")) }) else {
            return String(text)
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var index = utf8.startIndex
        while index != utf8.endIndex {
            let byte = utf8[index]
            if byte == UInt8(ascii: "%") {
                let first = utf8.index(after: index)
                guard first != utf8.endIndex else { return nil }
                let second = utf8.index(after: first)
                guard second != utf8.endIndex, let high = hexValue(utf8[first]), let low = hexValue(utf8[second]) else {
                    return nil
                }
                bytes.append(high << 4 | low)
                index = utf8.index(after: second)
            } else {
                bytes.append(plusAsSpace && byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
                index = utf8.index(after: index)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    /// Encodes one path segment: everything but RFC 3986 unreserved characters and `!$&'()*,;=:@`
    /// becomes `%XX`, so `/`, `?`, `#`, `%`, `+` and spaces stay inside the segment.
    public static func encodePathSegment(_ segment: String) -> String {
        encode(segment, keeping: pathSegmentExtras)
    }

    /// Encodes a whole path of already-separated segments: `["a/b", "c d"]` → `/a%2Fb/c%20d`.
    public static func encodePath(_ segments: [String]) -> String {
        "/" + segments.map(encodePathSegment).joined(separator: "/")
    }

    /// Encodes one query name or value: everything but unreserved characters becomes `%XX` (space → `%20`).
    public static func encodeQueryComponent(_ component: String) -> String {
        encode(component, keeping: [])
    }

    /// Builds a query string (without `?`) from items, encoding names and values.
    public static func encodeQuery(_ items: [HTTPQueryItem]) -> String {
        items.map { item in
            let name = encodeQueryComponent(item.name)
            guard let value = item.value else { return name }
            return name + "=" + encodeQueryComponent(value)
        }.joined(separator: "&")
    }

    private static let pathSegmentExtras: Set<UInt8> = Set("!$&'()*,;=:@".utf8)
    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    private static func encode(_ text: String, keeping extras: Set<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if isUnreserved(byte) || extras.contains(byte) {
                out.append(byte)
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
