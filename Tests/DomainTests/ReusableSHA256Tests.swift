import Hashing
import Testing

/// One context, digest after digest: each the same as a fresh ``SHA256``'s.
struct ReusableSHA256Tests {
    @Test("Digests in sequence (empty, short, long in pieces, after a reset) equal one-shot digests")
    func sequenceMatchesOneShot() {
        var digest = ReusableSHA256()
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
            #expect(digest.finalizeHex() == SHA256.hex(input))
        }
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        Array("dropped".utf8).withUnsafeBytes { digest.update($0) }
        digest.reset()
        Array("abc".utf8).withUnsafeBytes { digest.update($0) }
        #expect(digest.finalizeHex() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
