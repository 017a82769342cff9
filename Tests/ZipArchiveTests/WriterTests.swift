import Foundation
import Testing
import ZipArchive

/// A sink that records what it receives, observable while the writer is still writing.
final class RecordingSink: ZipByteSink {
    var received: Int64 = 0
    var largestWrite = 0
    var writes = 0
    func write(_ bytes: UnsafeRawBufferPointer) throws {
        received += Int64(bytes.count)
        largestWrite = max(largestWrite, bytes.count)
        writes += 1
    }
}

struct SinkFailure: Error, Equatable {}

/// A sink that fails after `limit` bytes, like a database connection dropping mid-backup.
struct FailingSink: ZipByteSink {
    var limit: Int
    var received = 0
    mutating func write(_ bytes: UnsafeRawBufferPointer) throws {
        received += bytes.count
        if received > limit { throw SinkFailure() }
    }
}

@Suite struct WriterTests {
    @Test(arguments: [
        ("", ZipError.Code.invalidName), ("/etc/passwd", .invalidName), ("C:/x", .invalidName),
        ("a/../b", .invalidName), ("a/./b", .invalidName), ("a//b", .invalidName), ("a\\b", .invalidName),
        ("a\u{0}b", .invalidName), ("a\u{7}b", .invalidName), ("a\u{85}b", .invalidName),
        ("folder/", .invalidName), ("content/x", .duplicateName), ("content/dir", .duplicateName),
    ])
    func refusedNamesLeaveTheWriterUsable(_ name: String, _ code: ZipError.Code) throws {
        let writer = ZipWriter(sink: ZipMemorySink())
        try writer.addEntry("content/x", bytes: [1, 2, 3])
        try writer.addDirectory("content/dir")
        let error = try #require(throws: ZipError.self) { try writer.addEntry(name) { try $0.write([9]) } }
        #expect(error.code == code)
        #expect(error.message.hasPrefix("Cannot add entry '"))
        try writer.addEntry("content/y", bytes: [4])
        let reader = try ZipReader(source: ZipMemorySource(try writer.finish().bytes))
        #expect(try reader.entries().map(\.name) == ["content/x", "content/dir/", "content/y"])
    }

    @Test func aFolderAndAFileOfTheSamePathAreDuplicates() throws {
        let writer = ZipWriter(sink: ZipMemorySink())
        try writer.addEntry("content/a", bytes: [1])
        #expect(try #require(throws: ZipError.self) { try writer.addDirectory("content/a") }.code == .duplicateName)
    }

    @Test func aThrowingBodyFailsTheArchiveAndItsErrorComesBackUnchanged() throws {
        struct Producer: Error {}
        let writer = ZipWriter(sink: ZipMemorySink())
        #expect(throws: Producer.self) { try writer.addEntry("content/x") { _ in throw Producer() } }
        let later = try #require(throws: ZipError.self) { try writer.addEntry("content/y", bytes: [1]) }
        #expect(later.code == .invalidUse)
        #expect(try #require(throws: ZipError.self) { try writer.finish() }.code == .invalidUse)
    }

