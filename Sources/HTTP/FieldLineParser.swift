/// Parses and validates the pieces of a message head: field lines (RFC 9112 §5) and tokens (RFC 9110 §5.6.2).
enum FieldLineParser {
    /// Parses `name ":" OWS value OWS`.
    ///
    /// - Throws: `obsoleteLineFolding` for a line starting with white space (RFC 9112 §5.2 lets a server refuse it),
    ///   `malformedHeader` for a missing colon, a name that is not a token (including white space before the colon,
    ///   RFC 9112 §5.1) or a value with control characters (CR, NUL, …; RFC 9110 §5.5).
    static func parseField(_ line: UnsafeRawBufferPointer, number: Int) throws(HTTPParseError) -> HTTPHeaders.Field {
        guard let first = line.first else {
            throw HTTPParseError(.malformedHeader, "Header line \(number) is empty.")
        }
        if first == 0x20 || first == 0x09 {
            throw HTTPParseError(
                .obsoleteLineFolding,
                "Header line \(number) starts with white space (obsolete line folding); put each field on one line."
            )
        }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else {
            throw HTTPParseError(
                .malformedHeader,
                "Header line \(number) '\(printable(line))' has no ':' between name and value."
            )
        }
        let nameBytes = UnsafeRawBufferPointer(rebasing: line[..<colon])
        guard !nameBytes.isEmpty, nameBytes.allSatisfy(isTokenByte) else {
            throw HTTPParseError(
                .malformedHeader,
                "Header line \(number) has an invalid field name '\(printable(nameBytes))'; "
                    + "names are tokens without spaces."
            )
        }
        var start = colon + 1
        var end = line.count
        while start < end && (line[start] == 0x20 || line[start] == 0x09) { start += 1 }
        while end > start && (line[end - 1] == 0x20 || line[end - 1] == 0x09) { end -= 1 }
        let valueBytes = UnsafeRawBufferPointer(rebasing: line[start..<end])
        guard valueBytes.allSatisfy(isFieldValueByte) else {
            throw HTTPParseError(
                .malformedHeader,
                "The value of header '\(printable(nameBytes))' contains a control character (CR, LF, NUL or similar)."
            )
        }
        return HTTPHeaders.Field(name: String(decoding: nameBytes, as: UTF8.self), value: decodeValue(valueBytes))
    }

    /// Field values are UTF-8 in practice; bytes that are not valid UTF-8 are read as ISO-8859-1
    /// (RFC 9110 §5.5 obs-text), so no input is lost or rejected for its encoding alone.
    static func decodeValue(_ bytes: UnsafeRawBufferPointer) -> String {
        if bytes.allSatisfy({ $0 < 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
    }

    /// tchar (RFC 9110 §5.6.2): visible ASCII except delimiters.
    static func isTokenByte(_ byte: UInt8) -> Bool {
        tokenTable[Int(byte)]
    }

    /// field-vchar / SP / HTAB / obs-text.
    static func isFieldValueByte(_ byte: UInt8) -> Bool {
        byte == 0x09 || (byte >= 0x20 && byte != 0x7F)
    }

    private static let tokenTable: [Bool] = (0..<256).map { value in
        let byte = UInt8(value)
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }

    /// Untrusted bytes made safe for an error message: at most 100, non-printable ones escaped.
    static func printable(_ bytes: UnsafeRawBufferPointer) -> String {
        var out = ""
        for byte in bytes.prefix(100) {
            if byte >= 0x20 && byte < 0x7F {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                out += "\\x" + String(byte, radix: 16, uppercase: true)
            }
        }
        return bytes.count > 100 ? out + "…" : out
    }
}
