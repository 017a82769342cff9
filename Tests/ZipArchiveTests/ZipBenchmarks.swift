import Foundation
import Testing
import ZipArchive

/// Throughput and memory figures for the report; not assertions about speed. Run in release:
/// `NSBACKUP_ZIP_BENCH=1 swift test -c release -Xswiftc -enable-testing --filter ZipBenchmarks`
@Suite(
    .serialized,
    .enabled(if: ProcessInfo.processInfo.environment["NSBACKUP_ZIP_BENCH"] == "1", "set NSBACKUP_ZIP_BENCH=1 to run")
)
struct ZipBenchmarks {
    static func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    static func status(_ key: String) -> Int {
        let text = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = text.split(separator: "\n").first { $0.hasPrefix(key + ":") } ?? ""
        return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
    }

    /// Resets VmHWM to the current RSS (Linux: write 5 to clear_refs), so the next peak is the next step's.
    static func resetPeak() { try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8) }

    static func mb(_ bytes: Int, _ seconds: Double) -> String {
        String(format: "%.0f MB/s", Double(bytes) / seconds / 1e6)
    }

    @Test func deflateAndInflateThroughputNextToGzip() throws {
        let directory = try TemporaryDirectory("bench")
        let size = 200 << 20
        let data = TestData.xmlLike(count: size)
        try directory.write("data.xml", data)
        for level in [1, 6] {
            let path = directory.file("l\(level).zip")
            var written: Int64 = 0
            let write = try Self.seconds {
                let writer = ZipWriter(sink: try ZipFileSink(path: path))
                try writer.addEntry("content/data.xml", compression: .deflated(level: level)) { output in
                    var offset = 0
                    while offset < data.count {
                        let end = min(offset + (1 << 20), data.count)
                        try data[offset..<end].withUnsafeBytes { try output.write($0) }
                        offset = end
                    }
                }
                try writer.finish().close()
                written = writer.bytesWritten
            }
            var read = 0
            let readTime = try Self.seconds {
                let reader = try ZipReader(
                    source: ZipFileSource(path: path),
                    limits: {
                        var l = ZipLimits(); l.maxEntrySize = { _ in 1 << 30 }; return l
                    }()
                )
                try reader.read(reader.requireEntry(named: "content/data.xml")) { read += $0.count }
            }
            #expect(read == size)
            let gzipWrite = try Self.seconds {
                _ = try Tools.run("sh", ["-c", "gzip -\(level) -c data.xml > data.\(level).gz"], in: directory.path)
            }
            let gzipSize =
                (try? FileManager.default.attributesOfItem(atPath: directory.file("data.\(level).gz"))[.size] as? Int)
                ?? 0
            let gzipRead = try Self.seconds {
                _ = try Tools.run("sh", ["-c", "gzip -dc data.\(level).gz > /dev/null"], in: directory.path)
            }
            print(
                String(
                    format:
                        "bench level %d: ZipWriter %.2f s (%@) → %.1f MiB | ZipReader %.2f s (%@) | gzip -%d %.2f s (%@) → %.1f MiB | gzip -dc %.2f s (%@)",
                    level,
                    write,
                    Self.mb(size, write),
                    Double(written) / 1048576,
                    readTime,
                    Self.mb(size, readTime),
                    level,
                    gzipWrite,
                    Self.mb(size, gzipWrite),
                    Double(gzipSize) / 1048576,
                    gzipRead,
                    Self.mb(size, gzipRead)
                )
            )
        }
    }

    @Test func peakMemoryReadingAOneGiBArchive() throws {
        let directory = try TemporaryDirectory("bench1g")
        let path = directory.file("1g.zip")
        do {
            let piece = TestData.xmlLike(count: 1 << 20, seed: 3)
            let writer = ZipWriter(sink: try ZipFileSink(path: path))
            for number in 0..<16 {
                try writer.addEntry("content/part-\(number).xml", compression: .deflated(level: 1)) { output in
                    for _ in 0..<64 { try output.write(piece) }
                }
            }
            try writer.finish().close()
        }
        Self.resetPeak()
        let before = Self.status("VmRSS")
        var summary: ZipValidationSummary?
        let time = try Self.seconds { summary = try ZipReader(source: ZipFileSource(path: path)).validate() }
        let peak = Self.status("VmHWM")
        #expect(summary?.totalSize == 1 << 30)
        print(
            String(
                format:
                    "bench 1 GiB archive: validate() %.2f s (%@ uncompressed); RSS before %d KiB, VmHWM during %d KiB (+%d KiB)",
                time,
                Self.mb(1 << 30, time),
                before,
                peak,
                peak - before
            )
        )
    }

    @Test func oneMillionEntries() throws {
        let directory = try TemporaryDirectory("bench1m")
        let path = directory.file("1m.zip")
        Self.resetPeak()
        var before = Self.status("VmRSS")
        let write = try Self.seconds {
            let writer = ZipWriter(sink: try ZipFileSink(path: path))
            for number in 0..<1_000_000 {
                try writer.addEntry(
                    "content/folder-\(number / 1000)/item-\(number).txt",
                    bytes: Array("item \(number)\n".utf8)
                )
            }
            try writer.finish().close()
        }
        let writePeak = Self.status("VmHWM") - before
        Self.resetPeak()
        before = Self.status("VmRSS")
        var reader: ZipReader<ZipFileSource>?
        let open = try Self.seconds { reader = try ZipReader(source: ZipFileSource(path: path)) }
        let openPeak = Self.status("VmHWM") - before
        var count = 0
        let enumerate = try Self.seconds { try reader!.forEachEntry { _ in count += 1 } }
        let lookup = try Self.seconds { _ = try reader!.requireEntry(named: "content/folder-999/item-999999.txt") }
        let validate = try Self.seconds { _ = try reader!.validate() }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        #expect(count == 1_000_000)
        print(
            String(
                format:
                    "bench 1,000,000 entries (%.0f MiB): write %.2f s (+%d KiB peak) | open %.2f s (+%d KiB peak) | forEachEntry %.2f s | lookup %.4f s | validate %.2f s",
                Double(size) / 1048576,
                write,
                writePeak,
                open,
                openPeak,
                enumerate,
                lookup,
                validate
            )
        )
    }
}
