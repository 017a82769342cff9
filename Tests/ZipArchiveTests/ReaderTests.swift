import Foundation
import Testing
import ZipArchive

@Suite struct ReaderTests {
    static func archive() throws -> (ZipReader<ZipMemorySource>, [UInt8]) {
        let lines = (0..<5000).map { "{\"path\":\"Orders/\($0)\",\"size\":\($0 * 7)}\n" }.joined()
        let writer = ZipWriter(sink: ZipMemorySink())
        try writer.addEntry("metadata/items.jsonl") { try $0.write(lines) }
        try writer.addDirectory("content")
        try writer.addEntry("content/a", bytes: [1, 2, 3], compression: .stored)
        return (try ZipReader(source: ZipMemorySource(try writer.finish().bytes)), Array(lines.utf8))
    }

    @Test func pullStreamReadsAtTheCallersPaceAndVerifiesAtTheEnd() throws {
        let (reader, expected) = try Self.archive()
        let stream = try reader.makeStream(for: reader.requireEntry(named: "metadata/items.jsonl"))
        var collected: [UInt8] = []
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 7, alignment: 1)
        defer { buffer.deallocate() }
        while true {
            let count = try stream.read(into: buffer)
            if count == 0 { break }
            collected.append(contentsOf: buffer[..<count])
        }
        let finished = stream.isFinished
        #expect(finished)
        #expect(collected == expected)
        #expect(try stream.read(into: buffer) == 0)
    }

    @Test func lookupsAreExact() throws {
        let (reader, _) = try Self.archive()
        #expect(try reader.entry(named: "content/")?.isDirectory == true)
        #expect(try reader.entry(named: "content") == nil)
        #expect(try reader.entry(named: "content/a/") == nil)
        #expect(try reader.entry(named: "CONTENT/a") == nil)
        let missing = try #require(throws: ZipError.self) { try reader.requireEntry(named: "content/b") }
        #expect(missing.code == .entryNotFound)
        #expect(missing.message == "The archive has no entry 'content/b'.")
    }

    @Test func anEntryOfAnotherArchiveIsRefused() throws {
        let (reader, _) = try Self.archive()
        let writer = ZipWriter(sink: ZipMemorySink())
        try writer.addEntry("pad", bytes: [UInt8](repeating: 1, count: 333), compression: .stored)
        try writer.addEntry("zzz", bytes: [UInt8](repeating: 7, count: 500))
        let other = try ZipReader(source: ZipMemorySource(try writer.finish().bytes))
        // At an offset where this archive has no entry: refused outright.
        let foreign = try other.requireEntry(named: "zzz")
        #expect(try #require(throws: ZipError.self) { try reader.contents(of: foreign) }.code == .invalidUse)
        // At an offset where this archive has another entry: its local header does not match.
        let coincident = try other.requireEntry(named: "pad")
        #expect(try #require(throws: ZipError.self) { try reader.contents(of: coincident) }.code == .headerMismatch)
    }

    @Test func enumerationIsInDirectoryOrderAndRepeatable() throws {
        let (reader, expected) = try Self.archive()
        var names: [String] = []
        try reader.forEachEntry { names.append($0.name) }
        #expect(names == ["metadata/items.jsonl", "content/", "content/a"])
        #expect(try reader.entries().map(\.size) == [Int64(expected.count), 0, 3])
        #expect(reader.declaredTotalSize == Int64(expected.count + 3))
    }
}

/// Counts the reads that reach the underlying source, as round trips to a database would.
final class CountingSource: ZipByteSource {
    let base: ZipMemorySource
    var reads = 0
    init(_ bytes: [UInt8]) { base = ZipMemorySource(bytes) }
    var size: Int64 { base.size }
    func read(at offset: Int64, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        reads += 1
        return try base.read(at: offset, into: buffer)
    }
}

@Suite struct ReadAheadTests {
    @Test("Validating 2,000 small entries takes a handful of reads, not several per entry")
    func validateReadsAheadThroughSmallEntries() throws {
        let writer = ZipWriter(sink: ZipMemorySink())
        for number in 0..<2000 {
            try writer.addEntry("content/\(number)") {
                try $0.write("item \(number) " + String(repeating: "x", count: number % 50))
            }
        }
        let source = CountingSource(try writer.finish().bytes)
        let reader = try ZipReader(source: source)
        let afterOpen = source.reads
        #expect(try reader.validate().entryCount == 2000)
        let perValidate = source.reads - afterOpen
        #expect(perValidate < 20, "\(perValidate) reads for \(source.size) bytes")
    }

    @Test func windowServesExactBytes() throws {
        let bytes = TestData.random(count: 1 << 20, seed: 5)
        let ahead = ZipReadAheadSource(base: ZipMemorySource(bytes), windowSize: 4096)
        var random = SplitMix64(seed: 11)
        for _ in 0..<2000 {
            let offset = Int(random.next() % UInt64(bytes.count + 10))
            let count = Int(random.next() % 9000) + 1
            var buffer = [UInt8](repeating: 0, count: count)
            let got = try buffer.withUnsafeMutableBytes { try ahead.read(at: Int64(offset), into: $0) }
            let expected = offset < bytes.count ? Array(bytes[offset..<min(offset + count, bytes.count)]) : []
            #expect(got > 0 || expected.isEmpty)
            #expect(Array(buffer[..<got]) == Array(expected.prefix(got)))
        }
    }
}
