import Foundation
import Testing
import ZipArchive

/// Entries deflated apart (``ZipEntryCompressor``, on any thread) and written with `addEntry(_:deflated:)` must
/// read back through our reader and the common tools. Over 4 KiB they give the very bytes the streaming `addEntry`
/// gives (the same zlib settings); up to 4 KiB the compressor uses a smaller hash table, so the deflate stream may
/// differ, but not its size by more than a little.
@Suite struct DeflatedEntryTests {
    static let modified = Date(timeIntervalSince1970: 1_700_000_000)

    static func contents() -> [(String, [UInt8])] {
        [
            ("content/a.xml", TestData.xmlLike(count: 20_480, seed: 1)),
            ("content/empty", []),
            ("content/b/noise.bin", TestData.random(count: 70_000, seed: 2)),
            ("content/b/small.xml", TestData.xmlLike(count: 2_048, seed: 3)),
            ("content/Ünïcödé/big.xml", TestData.xmlLike(count: 1 << 20, seed: 4)),
            ("content/one", [0x41]),
        ]
    }

    /// The entries the streaming writer and the compressor deflate with the same zlib settings (over 4 KiB).
    static func largeContents() -> [(String, [UInt8])] {
        contents().filter { $0.1.count > 4096 }
    }

    /// Entries around the compressor's 4 KiB switch, of different kinds.
    static func smallContents() -> [(String, [UInt8])] {
        [0, 1, 100, 2_048, 4_095, 4_096, 4_097, 6_000].flatMap { count in
            [("content/x\(count).xml", TestData.xmlLike(count: count, seed: UInt64(count))),
             ("content/r\(count).bin", TestData.random(count: count, seed: UInt64(count) + 1))]
        }
    }

    static func streamed(level: Int, _ contents: [(String, [UInt8])] = largeContents()) throws -> [UInt8] {
        let writer = ZipWriter(sink: ZipMemorySink())
        for (name, bytes) in contents {
            try writer.addEntry(name, compression: .deflated(level: level), modified: modified,
                                expectedSize: Int64(bytes.count)) { output in
                var rest = bytes[...]
                repeat {  // in uneven pieces, as a content cursor would hand them over
                    let piece = rest.prefix(7_777)
                    try output.write(Array(piece))
                    rest = rest.dropFirst(piece.count)
                } while !rest.isEmpty
            }
        }
        return try writer.finish().bytes
    }

    static func deflated(level: Int, _ contents: [(String, [UInt8])] = largeContents()) throws -> [UInt8] {
        var compressor = try ZipEntryCompressor(level: level)
        let writer = ZipWriter(sink: ZipMemorySink())
        for (name, bytes) in contents {
            let entry = try bytes.withUnsafeBytes { try compressor.compress($0) }
            #expect(entry.size == Int64(bytes.count))
            try writer.addEntry(name, deflated: entry, modified: modified)
        }
        return try writer.finish().bytes
    }

    @Test("Over 4 KiB: the same bytes as the streaming writer", arguments: [1, 6, 9])
    func sameArchiveAsStreaming(level: Int) throws {
        #expect(try Self.deflated(level: level) == Self.streamed(level: level))
    }

    @Test("Up to 4 KiB: read back, and about the size the streaming writer gives", arguments: [1, 6, 9])
    func smallEntries(level: Int) throws {
        let contents = Self.smallContents()
        let ours = try ZipReader(source: ZipMemorySource(try Self.deflated(level: level, contents)))
        let streamed = try ZipReader(source: ZipMemorySource(try Self.streamed(level: level, contents)))
        for (name, bytes) in contents {
            let entry = try ours.requireEntry(named: name)
            #expect(try ours.contents(of: entry) == bytes)
            let reference = try streamed.requireEntry(named: name).compressedSize
            #expect(abs(entry.compressedSize - reference) <= max(8, reference / 50), "\(name)")
        }
        #expect(try ours.validate().entryCount == contents.count)
    }

    @Test("Reads back entry by entry, and validates")
    func readsBack() throws {
        let reader = try ZipReader(source: ZipMemorySource(try Self.deflated(level: 1, Self.contents())))
        for (name, bytes) in Self.contents() {
            #expect(try reader.contents(of: reader.requireEntry(named: name)) == bytes)
        }
        #expect(try reader.validate().entryCount == Self.contents().count)
    }

    @Test("Compressed on other threads, written in order, it passes the common tools",
          .enabled(if: Tools.isInstalled("unzip", "zipinfo"), "needs unzip and zipinfo (apt: unzip)"))
    func compressedOnThreads() async throws {
        let contents = Self.contents() + Self.smallContents()
        let entries = try await withThrowingTaskGroup(of: (Int, DeflatedEntry).self) { group in
            for (index, content) in contents.enumerated() {
                group.addTask {
                    var compressor = try ZipEntryCompressor(level: 1)
                    return (index, try content.1.withUnsafeBytes { try compressor.compress($0) })
                }
            }
            var entries: [Int: DeflatedEntry] = [:]
            for try await (index, entry) in group { entries[index] = entry }
            return entries
        }
        let directory = try TemporaryDirectory("deflated")
        let path = directory.file("deflated.zip")
        let writer = ZipWriter(sink: try ZipFileSink(path: path))
        for (index, content) in contents.enumerated() {
            try writer.addEntry(content.0, deflated: entries[index]!, modified: Self.modified)
        }
        try writer.finish().close()
        #expect(try ArchiveChecks.unzipTest(path) == [])
        #expect(try ArchiveChecks.zipinfo(path) == [])
    }

    @Test("A refused name writes nothing and leaves the writer usable")
    func refusedName() throws {
        var compressor = try ZipEntryCompressor(level: 1)
        let entry = try [UInt8]("x".utf8).withUnsafeBytes { try compressor.compress($0) }
        let writer = ZipWriter(sink: ZipMemorySink())
        try writer.addEntry("content/x", deflated: entry)
        #expect(throws: ZipError.self) { try writer.addEntry("content/x", deflated: entry) }
        #expect(throws: ZipError.self) { try writer.addEntry("../evil", deflated: entry) }
        #expect(writer.entryCount == 1)
        try writer.addEntry("content/y", deflated: entry)
        #expect(try ZipReader(source: ZipMemorySource(try writer.finish().bytes)).entryCount == 2)
    }
}
