import Hashing
import ZipArchive

/// The bytes of one item while an ``ArchiveReader`` reads the archive: handed to the caller's item closure, which
/// may stream them once with ``read(_:)``. Bytes the caller does not read are read and checked by the reader.
///
/// Not `Sendable`: valid only inside the item closure, on its thread.
public final class ArchiveItemContent<Source: ZipByteSource> {
    private let zip: ZipReader<Source>
    private let entry: ZipEntry
    /// The item's metadata, already checked (its entry exists and declares `item.size` bytes).
    public let item: ArchiveItem
    private(set) var wasRead = false

    init(zip: ZipReader<Source>, entry: ZipEntry, item: ArchiveItem) {
        self.zip = zip
        self.entry = entry
        self.item = item
    }

    /// Streams the item's bytes to `body` in pieces of up to 256 KiB, then checks their CRC-32, size and SHA-256.
    ///
    /// The bytes are valid only if this returns: when it throws, discard what `body` received (for example by
    /// rolling back the transaction it went into).
    /// - Throws: ``ArchiveError/invalid(_:)`` for a fault of the entry or a checksum mismatch; `body`'s and the
    ///   source's errors unchanged.
    public func read(_ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard !wasRead else {
            throw ArchiveWriterMisuse(message: "the content of '\(item.path)' can be read only once")
        }
        wasRead = true
        var digest = SHA256()
        var bodyError: (any Error)?
        do {
            try zip.read(entry) { chunk in
                digest.update(chunk)
                do { try body(chunk) } catch {
                    bodyError = error
                    throw error
                }
            }
        } catch let error as ZipError where bodyError == nil {
            throw ArchiveError.invalid(error.message)
        }
        let actual = digest.finalizeHex()
        guard actual == item.sha256 else {
            throw ArchiveError.invalid(
                "Entry '\(ContentPathRules.display(entry.name))' of the item '\(ContentPathRules.display(item.path))' has SHA-256 \(actual.prefix(12))… but items.jsonl says \(item.sha256.prefix(12))….")
        }
    }
}

@available(*, unavailable, message: "Valid only inside the item closure, on its thread.")
extension ArchiveItemContent: Sendable {}
