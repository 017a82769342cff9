#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A string hashed and compared by its UTF-8 bytes (code points), not by Swift's canonical equivalence.
///
/// Swift's `String ==` treats "é" (U+00E9) and "e\u{301}" as equal; PostgreSQL's `COLLATE "C"` keys do not.
/// Sets of paths and names that must mirror the database's unique keys use this.
struct PathKey: Hashable, Sendable {
    let text: String

    init(_ text: String) { self.text = text }

    /// Byte for byte with `memcmp` (a generic `elementsEqual` over the UTF-8 views cost more than the hashing).
    static func == (lhs: Self, rhs: Self) -> Bool {
        var left = lhs.text
        var right = rhs.text
        return left.withUTF8 { a in
            right.withUTF8 { b in a.count == b.count && (a.count == 0 || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0) }
        }
    }

    func hash(into hasher: inout Hasher) {
        var copy = text
        copy.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        hasher.combine(text.utf8.count)
    }
}
