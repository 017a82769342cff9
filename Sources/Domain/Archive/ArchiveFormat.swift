/// The fixed facts of the backup archive layout (see `README.md` in this folder and `spec/archive.md`).
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
