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
}
