import Foundation
import Testing
import ZipArchive

@Suite struct RoundTripTests {
    @Test func streamedStoredAndInMemoryEntriesReadBackIdentically() throws {
        let text = TestData.xmlLike(count: 3 << 20)
        let noise = TestData.random(count: 300_000, seed: 7)
        let writer = ZipWriter(sink: ZipMemorySink())
        try writer.addEntry("manifest.json", bytes: Array(#"{"format":"nsbackup"}"#.utf8))
        try writer.addDirectory("content/")
        try writer.addEntry("content/Orders/x.xml", compression: .deflated(level: 1)) { output in
            var rest = text[...]
            while !rest.isEmpty {
                let piece = rest.prefix(100_003)
                try output.write(Array(piece))
                rest = rest.dropFirst(piece.count)
            }
        }
        try writer.addEntry("content/noise.bin", compression: .stored) { try $0.write(noise) }
        try writer.addEntry("content/empty", compression: .deflated) { _ in }
        try writer.addEntry("content/empty-stored", bytes: [UInt8](), compression: .stored)
        try writer.addEntry("content/Ünïcödé – 日本語/ファイル.txt") { try $0.write("héllo wörld") }
        let archive = try writer.finish().bytes

        let reader = try ZipReader(source: ZipMemorySource(archive))
        #expect(reader.entryCount == 7)
        let names = try reader.entries().map(\.name)
        #expect(names.first == "manifest.json")
        #expect(names.contains("content/"))
        #expect(try reader.contents(of: reader.requireEntry(named: "content/Orders/x.xml")) == text)
        #expect(try reader.contents(of: reader.requireEntry(named: "content/noise.bin")) == noise)
        #expect(try reader.contents(of: reader.requireEntry(named: "content/empty")) == [])
        #expect(try reader.contents(of: reader.requireEntry(named: "content/empty-stored")) == [])
        #expect(
            try reader.contents(of: reader.requireEntry(named: "content/Ünïcödé – 日本語/ファイル.txt"))
                == Array("héllo wörld".utf8)
        )
        #expect(try reader.entry(named: "content/missing") == nil)
        let summary = try reader.validate()
        #expect(summary.entryCount == 7)
        #expect(summary.totalSize == Int64(text.count + noise.count + "héllo wörld".utf8.count + 21))
    }
}
