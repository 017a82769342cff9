/// Short random identifiers that tie a request's log line to its response (`X-Request-Id`, 500 bodies).
public enum HTTPRequestID {
    private static let alphabet = Array("0123456789abcdefghijklmnopqrstuvwxyz".utf8)

    /// 12 characters of base 36 from the system's random generator (getrandom on Linux): about 62 bits,
    /// enough that two requests in the same logs practically never share an id. Not a secret.
    public static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return make(using: &generator)
    }

    /// An id drawn from `generator` (connections use a fast generator seeded once from the system's, so a
    /// request costs no `getrandom` system call).
    static func make(using generator: inout some RandomNumberGenerator) -> String {
        var value = generator.next() as UInt64
        var out = [UInt8](repeating: 0, count: 12)
        for index in 0..<12 {
            out[index] = alphabet[Int(value % 36)]
            value /= 36
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// SplitMix64 (Steele, Lea, Flood 2014): a fast generator for request ids, not for secrets.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init() {
        var system = SystemRandomNumberGenerator()
        state = system.next()
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
