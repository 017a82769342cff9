// Seeds for ZipReaderFuzz.swift made by our own ZipWriter (data descriptors, extended timestamps, UTF-8 names,
// stored and deflated entries): the archives the product writes and reads back most. The Python-made fixtures
// of Tests/ZipArchiveTests/Fixtures are added by scripts/fuzz.

import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension ZipReaderFuzz {
    static func writeSeedsIfAsked() {
        guard let directory = ProcessInfo.processInfo.environment["NSB_FUZZ_WRITE_SEEDS"] else { return }
        do {
            for (name, bytes) in try seeds() {
                let path = directory + "/writer-" + name + ".zip"
                guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
                    fuzzFail("cannot write the seed \(path)")
                }
            }
        } catch {
            fuzzFail("writing seeds failed: \(error)")
        }
        exit(0)
    }

    static func seeds() throws -> [(String, [UInt8])] {
        let date = Date(timeIntervalSince1970: 1_700_000_000)
        var result: [(String, [UInt8])] = []
        func archive(_ name: String, comment: String = "", _ build: (ZipWriter<ZipMemorySink>) throws -> Void) throws {
            let writer = ZipWriter(sink: ZipMemorySink())
            try build(writer)
            result.append((name, try writer.finish(comment: comment).bytes))
        }
        let xml = Array(
            (0..<40).map { "<item id='\($0)' name=\"Jane's order \($0)\">payload \($0 * 7919 % 1000)</item>\n" }
                .joined().utf8
        )
        let noise: [UInt8] = (0..<300).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) }
        try archive("backup-layout") { writer in
            try writer.addEntry("manifest.json", bytes: Array(#"{"formatVersion":1,"itemCount":3}"#.utf8), modified: date)
            try writer.addDirectory("content/", modified: date)
            try writer.addEntry("content/a.xml", compression: .deflated(level: 1), modified: date) { try $0.write(xml) }
            try writer.addEntry("content/b.bin", compression: .stored, modified: date) { try $0.write(noise) }
            try writer.addEntry("content/empty", modified: date) { _ in }
            try writer.addEntry("content/ü/ß.txt", bytes: Array("smaller".utf8), compression: .stored, modified: date)
        }
        try archive("one-stored") { writer in
            try writer.addEntry("a", bytes: Array("hello".utf8), compression: .stored, modified: date)
        }
        try archive("empty", comment: "no entries") { _ in }
        try archive("many-entries") { writer in
            for index in 0..<40 {
                try writer.addEntry("d/\(index)", bytes: [UInt8(index)], compression: .stored, modified: date)
            }
        }
        try archive("high-ratio") { writer in
            try writer.addEntry("zeros.bin", compression: .deflated(level: 9), modified: date) { output in
                try output.write([UInt8](repeating: 0, count: 60_000))
            }
        }
        try archive("known-size") { writer in
            try writer.addEntry("sized.xml", modified: date, expectedSize: Int64(xml.count)) { try $0.write(xml) }
            try writer.addEntry("meta.json", bytes: Array(#"{"a":[1,2,3]}"#.utf8), modified: date)
        }
        return result
    }
}
