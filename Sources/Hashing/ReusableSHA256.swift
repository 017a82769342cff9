internal import CCrypto

/// Incremental SHA-256 that computes digest after digest in one OpenSSL context: ``finalizeHex()`` ends the current
/// digest and starts the next. For one digest per small piece of data — a restore checks one per item, and a new
/// ``SHA256`` each time costs an `EVP_MD_CTX_new`/`EVP_MD_CTX_free` pair and a fresh initialisation.
///
/// Non-copyable, like ``SHA256``: one owner, one `EVP_MD_CTX_free`.
public struct ReusableSHA256: ~Copyable {
    private let context = DigestContext()
    public init() {}

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        EVP_DigestUpdate(context.raw, base, bytes.count)
    }

    /// Drops whatever was fed since the last digest and starts a new one.
    public mutating func reset() {
        guard EVP_DigestInit_ex(context.raw, EVP_sha256(), nil) == 1 else { fatalError("EVP_DigestInit_ex(sha256) failed") }
    }

    /// The digest of what was fed since the last digest (or reset), as 64 lowercase hex characters; the next
    /// digest starts empty.
    public mutating func finalizeHex() -> String {
        var length: UInt32 = 0
        let hex = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { buffer in
            _ = EVP_DigestFinal_ex(context.raw, buffer.baseAddress, &length)
            return Hex.encode(buffer)
        }
        reset()
        return hex
    }
}
