/// The contract's rules for a content path ("Names and paths"), as an archive's metadata must follow them:
/// a leading `/`, then `/`-separated segments of 1–255 bytes of UTF-8, without control characters, never `.` or `..`.
///
/// The content engineer's name rules (Domain/Names) are the reference for the API; this copy exists so that
/// archives are checked without depending on the content store.
enum ContentPathRules {
    /// Completes "The path '…' …"; nil when the path is acceptable.
    static func fault(in path: String) -> String? {
        guard path.hasPrefix("/") else { return "does not start with '/'." }
        guard path.utf8.count > 1 else { return "is the root, which is neither a folder nor an item." }
        for segment in path.utf8.dropFirst().split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false) {
            if segment.isEmpty { return "has an empty segment ('//' or a trailing '/')." }
            if segment.count > 255 { return "has a segment of \(segment.count) bytes; at most 255 are allowed." }
            if segment.elementsEqual([UInt8(ascii: ".")]) || segment.elementsEqual([UInt8(ascii: "."), UInt8(ascii: ".")]) {
                return "has a '.' or '..' segment."
            }
        }
        for scalar in path.unicodeScalars where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
            return "contains the control character U+\(hex(scalar.value))."
        }
        return nil
    }

    /// The paths of the folders above `path`, nearest last: `/a/b/c` → `/a`, `/a/b`.
    static func ancestors(of path: String) -> [String] {
        var result: [String] = []
        var index = path.utf8.index(after: path.utf8.startIndex)
        while let slash = path.utf8[index...].firstIndex(of: UInt8(ascii: "/")) {
            result.append(String(path[..<slash]))
            index = path.utf8.index(after: slash)
        }
        return result
    }

    /// `path` as the archive's messages quote it: control characters shown as `\u{…}`, long paths shortened.
    static func display(_ path: String) -> String {
        var out = ""
        for (count, scalar) in path.unicodeScalars.enumerated() {
            if count == 200 { out += "…"; break }
            if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                out += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
