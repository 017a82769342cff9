import Foundation
import Testing
import ZipArchive

/// ZipLimits: defaults from the contract, each limit configurable and enforced.
@Suite struct LimitsTests {
    static func archive(_ entries: [(String, [UInt8])], compression: ZipCompression = .deflated) throws
        -> ZipMemorySource
    {
        let writer = ZipWriter(sink: ZipMemorySink())
        for (name, bytes) in entries { try writer.addEntry(name, compression: compression) { try $0.write(bytes) } }
        return ZipMemorySource(try writer.finish().bytes)
    }

    @Test func defaultsAreTheContracts() {
        let limits = ZipLimits()
        #expect(limits.maxEntries == 1_000_000)
        #expect(limits.maxTotalUncompressedSize == 64 << 30)
        #expect(limits.maxEntrySize("content/x") == 64 << 20)
        #expect(limits.maxCompressionRatio == 1000)
    }

    @Test func entryCountAboveTheLimitIsRefused() throws {
        let source = try Self.archive((0..<11).map { ("content/\($0)", [UInt8($0)]) })
        var limits = ZipLimits()
        limits.maxEntries = 10
        let error = try #require(throws: ZipError.self) { try ZipReader(source: source, limits: limits) }
        #expect(error.code == .tooManyEntries)
        #expect(error.message == "The archive has 11 entries; at most 10 are accepted.")
        limits.maxEntries = 11
        #expect(try ZipReader(source: source, limits: limits).entryCount == 11)
    }

    @Test func totalUncompressedAboveTheLimitIsRefused() throws {
        let source = try Self.archive(
            (0..<3).map { ("content/\($0)", TestData.xmlLike(count: 500_000, seed: UInt64($0))) }
        )
        var limits = ZipLimits()
        limits.maxTotalUncompressedSize = 1_000_000
        let error = try #require(throws: ZipError.self) { try ZipReader(source: source, limits: limits) }
        #expect(error.code == .totalTooLarge)
        #expect(error.entryName == "content/2")
    }

    @Test func perEntryLimitDependsOnTheName() throws {
        let big = TestData.xmlLike(count: 300_000)
        let source = try Self.archive([("metadata/items.jsonl", big), ("content/item", big)])
        var limits = ZipLimits()
        limits.maxEntrySize = { $0.hasPrefix("content/") ? 200_000 : 1 << 30 }
        let error = try #require(throws: ZipError.self) { try ZipReader(source: source, limits: limits) }
        #expect(error.code == .entryTooLarge)
        #expect(error.entryName == "content/item")
        #expect(error.message.contains("is 300,000 bytes; at most 200,000 are accepted for it."))
        limits.maxEntrySize = { $0.hasPrefix("content/") ? 300_000 : 1 << 30 }
        #expect(try ZipReader(source: source, limits: limits).validate().totalSize == 600_000)
    }

    @Test func compressionRatioAboveTheLimitIsRefusedUnlessExempt() throws {
        let zeros = [UInt8](repeating: 0, count: 4 << 20)  // deflates about 1,030 : 1
        let source = try Self.archive([("content/zeros", zeros)], compression: .deflated(level: 9))
        let error = try #require(throws: ZipError.self) { try ZipReader(source: source) }
        #expect(error.code == .compressionRatioExceeded)
        var limits = ZipLimits()
        limits.maxCompressionRatio = 2000
        #expect(try ZipReader(source: source, limits: limits).validate().totalSize == Int64(zeros.count))
        limits = ZipLimits()
        limits.ratioExemptSize = 8 << 20
        #expect(try ZipReader(source: source, limits: limits).validate().entryCount == 1)
    }
}
