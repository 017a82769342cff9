import Foundation
import Testing
import ZipArchive

/// Zip bombs (Fixtures/bombs, made by make-fixtures.py) are refused before or while inflating, never after.
@Suite struct BombTests {
    static func reader(_ file: String, limits: ZipLimits = ZipLimits()) throws -> ZipReader<ZipFileSource> {
        try ZipReader(source: ZipFileSource(path: Fixtures.path("bombs/" + file)), limits: limits)
    }

    @Test("1 GiB of zeros, declared honestly: refused when opened, by size, then by ratio")
    func honestGigabyteOfZerosIsRefusedOnOpen() throws {
        let bySize = try #require(throws: ZipError.self) { try Self.reader("zeros-1gib.zip") }
        #expect(bySize.code == .entryTooLarge)
        #expect(bySize.message.contains("1,073,741,824 bytes; at most 67,108,864"))

        var roomy = ZipLimits()
        roomy.maxEntrySize = { _ in 2 << 30 }
        let byRatio = try #require(throws: ZipError.self) { try Self.reader("zeros-1gib.zip", limits: roomy) }
        #expect(byRatio.code == .compressionRatioExceeded)
    }

    @Test("1 GiB of zeros declared as 1,000 bytes: refused after at most 1,001 inflated bytes")
    func lyingHeaderIsCaughtWhileInflating() throws {
        for file in ["zeros-1gib-lying.zip", "zeros-1gib-descriptor.zip"] {
            let reader = try Self.reader(file)
            let entry = try reader.requireEntry(named: "content/zeros.bin")
            var delivered = 0
            let error = try #require(throws: ZipError.self) {
                try reader.read(entry) { delivered += $0.count }
            }
            #expect(error.code == .sizeMismatch, "\(file): \(error.message)")
            #expect(delivered <= Int(entry.size), "no byte past the declared size reaches the caller")
            #expect(try #require(throws: ZipError.self) { try reader.validate() }.code == .sizeMismatch)
        }
    }

    @Test("Overlapping local headers sharing one kernel (Fifield's construction): refused when opened")
    func overlappingBombIsRefusedOnOpen() throws {
        let error = try #require(throws: ZipError.self) { try Self.reader("overlap.zip") }
        #expect(error.code == .overlappingEntries)
        #expect(error.message.contains("overlaps entry"))
    }

    @Test("42.zip-style nesting (16 × 16 × 16 × 1 GiB): each level is small; the innermost is refused on open")
    func nestedBombIsRefusedAtTheInnermostLevel() throws {
        var inflated = 0
        var depth = 0
        var refusal: ZipError?
        /// Opens `bytes` as an archive and descends into its first entry, as a naive recursive extractor would.
        func descend(_ archive: [UInt8]) throws {
            depth += 1
            let reader: ZipReader<ZipMemorySource>
            do {
                reader = try ZipReader(source: ZipMemorySource(archive))
            } catch let error as ZipError {
                refusal = error
                return
            }
            let first = try #require(try reader.entries().first)
            let inner = try reader.contents(of: first)
            inflated += inner.count
            try descend(inner)
        }
        try descend(Fixtures.bytes("bombs/nested-42.zip"))
        let error = try #require(refusal)
        #expect(depth == 3)
        #expect(error.code == .entryTooLarge, "\(error.message)")
        #expect(inflated < 20 << 20, "only the small outer levels were inflated (\(inflated) bytes)")
    }
}
