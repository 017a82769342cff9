import HTTP

/// The file name in a `Content-Disposition` response header (RFC 6266), preferring the RFC 8187 extended
/// `filename*=UTF-8''…` over the plain `filename="…"` fallback, as §4.3 tells recipients to.
enum ContentDisposition {
    /// The file name the header offers, as sent (not yet made safe); nil when it has none.
    static func fileName(from header: String) -> String? {
        var plain: String?
        var extended: String?
        for parameter in parameters(of: header) {
            switch parameter.name.lowercased() {
            case "filename*": extended = extended ?? decodeExtendedValue(parameter.value)
            case "filename": plain = plain ?? parameter.value
            default: continue
            }
        }
        return extended ?? plain
    }

    /// A name that is safe to create in the current directory: the last path component only, control
    /// characters removed, surrounding spaces trimmed; nil when nothing usable is left (``fileName(from:)``'s
    /// answer comes from the network and must never choose a directory).
    static func safeFileName(_ name: String) -> String? {
        let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        var kept = String.UnicodeScalarView()
        for scalar in last.unicodeScalars where !(scalar.value < 0x20 || (0x7F..<0xA0).contains(scalar.value)) {
            kept.append(scalar)
        }
        let trimmed = String(kept).trimmingHTTPSpaces()
        guard !trimmed.isEmpty, trimmed != ".", trimmed != ".." else { return nil }
        return trimmed
    }

    /// The `;`-separated `name=value` parameters after the disposition type, quoted strings unescaped.
    static func parameters(of header: String) -> [(name: String, value: String)] {
        var result: [(name: String, value: String)] = []
        var characters = header[...]
        // Skip the disposition type (`attachment`, `inline`).
        guard let firstSemicolon = characters.firstIndex(of: ";") else { return [] }
        characters = characters[characters.index(after: firstSemicolon)...]
        while !characters.isEmpty {
            characters = characters.drop { $0 == " " || $0 == "\t" || $0 == ";" }
            let name = characters.prefix { $0 != "=" && $0 != ";" }
            characters = characters.dropFirst(name.count)
            guard characters.first == "=" else { continue }
            characters = characters.dropFirst().drop { $0 == " " || $0 == "\t" }
            var value = ""
            if characters.first == "\"" {
                characters = characters.dropFirst()
                while let character = characters.first, character != "\"" {
                    characters = characters.dropFirst()
                    if character == "\\", let escaped = characters.first {
                        value.append(escaped)
                        characters = characters.dropFirst()
                    } else {
                        value.append(character)
                    }
                }
                characters = characters.dropFirst()  // the closing quote
                characters = characters.drop { $0 != ";" }
            } else {
                let token = characters.prefix { $0 != ";" }
                characters = characters.dropFirst(token.count)
                value = String(token).trimmingHTTPSpaces()
            }
            result.append((String(name).trimmingHTTPSpaces(), value))
        }
        return result
    }

    /// Decodes an RFC 8187 `ext-value`: `charset'language'percent-encoded`; UTF-8 and ISO-8859-1 are read,
    /// other charsets give nil (the caller then uses the plain `filename`).
    static func decodeExtendedValue(_ value: String) -> String? {
        let parts = value.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3 else { return nil }
        let charset = parts[0].lowercased()
        let encoded = parts[2]
        switch charset {
        case "utf-8":
            return PercentEncoding.decode(encoded)
        case "iso-8859-1":
            guard let bytes = percentDecodedBytes(encoded) else { return nil }
            return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
        default:
            return nil
        }
    }

    private static func percentDecodedBytes(_ text: Substring) -> [UInt8]? {
        var bytes: [UInt8] = []
        var index = text.utf8.startIndex
        let utf8 = text.utf8
        while index != utf8.endIndex {
            let byte = utf8[index]
            if byte == UInt8(ascii: "%") {
                let hex = utf8[utf8.index(after: index)...].prefix(2)
                guard hex.count == 2, let value = UInt8(String(decoding: hex, as: UTF8.self), radix: 16) else {
                    return nil
                }
                bytes.append(value)
                index = utf8.index(index, offsetBy: 3)
            } else {
                bytes.append(byte)
                index = utf8.index(after: index)
            }
        }
        return bytes
    }
}

extension StringProtocol {
    /// Without surrounding spaces and tabs.
    fileprivate func trimmingHTTPSpaces() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[start...end])
    }
}
