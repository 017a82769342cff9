import Domain
import Testing

/// `forItem(path:)` builds the whole name in one buffer; it must equal the segment-by-segment definition.
@Suite struct ArchiveEntryNamePathTests {
    @Test("Multi-segment paths escape each segment on its own", arguments: [
        ("/a/aux/b", "content/a/%61ux/b"),
        ("/Project 03/Models 07/Order Process 000123", "content/Project 03/Models 07/Order Process 000123"),
        ("/x/nul .txt/y.", "content/x/%6Eul .txt/y%2E"),
        ("/lpt¹/Com3.log/prn", "content/%6Cpt¹/%43om3.log/%70rn"),
        ("/a//b/", "content/a/b"),
        ("/c1\u{85}/\u{C2}x/tail ", "content/c1%C2%85/\u{C2}x/tail%20"),
        ("/Nota/Lists/Cone", "content/Nota/Lists/Cone"),
    ])
    func escapes(path: String, entry: String) {
        #expect(ArchiveEntryName.forItem(path: path) == entry)
    }

    @Test("forItem equals the concatenation of escaped segments")
    func equalsSegmentDefinition() {
        let long = String(repeating: "é", count: 140)
        let paths = ["/a/b/c", "/" + long + "/x?", "/con/" + long + ".", "/ü/%41/CONOUT$.x", "/p/" + long + long]
        for path in paths {
            let segments = path.split(separator: "/", omittingEmptySubsequences: true)
            let expected = "content" + segments.map { "/" + ArchiveEntryName.escape(segment: $0) }.joined()
            #expect(ArchiveEntryName.forItem(path: path) == expected)
            for segment in segments {
                #expect(ArchiveEntryName.escape(segment: segment).utf8.count <= 255)
            }
        }
    }
}
