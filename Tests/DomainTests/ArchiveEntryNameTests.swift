import Domain
import Foundation
import Testing

@Suite struct ArchiveEntryNameTests {
    @Test("Segments unsafe on Linux, macOS or Windows are percent-encoded", arguments: [
        ("/Orders/Order Service", "content/Orders/Order Service"),
        ("/a/Q1: report?.txt", "content/a/Q1%3A report%3F.txt"),
        ("/100%/<x>|\"y\"*\\", "content/100%25/%3Cx%3E%7C%22y%22%2A%5C"),
        ("/tab\there", "content/tab%09here"),
        ("/del\u{7F}", "content/del%7F"),
        ("/c1\u{85}x", "content/c1%C2%85x"),
        ("/notes.", "content/notes%2E"),
        ("/trailing ", "content/trailing%20"),
        ("/a../b", "content/a.%2E/b"),
        ("/CON", "content/%43ON"),
        ("/con.txt", "content/%63on.txt"),
        ("/Lpt9.tar.gz", "content/%4Cpt9.tar.gz"),
        ("/COM¹", "content/%43OM¹"),
        ("/CONSOLE.txt", "content/CONSOLE.txt"),
        ("/Ünïcödé/日本", "content/Ünïcödé/日本"),
    ])
    func escapes(path: String, entry: String) {
        #expect(ArchiveEntryName.forItem(path: path) == entry)
    }

    @Test func longSegmentsAreShortenedWithAHashAndStayDistinct() {
        let long = String(repeating: "ü", count: 127)          // 254 bytes: fits, but escapes push it over
        let a = ArchiveEntryName.forItem(path: "/" + long + "?")
        let b = ArchiveEntryName.forItem(path: "/" + long + "*")
        let segmentA = a.dropFirst("content/".count)
        #expect(segmentA.utf8.count <= 255)
        #expect(segmentA.contains("~"))
        #expect(a != b)
        #expect(ArchiveEntryName.forItem(path: "/" + String(repeating: "%", count: 100)).utf8.count <= 255 + 8)
    }
}

@Suite struct ArchiveTimestampTests {
    @Test func formatsAndParsesMicroseconds() throws {
        let stamp = ArchiveTimestamp(microseconds: 1_615_477_631_123_456)
        #expect(stamp.description == "2021-03-11T15:47:11.123456Z")
        #expect(ArchiveTimestamp(rfc3339: stamp.description) == stamp)
        #expect(ArchiveTimestamp(rfc3339: "2021-03-11T15:47:11.123Z")?.microseconds == 1_615_477_631_123_000)
        #expect(ArchiveTimestamp(rfc3339: "2021-03-11T16:47:11+01:00")?.microseconds == 1_615_477_631_000_000)
        #expect(ArchiveTimestamp(microseconds: -1).description == "1969-12-31T23:59:59.999999Z")
    }

    @Test(arguments: ["", "2021-03-11", "2021-13-11T15:47:11Z", "2021-03-11T15:47:11", "2021-03-11T15:47:11.Z",
                      "2021-03-11T15:47:11Zjunk"])
    func refusesWhatIsNotRFC3339(_ text: String) {
        #expect(ArchiveTimestamp(rfc3339: text) == nil)
    }
}
