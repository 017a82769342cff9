/// Bounds on what a ``ZipReader`` accepts from an untrusted archive, with the defaults of the archive contract.
///
/// Every limit is enforced while inflating, not by trusting a header: an entry may never produce more bytes than
/// its header declares (the reader stops one byte past it), and the declared sizes must fit these limits before
/// any byte is inflated. So a header that lies is caught within one byte, and one that tells the truth is
/// refused before inflating anything.
public struct ZipLimits: Sendable {
    /// Default largest entry: the item size limit of the archive contract (64 MiB).
    public static let defaultMaxEntrySize: Int64 = 64 << 20
    /// Default highest compression ratio (1,000 : 1). The writer keeps every entry it can within it
    /// (``StoredPrefix``), so lowering it would make the reader refuse archives this package writes.
    static let defaultMaxCompressionRatio: Int64 = 1000

    /// Most entries in the archive (default 1,000,000).
    public var maxEntries: Int = 1_000_000
    /// Most uncompressed bytes in all entries together (default 64 GiB).
    public var maxTotalUncompressedSize: Int64 = 64 << 30
    /// Largest uncompressed size of the entry with a given name (default 64 MiB for every name). Raise it for
    /// metadata entries, for example `{ $0.hasPrefix("content/") ? 64 << 20 : 4 << 30 }`. Called once per entry
    /// when the archive is opened.
    public var maxEntrySize: @Sendable (_ name: String) -> Int64 = { _ in ZipLimits.defaultMaxEntrySize }
    /// Highest ratio of uncompressed to compressed size per entry (default 1,000, so 1,000 : 1).
    ///
    /// Deflate cannot exceed about 1,032 : 1, so this only refuses the most repetitive data, such as megabytes
    /// of one byte value; raise ``ratioExemptSize`` if such content is legitimate.
    public var maxCompressionRatio: Int64 = ZipLimits.defaultMaxCompressionRatio
    /// Entries this small (uncompressed) are not held to ``maxCompressionRatio`` (default 0: every entry is).
    public var ratioExemptSize: Int64 = 0

    /// The contract's defaults.
    public init() {}

    /// The contract's defaults (same as `init()`).
    public static var `default`: ZipLimits { ZipLimits() }
}
