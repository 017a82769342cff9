/// A string hashed and compared by its UTF-8 bytes (code points), not by Swift's canonical equivalence.
///
/// Swift's `String ==` treats "é" (U+00E9) and "e\u{301}" as equal; PostgreSQL's `COLLATE "C"` keys do not.
/// Sets of paths and names that must mirror the database's unique keys use this.
struct PathKey: Hashable, Sendable {
    let text: String

    init(_ text: String) { self.text = text }

    static func == (lhs: Self, rhs: Self) -> Bool { lhs.text.utf8.elementsEqual(rhs.text.utf8) }

    func hash(into hasher: inout Hasher) {
        var copy = text
        copy.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        hasher.combine(text.utf8.count)
    }
}
