internal import CCrypto

/// Cryptographically secure random bytes (OpenSSL `RAND_bytes`).
public enum SecureRandom {
    public static func bytes(_ count: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        let ok = out.withUnsafeMutableBufferPointer { RAND_bytes($0.baseAddress, Int32(count)) }
        // RAND_bytes only fails when the OS entropy source is broken; continuing would mint guessable tokens.
        precondition(ok == 1, "RAND_bytes failed: the system's random source is unavailable")
        return out
    }
}
