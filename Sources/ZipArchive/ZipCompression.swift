/// How an entry's bytes are stored: as they are (method 0) or deflated (method 8) at a zlib level.
public struct ZipCompression: Sendable, Hashable, CustomStringConvertible {
    /// The ZIP compression methods this module reads and writes.
    public enum Method: UInt16, Sendable, Hashable {
        case stored = 0
        case deflated = 8
    }

    public let method: Method
    /// zlib level 1 (fastest, ~100 MB/s here) … 9 (smallest); 0 for stored.
    public let level: Int

    /// No compression.
    public static let stored = ZipCompression(method: .stored, level: 0)
    /// Deflate at zlib's default level 6.
    public static let deflated = ZipCompression(method: .deflated, level: 6)

    /// Deflate at `level`, clamped to 1…9.
    public static func deflated(level: Int) -> ZipCompression {
        ZipCompression(method: .deflated, level: min(max(level, 1), 9))
    }

    public var description: String { method == .stored ? "stored" : "deflated (level \(level))" }
}
