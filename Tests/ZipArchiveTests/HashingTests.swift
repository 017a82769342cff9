import Testing
import Hashing

@Suite struct HashingTests {
    @Test func sha256OfKnownVectors() {
        #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func incrementalEqualsOneShot() {
        let bytes = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        var digest = SHA256()
        digest.update(Array(bytes[..<12345]))
        digest.update(Array(bytes[12345...]))
        #expect(digest.finalizeHex() == SHA256.hex(bytes))
    }

    @Test("Digest after digest on one context (finalizeHexAndRestart) equals one-shot digests; restart drops what was fed")
    func restartedDigestsEqualOneShot() {
        var digest = SHA256()
        let inputs: [[UInt8]] = [[], Array("abc".utf8), (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }, [0]]
        for input in inputs {
            input.withUnsafeBytes { bytes in
                var offset = 0
                while offset < bytes.count {
                    let end = min(bytes.count, offset + 4_099)
                    digest.update(UnsafeRawBufferPointer(rebasing: bytes[offset..<end]))
                    offset = end
                }
            }
            #expect(digest.finalizeHexAndRestart() == SHA256.hex(input))
        }
        digest.update(Array("dropped".utf8))
        digest.restart()
        digest.update(Array("abc".utf8))
        #expect(digest.finalizeHexAndRestart() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
