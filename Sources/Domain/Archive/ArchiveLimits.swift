import ZipArchive

/// Bounds on what an archive from outside may make this server read (archive contract, "Reading an archive that
/// came from outside"), with the contract's defaults.
public struct ArchiveLimits: Sendable {
    /// Most entries (default 1,000,000).
    public var maxEntries = 1_000_000
    /// Most uncompressed bytes in all (default 64 GiB).
    public var maxTotalSize: Int64 = 64 << 30
    /// Largest item, and so largest `content/` entry (default 64 MiB, the item size limit).
    public var maxItemSize: Int64 = 64 << 20
    /// Largest `folders.jsonl` / `items.jsonl` (default 4 GiB: about ten million lines). `manifest.json` may have
    /// at most ``ArchiveFormat/maxMetadataLine`` bytes.
    public var maxMetadataSize: Int64 = 4 << 30
    /// Highest uncompressed : compressed ratio per entry (default 1,000).
    public var maxCompressionRatio: Int64 = ZipLimits().maxCompressionRatio
    /// Entries up to this size are not held to the ratio (default 1 MiB), so that a small run of zeros or
    /// spaces, which deflates to almost nothing, is not mistaken for a bomb.
    public var ratioExemptSize: Int64 = 1 << 20

    public init() {}

    /// The ZIP reader's limits for a backup archive.
    var zipLimits: ZipLimits {
        var limits = ZipLimits()
        limits.maxEntries = maxEntries
        limits.maxTotalUncompressedSize = maxTotalSize
        limits.maxCompressionRatio = maxCompressionRatio
        limits.ratioExemptSize = ratioExemptSize
        let item = maxItemSize
        let metadata = maxMetadataSize
        limits.maxEntrySize = { name in
            switch name {
            case ArchiveFormat.manifestEntry: Int64(ArchiveFormat.maxMetadataLine)
            case ArchiveFormat.foldersEntry, ArchiveFormat.itemsEntry: metadata
            default: item
            }
        }
        return limits
    }
}
