import Foundation
import Testing
@testable import ZipArchive

/// Runs of one byte value deflate beyond the 1,000 : 1 that readers accept per entry (archive rules). Whatever
/// way an entry is written — streamed, compressed apart, or whole in memory — the writer must keep it within that
/// ratio, so that its own reader, with default limits and no exemption, takes the archive back.
@Suite struct CompressionRatioGuardTests {
    static let modified = Date(timeIntervalSince1970: 1_700_000_000)

    static let contents: [(String, [UInt8])] = [
        ("content/zeros-64k", [UInt8](repeating: 0, count: 64 << 10)),
        ("content/zeros-1m", [UInt8](repeating: 0, count: 1 << 20)),
        ("content/ab-3m", Array([UInt8]("ab".utf8).repeated(count: 3 << 19))),
        ("content/zeros-9m+1", [UInt8](repeating: 0, count: 9 << 20 + 1)),
    ]

    /// The same bytes deflated by zlib alone: the guard is needed, or the test proves nothing.
    /// Level 1 stays near 230 : 1 on zeros; the higher levels a service may be configured with reach ~1,030 : 1.
    static let level = 9

    /// The size of `bytes` deflated by zlib alone, with no stored prefix, at ``level``.
    static func zlibAloneSize(_ bytes: [UInt8]) throws -> Int64 {
        let deflater = try Deflater(level: level)
        let compressed = try bytes.withUnsafeBytes { input in
            try [UInt8](unsafeUninitializedCapacity: deflater.bound(input.count)) { buffer, count in
                count = try deflater.step(input, into: UnsafeMutableRawBufferPointer(buffer), finish: true).produced
            }
        }
        return Int64(compressed.count)
    }

    @Test("zlib alone goes past 1,000 : 1 on these contents at the highest level")
    func zlibAloneExceeds() throws {
        let bytes = [UInt8](repeating: 0, count: 9 << 20)
        #expect(Int64(bytes.count) > (try Self.zlibAloneSize(bytes)) * 1000)
    }

    static func streamed() throws -> [UInt8] {
        let writer = ZipWriter(sink: ZipMemorySink())
        for (name, bytes) in contents {
            try writer.addEntry(name, compression: .deflated(level: level), modified: modified,
                                expectedSize: Int64(bytes.count)) { output in
                var rest = bytes[...]
                repeat {  // uneven pieces, some smaller than the stored prefix
                    let piece = rest.prefix(rest.count % 3 == 0 ? 1_000 : 300_001)
                    try output.write(Array(piece))
                    rest = rest.dropFirst(piece.count)
                } while !rest.isEmpty
            }
        }
        return try writer.finish().bytes
    }

    static func compressedApart() throws -> [UInt8] {
        var compressor = try ZipEntryCompressor(level: level)
        let writer = ZipWriter(sink: ZipMemorySink())
        for (name, bytes) in contents {
            try writer.addEntry(name, deflated: try bytes.withUnsafeBytes { try compressor.compress($0) }, modified: modified)
        }
        return try writer.finish().bytes
    }

    static func wholeInMemory() throws -> [UInt8] {
        let writer = ZipWriter(sink: ZipMemorySink())
        for (name, bytes) in contents {
            try writer.addEntry(name, bytes: bytes, compression: .deflated(level: level), modified: modified)
        }
        return try writer.finish().bytes
    }

    @Test("Streamed, compressed apart, and whole entries read back under the default limits",
          arguments: ["streamed", "apart", "whole"])
    func readsBackUnderDefaultLimits(way: String) throws {
        let archive = try way == "streamed" ? Self.streamed() : way == "apart" ? Self.compressedApart() : Self.wholeInMemory()
        var limits = ZipLimits()
        limits.ratioExemptSize = 0
        #expect(limits.maxCompressionRatio == 1000)
        let reader = try ZipReader(source: ZipMemorySource(archive), limits: limits)
        #expect(try reader.validate().entryCount == Self.contents.count)
        for (name, bytes) in Self.contents {
            let entry = try reader.requireEntry(named: name)
            #expect(entry.method == .deflated)
            #expect(entry.size <= entry.compressedSize * 1000, "\(name)")
            // The prefix costs about 0.1 % of the entry, not more: zlib's own output, plus a thousandth of the
            // entry (rounded up) stored, plus 5 header bytes per stored block of at most 65,535 bytes, plus a
            // little slack (the deflated rest of the entry may end a few bytes differently). A prefix twice as
            // long as it should be already breaks this bound for every entry here.
            let thousandth = (entry.size + 999) / 1000
            let storedBlocks = (thousandth + 65_534) / 65_535
            let bound = try Self.zlibAloneSize(bytes) + thousandth + 5 * storedBlocks + 32
            #expect(entry.compressedSize <= bound, "\(name): \(entry.compressedSize) compressed bytes, at most \(bound) expected")
            #expect(try reader.contents(of: entry) == bytes, "\(name)")
        }
    }

    @Test("Compressed apart and streamed in uneven pieces give the same bytes, prefix included")
    func sameBytesBothWays() throws {
        #expect(try Self.compressedApart() == Self.streamed())
    }

    @Test("The common tools read guarded entries",
          .enabled(if: Tools.isInstalled("unzip", "zipinfo"), "needs unzip and zipinfo (apt: unzip)"))
    func commonTools() throws {
        let directory = try TemporaryDirectory("ratio")
        let path = directory.file("ratio.zip")
        try Data(try Self.streamed()).write(to: URL(fileURLWithPath: path))
        #expect(try ArchiveChecks.unzipTest(path) == [])
        #expect(try ArchiveChecks.zipinfo(path) == [])
    }

    @Test("Small entries get no prefix; large ones about a thousandth", arguments: [0, 1, 65_535, 65_536, 1 << 20, 64 << 20])
    func prefixLength(size: Int) {
        let prefix = StoredPrefix.length(forEntryOf: Int64(size))
        if size < 65_536 {
            #expect(prefix == 0)
        } else {
            #expect(prefix * 1000 >= Int64(size) && (prefix - 1) * 1000 < Int64(size))
        }
    }
}

private extension Array {
    func repeated(count: Int) -> [Element] { Array(repeatElement(self, count: count).joined()) }
}
