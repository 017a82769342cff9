import Foundation
import Testing

@testable import ZipArchive

/// ZIP64 records exactly when a size, an offset or the entry count needs them, and never otherwise.
@Suite struct Zip64Tests {
    @Test func thresholdsSitAtTheMarkerValues() {
        #expect(!Zip64Policy.needs(0xFFFF_FFFE))
        #expect(Zip64Policy.needs(0xFFFF_FFFF))
        #expect(Zip64Policy.needs(5 << 30))
        #expect(
            !Zip64Policy.needsEndRecords(entryCount: 65_534, directoryOffset: 0xFFFF_FFFE, directorySize: 0xFFFF_FFFE)
        )
        #expect(Zip64Policy.needsEndRecords(entryCount: 65_535, directoryOffset: 0, directorySize: 46))
        #expect(Zip64Policy.needsEndRecords(entryCount: 1, directoryOffset: 0xFFFF_FFFF, directorySize: 46))
        #expect(Zip64Policy.needsEndRecords(entryCount: 1, directoryOffset: 0, directorySize: 0xFFFF_FFFF))
        #expect(!Zip64Policy.localNeedsZip64(knownSizes: nil, expectedSize: nil))
        #expect(!Zip64Policy.localNeedsZip64(knownSizes: nil, expectedSize: 0xFFFF_FFFE))
        #expect(Zip64Policy.localNeedsZip64(knownSizes: nil, expectedSize: 0xFFFF_FFFF))
        #expect(Zip64Policy.localNeedsZip64(knownSizes: (10, 0xFFFF_FFFF), expectedSize: nil))
        #expect(!Zip64Policy.descriptorIsZip64(localZip64: false, uncompressed: 0xFFFF_FFFE, compressed: 10))
        #expect(Zip64Policy.descriptorIsZip64(localZip64: false, uncompressed: 0xFFFF_FFFF, compressed: 10))
        #expect(Zip64Policy.descriptorIsZip64(localZip64: true, uncompressed: 1, compressed: 1))
    }

    struct Sizes: Sendable, CustomTestStringConvertible {
        var uncompressed: Int64
        var compressed: Int64
        var offset: Int64
        var testDescription: String { "\(uncompressed)/\(compressed)@\(offset)" }
    }

    @Test(arguments: [
        Sizes(uncompressed: 0xFFFF_FFFE, compressed: 0xFFFF_FFFE, offset: 0xFFFF_FFFE),
        Sizes(uncompressed: 0xFFFF_FFFF, compressed: 10, offset: 0),
        Sizes(uncompressed: 10, compressed: 10, offset: 0xFFFF_FFFF),
        Sizes(uncompressed: 6 << 30, compressed: 5 << 30, offset: 0),
        Sizes(uncompressed: 6 << 30, compressed: 1 << 20, offset: 9 << 30),
        Sizes(uncompressed: 1 << 40, compressed: 1 << 40, offset: 1 << 41),
    ])
    func centralHeaderHasExactlyTheZip64FieldsItNeeds(_ sizes: Sizes) throws {
        let written = WrittenEntry(
            name: Array("content/big.bin".utf8),
            method: .deflated,
            flags: WrittenEntry.utf8Flag | WrittenEntry.descriptorFlag,
            time: DOSDateTime(unixSeconds: 1_700_000_000),
            unixTime: 1_700_000_000,
            crc32: 0x1234_5678,
            compressedSize: sizes.compressed,
            uncompressedSize: sizes.uncompressed,
            localHeaderOffset: sizes.offset,
            isDirectory: false
        )
        let bytes = written.centralHeader()
        let record = try bytes.withUnsafeBytes { try CentralRecord.parse($0, at: 0) }
        #expect(record.uncompressedSize == sizes.uncompressed)
        #expect(record.compressedSize == sizes.compressed)
        #expect(record.localHeaderOffset == sizes.offset)
        #expect(record.extendedTime == 1_700_000_000)
        #expect(
            record.header.uncompressedSize
                == (sizes.uncompressed >= 0xFFFF_FFFF ? 0xFFFF_FFFF : UInt32(sizes.uncompressed))
        )
        let anyNeeded = [sizes.uncompressed, sizes.compressed, sizes.offset].contains { $0 >= 0xFFFF_FFFF }
        let extra = bytes.withUnsafeBytes { raw in
            let start = CentralDirectoryHeader.size + Int(record.header.nameLength)
            return try? ExtraFields.find(
                Zip64ExtraField.headerID,
                in: UnsafeRawBufferPointer(rebasing: raw[start..<start + Int(record.header.extraLength)])
            ).get()
        }
        #expect(((extra ?? nil) != nil) == anyNeeded, "a ZIP64 field only when a value needs it")
        let neededCount = [sizes.uncompressed, sizes.compressed, sizes.offset].filter { $0 >= 0xFFFF_FFFF }.count
        #expect((extra ?? nil)?.count ?? 0 == 8 * neededCount, "exactly the values that do not fit")
        #expect(record.header.versionNeeded == (anyNeeded ? 45 : 20))
    }

    @Test(arguments: [
        (65_534, Int64(0xFFFF_FFFE), false), (65_535, Int64(100), true), (3, Int64(0xFFFF_FFFF), true),
        (1, Int64(1) << 33, true),
    ])
    func endRecordsAreZip64OnlyWhenNeededAndReadBack(_ count: Int, _ offset: Int64, _ zip64: Bool) throws {
        let size = Int64(count) * 60
        let end = WrittenEntry.endRecords(
            entryCount: count,
            directoryOffset: offset,
            directorySize: size,
            comment: Array("c".utf8)
        )
        #expect(end.count == (zip64 ? 56 + 20 + 23 : 23))
        let source = SyntheticSource(size: offset + size + Int64(end.count), tail: end)
        let found = try ArchiveEnd.locate(in: source)
        #expect(found.entryCount == Int64(count))
        #expect(found.directoryOffset == offset)
        #expect(found.directorySize == size)
        #expect(found.directoryEnd == offset + size)
        #expect(found.comment == Array("c".utf8))
    }

    @Test(
        "65,534 entries: classic end record; 65,535: ZIP64 end records; both read by us and Python",
        .enabled(if: Tools.isInstalled("python3"), "needs python3")
    )
    func entryCountThresholdWrittenForReal() throws {
        for count in [65_534, 65_535] {
            let writer = ZipWriter(sink: ZipMemorySink())
            for number in 0..<count { try writer.addEntry("e/\(number)", bytes: [UInt8](), compression: .stored) }
            let bytes = try writer.finish().bytes
            #expect(ArchiveChecks.hasZip64EndRecords(bytes) == (count == 65_535))
            let reader = try ZipReader(source: ZipMemorySource(bytes))
            #expect(reader.entryCount == count)
            #expect(try reader.validate().entryCount == count)
            let directory = try TemporaryDirectory("threshold")
            try directory.write("a.zip", bytes)
            let python = try ArchiveChecks.pythonTest(directory.file("a.zip"))
            #expect(python.problems == [])
            #expect(python.entries == count)
        }
    }
}
