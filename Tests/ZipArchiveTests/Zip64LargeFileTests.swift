import Foundation
import Testing
import ZipArchive

/// A real archive past 4 GiB (a sparse file: the zeros are holes): an entry of 4 GiB + 1 byte, and an entry
/// whose offset is past 4 GiB. About 6 s, nearly all of it zlib's CRC-32 over 4 GiB twice (writing, then reading
/// back); Python's zipfile checks the headers and the entry past 4 GiB, not the 4 GiB of zeros again.
@Suite(
    .enabled(
        if: Tools.isInstalled("zipinfo", "7z", "python3"),
        "needs zipinfo (apt: unzip), 7z (apt: p7zip-full) and python3"
    )
)
struct Zip64LargeFileTests {
    static let bigSize: Int64 = (4 << 30) + 1

    @Test("A 4 GiB + 1 entry and an entry past 4 GiB: ZIP64 fields, read back by us, zipinfo, 7z and Python")
    func archiveLargerThanFourGiB() throws {
        let directory = try TemporaryDirectory("zip64")
        let path = directory.file("large.zip")
        let sink = try SparseFileSink(path: path)
        let writer = ZipWriter(sink: sink)
        try writer.addEntry("manifest.json", bytes: Array("{}".utf8))
        let big = try writer.addEntry("content/big.bin", compression: .stored, expectedSize: Self.bigSize) { output in
            let chunk = [UInt8](repeating: 0, count: 4 << 20)
            for _ in 0..<1024 { try output.write(chunk) }
            try output.write([0x2A])
        }
        #expect(big.size == Self.bigSize)
        let after = try writer.addEntry("content/after.txt") { try $0.write("after the big one\n") }
        #expect(after.offset > 0xFFFF_FFFF)
        try writer.finish()
        try sink.finish()

        // The default limits refuse a 4 GiB entry before reading a byte of it.
        let refusal = try #require(throws: ZipError.self) { try ZipReader(source: ZipFileSource(path: path)) }
        #expect(refusal.code == .entryTooLarge)

        var limits = ZipLimits()
        limits.maxEntrySize = { _ in 8 << 30 }
        let full = try ZipReader(source: ZipFileSource(path: path), limits: limits)
        let entry = try full.requireEntry(named: "content/big.bin")
        #expect(entry.size == Self.bigSize)
        #expect(entry.compressedSize == Self.bigSize)
        #expect(
            try full.contents(of: full.requireEntry(named: "content/after.txt")) == Array("after the big one\n".utf8)
        )
        var last: UInt8 = 0
        var count: Int64 = 0
        try full.read(full.requireEntry(named: "content/big.bin")) { chunk in
            count += Int64(chunk.count)
            last = chunk.last ?? last
        }
        #expect(count == Self.bigSize)
        #expect(last == 0x2A)

        do {
            let listing = try Tools.run("zipinfo", ["-l", path])
            #expect(listing.status == 0 && listing.stderr.isEmpty, "\(listing.stderr)")
            #expect(listing.stdout.contains("4294967297"))
        }
        do {
            let listing = try Tools.run("7z", ["l", path])
            #expect(listing.status == 0 && !listing.stdout.contains("Warning"), "\(listing.stdout.suffix(400))")
            #expect(listing.stdout.contains("4294967297"))
        }
        do {
            let script = """
                import sys, zipfile
                z = zipfile.ZipFile(sys.argv[1])
                big = z.getinfo("content/big.bin")
                print(big.file_size, big.compress_size, z.getinfo("content/after.txt").header_offset > 0xFFFFFFFF)
                sys.stdout.write(z.read("content/after.txt").decode())
                """
            let result = try Tools.run("python3", ["-W", "error", "-c", script, path])
            #expect(result.status == 0 && result.stderr.isEmpty, "\(result.stderr)")
            #expect(result.stdout == "4294967297 4294967297 True\nafter the big one\n")
        }
    }
}
