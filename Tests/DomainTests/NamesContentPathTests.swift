import Domain
import Testing

@Suite("Content paths")
struct NamesContentPathTests {
    @Test("Segments from URLs are normalized to /seg1/seg2", arguments: [
        (["Orders"], "/Orders"),
        (["Orders", "Order Service"], "/Orders/Order Service"),
        (["Jane's", "100%", "a.b", "...", ".hidden", "x."], "/Jane's/100%/a.b/.../.hidden/x."),
        (["名前", "Ünïcödé", "🚀"], "/名前/Ünïcödé/🚀"),
        ([" spaced ", "\\back"], "/ spaced /\\back"),
    ])
    func segments(_ segments: [String], _ expected: String) throws {
        let path = try ContentPath(segments: segments)
        #expect(path.string == expected)
        #expect(path.segments == segments)
        #expect(try ContentPath(parsing: expected) == path)
    }

    @Test("A segment may be 255 bytes of UTF-8, not 256")
    func segmentByteLimit() throws {
        #expect(try ContentPath(segments: [String(repeating: "a", count: 255)]).name.utf8.count == 255)
        // 85 × 3-byte "€" = 255 bytes; one more "a" makes 256.
        let euros = String(repeating: "€", count: 85)
        #expect(try ContentPath(segments: [euros]).string == "/" + euros)
        let error = #expect(throws: NameError.self) { try ContentPath(segments: ["ok", euros + "a"]) }
        #expect(error?.code == .invalidName)
        #expect(error?.subject == .pathSegment(index: 2))
        #expect(error?.rule == .tooManyBytes(limit: 255, actual: 256))
        #expect(throws: NameError.self) { try ContentPath(parsing: "/" + String(repeating: "a", count: 256)) }
    }

    @Test("'.' and '..' are refused, other dots are fine", arguments: [".", ".."])
    func dotSegments(_ segment: String) {
        let error = #expect(throws: NameError.self) { try ContentPath(segments: ["a", segment, "b"]) }
        #expect(error?.rule == .dotSegment)
        #expect(error?.subject == .pathSegment(index: 2))
        #expect(error?.code == .invalidName)
        #expect((#expect(throws: NameError.self) { try ContentPath(parsing: "/a/\(segment)") })?.rule == .dotSegment)
    }

    @Test("Control characters in a segment are refused",
          arguments: ["a\u{0}", "\u{1F}", "tab\there", "line\nbreak", "\u{7F}", "c1\u{80}"])
    func controlCharacters(_ segment: String) {
        let error = #expect(throws: NameError.self) { try ContentPath(segments: [segment]) }
        guard case .controlCharacter = error?.rule else {
            Issue.record("expected a control-character error, got \(String(describing: error))")
            return
        }
        #expect(error?.code == .invalidName)
    }

    @Test("Segments are not trimmed: white space is part of the name")
    func noTrimming() throws {
        #expect(try ContentPath(segments: ["  a  "]).string == "/  a  ")
    }

    @Test("A decoded segment containing '/' (from %2F) is refused with a reason")
    func slashInSegment() {
        let error = #expect(throws: NameError.self) { try ContentPath(segments: ["Orders", "a/b"]) }
        #expect(error?.rule == .slashInSegment)
        #expect(error?.code == .invalidName)
        #expect(error?.message.contains("%2F") == true)
    }

    @Test("Empty paths and empty segments are invalid")
    func emptyParts() {
        #expect((#expect(throws: NameError.self) { try ContentPath(segments: []) })?.rule == .noSegments)
        #expect((#expect(throws: NameError.self) { try ContentPath(segments: ["a", ""]) })?.rule == .emptySegment)
        for text in ["", "/"] {
            let error = #expect(throws: NameError.self) { try ContentPath(parsing: text) }
            #expect(error?.rule == .noSegments)
            #expect(error?.code == .invalidName)
        }
        for text in ["//", "/a//b", "/a/"] {
            #expect((#expect(throws: NameError.self) { try ContentPath(parsing: text) })?.rule == .emptySegment)
        }
        #expect((#expect(throws: NameError.self) { try ContentPath(parsing: "a/b") })?.rule == .notAbsolute)
    }

    @Test("A whole path is at most 2048 bytes")
    func wholePathLimit() throws {
        let segment = String(repeating: "x", count: 255)
        // 8 × (1 + 255) = 2048 bytes.
        #expect(try ContentPath(segments: Array(repeating: segment, count: 8)).string.utf8.count == 2048)
        let error = #expect(throws: NameError.self) {
            try ContentPath(segments: Array(repeating: segment, count: 8) + ["y"])
        }
        #expect(error?.rule == .pathTooLong(limit: 2048, actual: 2050))
    }

    @Test func ancestorsAndParent() throws {
        let path = try ContentPath(parsing: "/a/b/c")
        #expect(path.ancestors.map(\.string) == ["/a", "/a/b"])
        #expect(path.parent?.string == "/a/b")
        #expect(try ContentPath(parsing: "/a").parent == nil)
        #expect(path.isDescendant(of: try ContentPath(parsing: "/a")))
        #expect(!(try ContentPath(parsing: "/ab/c")).isDescendant(of: try ContentPath(parsing: "/a")))
    }

    @Test("Paths order by code point: 'B' < 'a' < 'ä'")
    func codePointOrder() throws {
        let paths = try ["/ä", "/a", "/B", "/a b", "/a/b"].map { try ContentPath(parsing: $0) }
        #expect(paths.sorted().map(\.string) == ["/B", "/a", "/a b", "/a/b", "/ä"])
    }

    @Test("Messages quote the input with control characters escaped")
    func messages() {
        let error = #expect(throws: NameError.self) { try ContentPath(segments: ["bad\u{1}name"]) }
        #expect(error?.message == "The path segment 1 'bad\\u{1}name' contains the control character U+0001 at "
            + "position 4; control characters are not allowed.")
    }
}
