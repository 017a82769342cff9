import ZipArchive

/// The check that ends an item's bytes (after the ZIP reader's own CRC-32, size and data descriptor checks):
/// their SHA-256 must be the one `items.jsonl` gives. Shared by the reader's stream (``ArchiveItemContent``) and
/// the verifier's workers (``ArchiveContentVerifier``), so both refuse with the same sentence.
enum ArchiveContentCheck {
    /// - Parameter actual: lowercase hex SHA-256 of the bytes read from `entry`.
    /// - Throws: ``ArchiveError/invalid(_:)`` naming the entry, the item and both digests when they differ.
    static func requireDigest(_ actual: String, of entry: ZipEntry, item: ArchiveItem) throws {
        guard actual == item.sha256 else {
            throw ArchiveError.invalid(
                "Entry '\(ArchiveText.display(entry.name))' of the item '\(ArchiveText.display(item.path))' has SHA-256 \(actual.prefix(12))… but items.jsonl says \(item.sha256.prefix(12))….")
        }
    }
}
