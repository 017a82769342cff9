/// The backup archive, version 1 of the layout (`formatVersion`), content model version 2 (`schemaVersion`).
///
/// This is the reference for what ``ArchiveWriter`` writes and ``ArchiveReader`` accepts; `spec/archive.md` is
/// the contract it implements. (Kept as a doc comment rather than a README so that the Domain target has no
/// unhandled files.)
///
/// ## Container
/// A standard ZIP (APPNOTE 6.3) written in one forward pass by the ZipArchive module: UTF-8 names (bit 11), every
/// entry deflated (zlib level 1 by default, configurable), data descriptors for streamed entries, ZIP64 records
/// only where a size, an offset or the entry count needs them, the central directory at the end.
///
/// ## Entries, in this order
/// 1. `manifest.json` (first, pretty-printed):
///    `{"format": "nsbackup", "formatVersion": 1, "schemaVersion": 2, "appVersion", "createdAt", "backupName",
///    "namespace": {"id", "name"}, "folderCount", "itemCount", "totalBytes"}`.
/// 2. `folders.jsonl`: JSON Lines, one folder per line, sorted by path (code points):
///    `{"path": "/Orders", "permissions": [{"principal": "group:designers", "access": "read"}], "createdAt", "updatedAt"}`.
/// 3. `items.jsonl`: JSON Lines, one item per line, sorted by path:
///    `{"path", "kind", "contentType", "size", "sha256", "createdAt", "updatedAt", "entry"}`, where `entry` names
///    the entry with the item's bytes.
/// 4. `content/…`: one entry per item, in the order of `items.jsonl`, named by ``ArchiveEntryName`` (the item's
///    path with unsafe segments percent-escaped; see there for the exact scheme). The exact path is the one in
///    `items.jsonl`; entry names are never turned back into paths.
///
/// Timestamps are RFC 3339 UTC with six fractional digits (``ArchiveTimestamp``), PostgreSQL's precision, so a
/// restore brings `createdAt`/`updatedAt` back exactly. JSON Lines stream: neither writing nor reading holds the
/// metadata of a namespace in memory (the reader keeps only the set of paths its checks need).
///
/// ## Versions
/// - `formatVersion` (this layout): 1. A newer one is refused as too new.
/// - `schemaVersion` (the content model of the lines): 2. A newer one is refused as too new; older ones are
///   upgraded line by line on the way in, one step per version (``ContentUpgrades``):
///   - version 1 (nsbackup 0.x): folder permissions as a map `{"read": [principals], "write": […], "admin": […]}`
///     and items without `contentType`; see ``ContentUpgradeV1ToV2`` for the upgrade.
///   Fixture archives of every version live in `Tests/DomainTests/Fixtures/archives/v<N>/` and are never rewritten.
///
/// ## Reading an archive from outside
/// Everything `spec/archive.md` lists is refused with ``ArchiveError/invalid(_:)`` naming the entry (and line) and
/// the fault: the ZIP module's container rules and limits (``ArchiveLimits``), then a missing or malformed
/// manifest or metadata, `manifest.json` not first, a line over 1 MiB, a path breaking the content path rules, a
/// path twice, a folder and an item on one path, an item under an item, bad permissions or content types, an item
/// whose entry is missing or holds another size, an entry no item names, a CRC-32, size or SHA-256 mismatch, and
/// counts that differ from the manifest. Folders that items lie in but that are not listed are reported
/// (``ArchiveSummary/missingParentFolders``), not refused: a restore creates them and warns.
///
/// The constants below are the layout's fixed facts.
public enum ArchiveFormat {
    /// The value of the manifest's `format` field.
    public static let name = "nsbackup"
    /// The layout version this server writes and the newest it reads.
    public static let formatVersion = 1
    /// The content model version this server writes and the newest it restores (older ones are upgraded).
    public static let schemaVersion = ContentUpgrades.currentVersion

    /// The first entry of every archive.
    public static let manifestEntry = "manifest.json"
    /// One folder per line (JSON Lines), sorted by path.
    public static let foldersEntry = "folders.jsonl"
    /// One item's metadata per line (JSON Lines), sorted by path; each names its content entry.
    public static let itemsEntry = "items.jsonl"
    /// Item bytes live under this folder, one entry per item (see ``ArchiveEntryName``).
    public static let contentPrefix = "content/"

    /// The entries that are not item content.
    static let metadataEntries: Set<String> = [manifestEntry, foldersEntry, itemsEntry]

    /// Longest accepted line of `folders.jsonl` / `items.jsonl`, and largest accepted `manifest.json`.
    public static let maxMetadataLine = 1 << 20
}
