import Foundation
import HTTP

/// `Content-Disposition` (RFC 6266) for archive downloads and uploads.
enum ContentDisposition {
    /// `attachment; filename="<ascii fallback>"; filename*=UTF-8''<percent-encoded>` (RFC 6266 §4.3, RFC 8187):
    /// the fallback has non-ASCII characters, `"` and `\` replaced by `_`.
    static func attachment(fileName: String) -> String {
        var fallback = ""
        for scalar in fileName.unicodeScalars {
            let plain = scalar.isASCII && scalar.value >= 0x20 && scalar.value != 0x7F && scalar != "\"" && scalar != "\\"
            fallback.unicodeScalars.append(plain ? scalar : "_")
        }
        return "attachment; filename=\"\(fallback)\"; filename*=UTF-8''\(encodeExtValue(fileName))"
    }

    /// RFC 8187 `value-chars`: `attr-char`s as they are, every other byte as `%XX`.
    static func encodeExtValue(_ text: String) -> String {
        let allowed = Set("!#$&+-.^_`|~".utf8)
        var out = ""
        for byte in text.utf8 {
            let isAlnum = (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
            if isAlnum || allowed.contains(byte) {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                out += String(format: "%%%02X", byte)
            }
        }
        return out
    }

    /// The file name a request's `Content-Disposition` gives: `filename*` (UTF-8, percent-encoded) if present and
    /// readable, else `filename` (a token or a quoted string); nil when there is none.
    static func fileName(in header: String) -> String? {
        var plain: String?
        var extended: String?
        for parameter in parameters(of: header) {
            switch parameter.name {
            case "filename*":
                let parts = parameter.value.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
                if parts.count == 3, parts[0].lowercased() == "utf-8" { extended = PercentEncoding.decode(parts[2]) }
            case "filename":
                plain = parameter.value
            default:
                break
            }
        }
        return extended ?? plain
    }

    /// The `name=value` parameters after the disposition type, names lowercased, quoted strings unquoted.
    private static func parameters(of header: String) -> [(name: String, value: String)] {
        var result: [(String, String)] = []
        var rest = Substring(header)
        guard let firstSemicolon = rest.firstIndex(of: ";") else { return [] }
        rest = rest[rest.index(after: firstSemicolon)...]
        while !rest.isEmpty {
            rest = rest.drop(while: { $0 == " " || $0 == "\t" || $0 == ";" })
            guard let equals = rest.firstIndex(of: "=") else { break }
            let name = rest[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            rest = rest[rest.index(after: equals)...].drop(while: { $0 == " " || $0 == "\t" })
            var value = ""
            if rest.first == "\"" {
                rest = rest.dropFirst()
                var escaped = false
                while let character = rest.first {
                    rest = rest.dropFirst()
                    if escaped { value.append(character); escaped = false }
                    else if character == "\\" { escaped = true }
                    else if character == "\"" { break }
                    else { value.append(character) }
                }
                rest = rest.drop(while: { $0 != ";" })
            } else {
                let end = rest.firstIndex(of: ";") ?? rest.endIndex
                value = rest[..<end].trimmingCharacters(in: .whitespaces)
                rest = rest[end...]
            }
            result.append((name, value))
        }
        return result
    }
}