    @Test func aBodyThatSwallowsAWriteErrorCannotReviveTheArchive() throws {
        let writer = ZipWriter(sink: FailingSink(limit: 1000), bufferSize: 4096)
        let error = try #require(throws: ZipError.self) {
            try writer.addEntry("content/x", compression: .stored) { output in
                try? output.write(TestData.random(count: 10_000, seed: 3))
            }
        }
        #expect(error.code == .invalidUse)
        #expect(try #require(throws: ZipError.self) { try writer.finish() }.code == .invalidUse)
    }

    @Test func sinkErrorsPassThroughUnchanged() throws {
        let writer = ZipWriter(sink: FailingSink(limit: 100_000), bufferSize: 64 << 10)
        #expect(throws: SinkFailure.self) {
            try writer.addEntry("content/x", compression: .stored) {
                try $0.write(TestData.random(count: 500_000, seed: 1))
            }
        }
        #expect(try #require(throws: ZipError.self) { try writer.finish() }.code == .invalidUse)
    }

    @Test func misuseIsRefused() throws {
        let writer = ZipWriter(sink: ZipMemorySink())
        let nested = try #require(throws: ZipError.self) {
            try writer.addEntry("content/a") { _ in try writer.addEntry("content/b", bytes: [1]) }
        }
        #expect(nested.code == .invalidUse)

        let announced = ZipWriter(sink: ZipMemorySink())
        let short = try #require(throws: ZipError.self) {
            try announced.addEntry("content/a", expectedSize: 10) { try $0.write([1, 2, 3]) }
        }
        #expect(short.code == .invalidUse)
        #expect(short.message == "Entry 'content/a' was announced as 10 bytes but 3 were written.")

        let done = ZipWriter(sink: ZipMemorySink())
        try done.finish()
        #expect(try #require(throws: ZipError.self) { try done.finish() }.code == .invalidUse)
    }

    @Test("A 64 MiB entry streams through fixed buffers: the sink has its bytes before the entry ends")
    func largeEntryIsNeverBufferedWhole() throws {
        let sink = RecordingSink()
        let writer = ZipWriter(sink: sink)
        let piece = TestData.xmlLike(count: 1 << 20)
        var receivedHalfway: Int64 = 0
        try writer.addEntry("content/big.xml", compression: .deflated(level: 1)) { output in
            for index in 0..<64 {
                try output.write(piece)
                if index == 31 { receivedHalfway = sink.received }
            }
            #expect(output.bytesWritten == 64 << 20)
        }
        try writer.finish()
        #expect(receivedHalfway > 1 << 20, "compressed bytes reached the sink while the entry was being written")
        #expect(sink.largestWrite <= 256 << 10)
        #expect(sink.received == writer.bytesWritten)
    }

    @Test func timesCommentAndFlagsRoundTrip() throws {
        let writer = ZipWriter(sink: ZipMemorySink())
        let exact = Date(timeIntervalSince1970: 1_700_000_001)
        let early = Date(timeIntervalSince1970: 100_000_000)  // 1973: before DOS times, within "UT"
        let late = Date(timeIntervalSince1970: 2_600_000_001)  // 2052: past "UT", a DOS time (2 s steps, UTC)
        try writer.addEntry("a", bytes: [1], modified: exact)
        try writer.addEntry("b", modified: early) { try $0.write([2]) }
        try writer.addEntry("c", bytes: [3], modified: late)
        let bytes = try writer.finish(comment: "Jane's backup – ünïcode").bytes
        let reader = try ZipReader(source: ZipMemorySource(bytes))
        #expect(reader.comment == "Jane's backup – ünïcode")
        #expect(try reader.requireEntry(named: "a").modificationDate == exact)
        #expect(try reader.requireEntry(named: "b").modificationDate == early)
        #expect(try reader.requireEntry(named: "c").modificationDate == Date(timeIntervalSince1970: 2_600_000_000))
        // Bit 11 (UTF-8) always; bit 3 (data descriptor) only for the streamed entry. Local flags at offset 6.
        let entries = try reader.entries()
        #expect(bytes[entries[0].offset + 6] == 0x00 && bytes[entries[0].offset + 7] == 0x08)
        #expect(bytes[entries[1].offset + 6] == 0x08 && bytes[entries[1].offset + 7] == 0x08)
    }

    @Test func fileSinkAndSourceReportThePathOnFailure() throws {
        let sinkError = try #require(throws: ZipError.self) { try ZipFileSink(path: "/nonexistent-dir/x.zip") }
        #expect(sinkError.code == .fileSystem)
        #expect(sinkError.message.contains("/nonexistent-dir/x.zip"))
        let sourceError = try #require(throws: ZipError.self) { try ZipFileSource(path: "/nonexistent-dir/x.zip") }
        #expect(sourceError.code == .fileSystem)
    }
}

extension Array where Element == UInt8 {
    subscript(offset: Int64) -> UInt8 { self[Int(offset)] }
}
