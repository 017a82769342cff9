/// Short random identifiers that tie a request's log line to its response (`X-Request-Id`, 500 bodies).
public enum HTTPRequestID {
    private static let alphabet = Array("0123456789abcdefghijklmnopqrstuvwxyz".utf8)

    /// 12 characters of base 36 from the system's random generator (getrandom on Linux): about 62 bits,
    /// enough that two requests in the same logs practically never share an id. Not a secret.
    public static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        var value = generator.next() as UInt64
        var out = [UInt8](repeating: 0, count: 12)
        for index in 0..<12 {
            out[index] = alphabet[Int(value % 36)]
            value /= 36
        }
        return String(decoding: out, as: UTF8.self)
    }
}
