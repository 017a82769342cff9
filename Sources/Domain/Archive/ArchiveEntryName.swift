import Hashing

/// The name of the entry holding an item's bytes: `content/` followed by the item's path segments, each escaped
/// so that it is a safe file name on Linux, macOS and Windows. The exact path is in `items.jsonl`; entry names
/// are never turned back into paths.
///
/// Each segment is escaped in this order (bytes are UTF-8; `%XX` is uppercase hex of one byte):
/// 1. `%` itself, the Windows-reserved `<` `>` `:` `"` `|` `?` `*` `\`, the C0 controls U+0000–U+001F, DEL U+007F
///    and the C1 controls U+0080–U+009F become `%XX` (each byte of the character).
/// 2. A trailing `.` or space (which Windows strips) becomes `%2E` / `%20`.
/// 3. A segment whose part before the first `.`, without trailing spaces, is a Windows device name, in any case
///    (`CON`, `PRN`, `AUX`, `NUL`, `CONIN$`, `CONOUT$`, `COM1`–`COM9`, `LPT1`–`LPT9`, also with `¹²³`), has its
///    first character escaped: `CON.txt` → `%43ON.txt`.
/// 4. A result longer than 255 bytes (a common file-name limit) is cut to at most 200 bytes, never inside a
///    character or an escape, and gets `~` plus the first 16 hex digits of the SHA-256 of the original segment.
///
/// Steps 1–3 are injective, so distinct paths get distinct entry names; step 4 relies on the hash for that.
/// Not escaped (and so a limit of extracting on such systems): names that differ only in case or in Unicode
/// normalization, which case-insensitive or normalizing file systems (macOS, Windows) treat as one.
public enum ArchiveEntryName {
    /// The entry name for the item at `path` (a valid content path with a leading `/`).
    ///
    /// Built in one byte buffer (a backup names every item, so this runs 100,000 times for W2).
    public static func forItem(path: String) -> String {
        var name: [UInt8] = []
        name.reserveCapacity(ArchiveFormat.contentPrefix.utf8.count + path.utf8.count + 8)
        name.append(contentsOf: ArchiveFormat.contentPrefix.utf8.dropLast())
        var path = path
        path.withUTF8 { utf8 in
            // Split on the byte '/', never on Characters: a segment may start with a combining mark.
            var start = 0
            while start < utf8.count {
                var end = start
                while end < utf8.count && utf8[end] != UInt8(ascii: "/") { end += 1 }
                if end > start {
                    name.append(UInt8(ascii: "/"))
                    appendEscaped(UnsafeBufferPointer(rebasing: utf8[start..<end]), to: &name)
                }
                start = end + 1
            }
        }
        return String(decoding: name, as: UTF8.self)
    }

    /// One escaped segment (see the type's documentation).
    public static func escape(segment: Substring) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(segment.utf8.count + 8)
        var segment = segment
        segment.withUTF8 { appendEscaped($0, to: &bytes) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the escaped form of one segment's UTF-8 bytes to `bytes`.
    private static func appendEscaped(_ segment: UnsafeBufferPointer<UInt8>, to bytes: inout [UInt8]) {
        let start = bytes.count
        var previous: UInt8 = 0
        for byte in segment {
            // C1 controls are U+0080–U+009F: UTF-8 0xC2 followed by 0x80–0x9F.
            if previous == 0xC2, (0x80...0x9F).contains(byte) {
                bytes.removeLast()
                appendEscape(0xC2, to: &bytes)
                appendEscape(byte, to: &bytes)
            } else if needsEscape(byte) {
                appendEscape(byte, to: &bytes)
            } else {
                bytes.append(byte)
            }
            previous = byte
        }
        if bytes.count > start, let last = bytes.last, last == UInt8(ascii: ".") || last == UInt8(ascii: " ") {
            bytes.removeLast()
            appendEscape(last, to: &bytes)
        }
        if bytes.count > start, isReservedDeviceName(bytes[start...]) {
            var escaped: [UInt8] = []
            appendEscape(bytes[start], to: &escaped)
            bytes.replaceSubrange(start..<start + 1, with: escaped)
        }
        if bytes.count - start > 255 {
            let shortened = shortened(Array(bytes[start...]), original: String(decoding: segment, as: UTF8.self))
            bytes.replaceSubrange(start..., with: shortened)
        }
    }

    private static let reserved: Set<String> = {
        var names: Set<String> = ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]
        for digit in ["1", "2", "3", "4", "5", "6", "7", "8", "9", "¹", "²", "³"] {
            names.insert("COM" + digit)
            names.insert("LPT" + digit)
        }
        return names
    }()

    private static func needsEscape(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x00..<0x20, 0x7F: true
        case UInt8(ascii: "%"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: ":"), UInt8(ascii: "\""),
             UInt8(ascii: "|"), UInt8(ascii: "?"), UInt8(ascii: "*"), UInt8(ascii: "\\"): true
        default: false
        }
    }

    private static func appendEscape(_ byte: UInt8, to bytes: inout [UInt8]) {
        let digits: StaticString = "0123456789ABCDEF"
        bytes.append(UInt8(ascii: "%"))
        digits.withUTF8Buffer { hex in
            bytes.append(hex[Int(byte >> 4)])
            bytes.append(hex[Int(byte & 0x0F)])
        }
    }

    /// Whether Windows treats the name as a device: its stem (before the first `.`, trailing spaces ignored).
    private static func isReservedDeviceName(_ bytes: ArraySlice<UInt8>) -> Bool {
        // Every device name starts with one of these letters: most segments are settled by their first byte.
        switch bytes.first.map({ $0 | 0x20 }) {
        case UInt8(ascii: "a"), UInt8(ascii: "c"), UInt8(ascii: "l"), UInt8(ascii: "n"), UInt8(ascii: "p"): break
        default: return false
        }
        let stemEnd = bytes.firstIndex(of: UInt8(ascii: ".")) ?? bytes.endIndex
        guard stemEnd - bytes.startIndex <= 12 else { return false }
        var stem = bytes[..<stemEnd]
        while stem.last == UInt8(ascii: " ") { stem = stem.dropLast() }
        return reserved.contains(String(decoding: stem, as: UTF8.self).uppercased())
    }

    private static func shortened(_ bytes: [UInt8], original: String) -> [UInt8] {
        var cut = 200
        // Never inside an escape (`%XX`: an escaped name has '%' only as an escape's first byte)…
        if bytes[cut - 1] == UInt8(ascii: "%") {
            cut -= 1
        } else if bytes[cut - 2] == UInt8(ascii: "%") {
            cut -= 2
        }
        // …nor inside a UTF-8 sequence.
        while cut > 0, bytes[cut] & 0xC0 == 0x80 { cut -= 1 }
        let digest = SHA256.hex(original)
        return Array(bytes[..<cut]) + Array("~\(digest.prefix(16))".utf8)
    }
}
