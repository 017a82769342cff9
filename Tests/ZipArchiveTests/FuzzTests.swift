import Foundation
import Testing
import ZipArchive

/// Mutated archives never crash the reader, and whatever it returns as valid is byte-for-byte what was written.
@Suite struct FuzzTests {
    struct Original {
        var archive: [UInt8]
        var contents: [String: [UInt8]]
    }

    static func originals() throws -> [Original] {
        var result: [Original] = []
        // Ours: streamed (data descriptors), in-memory, stored, folder, empty.
        var contents: [String: [UInt8]] = [:]
        let writer = ZipWriter(sink: ZipMemorySink())
        let text = TestData.xmlLike(count: 40_000, seed: 9)
        contents["manifest.json"] = Array(#"{"format":"nsbackup","itemCount":3}"#.utf8)
        try writer.addEntry("manifest.json", bytes: contents["manifest.json"]!)
        try writer.addDirectory("content/")
        contents["content/"] = []
        contents["content/a.xml"] = text
        try writer.addEntry("content/a.xml", compression: .deflated(level: 1)) { try $0.write(text) }
        contents["content/b.bin"] = TestData.random(count: 3000, seed: 2)
        try writer.addEntry("content/b.bin", compression: .stored) { try $0.write(contents["content/b.bin"]!) }
        contents["content/empty"] = []
        try writer.addEntry("content/empty") { _ in }
        contents["content/ü/ß.txt"] = Array("smaller".utf8)
        try writer.addEntry("content/ü/ß.txt", bytes: contents["content/ü/ß.txt"]!, compression: .stored)
        result.append(Original(archive: try writer.finish().bytes, contents: contents))
        // Python-built ones from the corpus (one with a data descriptor without signature, one ZIP64-ended).
        let fixture: [String: [UInt8]] = [
            "manifest.json": Array(#"{"format":"nsbackup"}"#.utf8),
            "content/Orders/x": Array(String(repeating: "<order id='1'>Jane's first order</order>\n", count: 40).utf8),
            "content/Orders/y": Array("stored bytes".utf8),
        ]
        for file in ["valid.zip", "descriptor-unsigned.zip", "zip64-end-records.zip"] {
            result.append(Original(archive: try Fixtures.bytes("hostile/" + file), contents: fixture))
        }
        return result
    }

    static func mutate(_ bytes: [UInt8], donor: [UInt8], using random: inout SplitMix64) -> [UInt8] {
        var out = bytes
        func position() -> Int { Int(random.next() % UInt64(max(out.count, 1))) }
        switch random.next() % 6 {
        case 0:  // flip a few bits
            for _ in 0...(random.next() % 4) where !out.isEmpty { out[position()] ^= UInt8(1 << (random.next() % 8)) }
        case 1:  // set a byte to an interesting value
            let values: [UInt8] = [0x00, 0xFF, 0x7F, 0x80, 0x01, 0x2F, 0x5C]
            if !out.isEmpty { out[position()] = values[Int(random.next() % UInt64(values.count))] }
        case 2:  // truncate
            out.removeLast(Int(random.next() % UInt64(out.count + 1)))
        case 3:  // overwrite a range with bytes from elsewhere in the archive or from another archive
            let source = random.next() % 2 == 0 ? out : donor
            guard !source.isEmpty, !out.isEmpty else { break }
            let length = Int(random.next() % 64) + 1
            let from = Int(random.next() % UInt64(source.count))
            let to = position()
            for index in 0..<length where from + index < source.count && to + index < out.count {
                out[to + index] = source[from + index]
            }
        case 4:  // insert or delete a range: everything after it shifts
            let at = position()
            let length = Int(random.next() % 40) + 1
            if random.next() % 2 == 0 {
                out.insert(contentsOf: TestData.random(count: length, seed: random.next()), at: min(at, out.count))
            } else {
                out.removeSubrange(at..<min(at + length, out.count))
            }
        default:  // a 32-bit field set to a boundary value
            guard out.count >= 4 else { break }
            let at = Int(random.next() % UInt64(out.count - 3))
            let values: [UInt32] = [
                0, 1, 0xFFFF_FFFF, 0x7FFF_FFFF, 0xFFFF, UInt32(out.count), UInt32(truncatingIfNeeded: random.next()),
            ]
            let value = values[Int(random.next() % UInt64(values.count))]
            for index in 0..<4 { out[at + index] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(index))) }
        }
        return out
    }

    @Test("3 seconds of mutations: no crash, no wrong bytes accepted")
    func mutatedArchivesAreRefusedOrReadCorrectly() throws {
        let originals = try Self.originals()
        let seed = UInt64(Date().timeIntervalSince1970 * 1000)
        var random = SplitMix64(seed: seed)
        let deadline = Date().addingTimeInterval(3)
        var tried = 0
        var acceptedEntries = 0
        var renamed = 0
        var refused: [String: Int] = [:]
        while Date() < deadline {
            let original = originals[Int(random.next() % UInt64(originals.count))]
            let donor = originals[Int(random.next() % UInt64(originals.count))].archive
            var mutant = Self.mutate(original.archive, donor: donor, using: &random)
            if random.next() % 4 == 0 { mutant = Self.mutate(mutant, donor: donor, using: &random) }
            tried += 1
            do {
                let reader = try ZipReader(source: ZipMemorySource(mutant))
                try reader.forEachEntry { entry in
                    do {
                        let bytes = try reader.contents(of: entry)
                        acceptedEntries += 1
                        if let expected = original.contents[entry.name] {
                            #expect(expected == bytes, "seed \(seed): entry '\(entry.name)' accepted with wrong bytes")
                        } else {
                            // Two mutations can rename an entry the same way in its local and central headers:
                            // ZIP protects no name with a checksum, so that is a valid archive of its own. Its
                            // bytes must still be some original entry's, intact.
                            renamed += 1
                            #expect(
                                original.contents.values.contains(bytes),
                                "seed \(seed): renamed entry '\(entry.name)' accepted with bytes of no original entry"
                            )
                        }
                    } catch let error as ZipError {
                        refused[error.code.rawValue, default: 0] += 1
                    }
                }
            } catch let error as ZipError {
                refused[error.code.rawValue, default: 0] += 1
            } catch {
                Issue.record("seed \(seed): a memory source only fails with ZipError, got \(error)")
            }
        }
        #expect(tried > 100)
        #expect(refused.count >= 8, "mutations reached many checks: \(refused)")
        print(
            "fuzz: seed \(seed), \(tried) mutants, \(acceptedEntries) entries read intact (\(renamed) consistently renamed), refusals \(refused.sorted { $0.key < $1.key })"
        )
    }
}
