import Foundation

/// Deterministic test content.
enum TestData {
    /// XML-like text of `count` bytes: repetitive markup with varying numbers and words, which deflates about
    /// 4–5 : 1 like real service definitions. Built from a few KiB of varied records repeated with variations.
    static func xmlLike(count: Int, seed: UInt64 = 1) -> [UInt8] {
        var generator = SplitMix64(seed: seed)
        let words = ["order", "customer", "invoice", "service", "model", "form", "library", "folder", "item", "value"]
        var block: [UInt8] = []
        while block.count < 1 << 20 {
            let word = words[Int(generator.next() % UInt64(words.count))]
            let other = words[Int(generator.next() % UInt64(words.count))]
            let record =
                "  <\(word) id=\"\(generator.next() % 100_000)\" ref=\"\(other)-\(generator.next() % 1000)\">"
                + "<name>\(other.capitalized) \(generator.next() % 10_000)</name>"
                + "<amount>\(Double(generator.next() % 1_000_000) / 100)</amount></\(word)>\n"
            block.append(contentsOf: record.utf8)
        }
        var out: [UInt8] = []
        out.reserveCapacity(count)
        while out.count < count {
            out.append(contentsOf: block.prefix(count - out.count))
        }
        return out
    }

    /// `count` pseudo-random bytes (incompressible).
    static func random(count: Int, seed: UInt64) -> [UInt8] {
        var generator = SplitMix64(seed: seed)
        var out = [UInt8](repeating: 0, count: count)
        out.withUnsafeMutableBytes { raw in
            var index = 0
            while index + 8 <= count {
                raw.storeBytes(of: generator.next(), toByteOffset: index, as: UInt64.self)
                index += 8
            }
            while index < count {
                raw[index] = UInt8(truncatingIfNeeded: generator.next())
                index += 1
            }
        }
        return out
    }
}

/// A small fast deterministic generator (SplitMix64), so failures reproduce from their seed.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
