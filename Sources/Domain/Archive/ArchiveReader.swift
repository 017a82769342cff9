import Foundation
import Hashing
import ZipArchive

/// Reads and checks a backup archive from any ``ZipByteSource``, treating it as untrusted (archive contract,
/// "Reading an archive that came from outside").
///
/// Opening checks the container (the ZIP module's central-directory rules and ``ArchiveLimits``), finds
/// `manifest.json` as the first entry, and checks its versions: a newer `formatVersion` or `schemaVersion` throws
/// ``ArchiveError/tooNew(field:archiveVersion:supported:)``. ``read(folders:items:verifyContent:)`` then streams
/// the metadata, upgraded to the current content model, and checks the layout rules and every checksum.
///
/// Every fault is an ``ArchiveError/invalid(_:)`` naming the entry (and line) and the fault. Errors of the source
/// and of the caller's closures pass through unchanged.
///
/// Not `Sendable`: it keeps the state of one reading.
public final class ArchiveReader<Source: ZipByteSource> {
    /// The ZIP archive underneath.
    public let zip: ZipReader<Source>
    public let manifest: ArchiveManifest
    let limits: ArchiveLimits
    /// Entries other than the metadata and folders, i.e. the ones items must name.
    let contentEntryCount: Int
    var state = ArchiveLayoutState()
    var phase = ReadingPhase.folders
    var folderCount = 0
    var itemCount = 0
    /// One stream for every item's entry, repointed from item to item (``ArchiveItemContent``).
    private var itemStream: ZipEntryReader<Source>?
    /// The SHA-256 of the item being read (``ArchiveItemContent``): one context for every item, reset per item.
    var itemDigest = SHA256()
    /// The buffer items are read into when a caller pushes them (``ArchiveItemContent/read(_:)``); 256 KiB, made
    /// on first use, released in `deinit`.
    private var itemBuffer: UnsafeMutableRawBufferPointer?

    /// Opens the archive and reads its manifest.
    /// - Throws: ``ArchiveError``; the source's errors unchanged.
    public init(source: Source, limits: ArchiveLimits = ArchiveLimits()) throws {
        self.limits = limits
        let zip = try ArchiveReaderErrors.mapZip { try ZipReader(source: source, limits: limits.zipLimits) }
        self.zip = zip
        // The central directory was walked once by the ZIP reader; what is needed here comes from its index:
        // the first record's name, hash lookups of the metadata entries, and the count of folder entries.
        var metadataSeen: Set<String> = []
        let first = try ArchiveReaderErrors.mapZip {
            for name in ArchiveFormat.metadataEntries where try zip.entry(named: name) != nil {
                metadataSeen.insert(name)
            }
            return try zip.firstEntryName()
        }
        let contentEntries = zip.entryCount - zip.directoryEntryCount - metadataSeen.count
        contentEntryCount = contentEntries
        guard metadataSeen.contains(ArchiveFormat.manifestEntry) else {
            throw ArchiveError.invalid("The archive has no '\(ArchiveFormat.manifestEntry)': it is not an nsbackup backup.")
        }
        guard first == ArchiveFormat.manifestEntry else {
            throw ArchiveError.invalid(
                "Entry '\(ArchiveFormat.manifestEntry)' must be the archive's first entry, but '\(ArchiveReaderErrors.display(first ?? ""))' comes first.")
        }
        manifest = try Self.readManifest(zip)
        for name in [ArchiveFormat.foldersEntry, ArchiveFormat.itemsEntry] where !metadataSeen.contains(name) {
            throw ArchiveError.invalid("The archive has no '\(name)', which lists its \(name == ArchiveFormat.foldersEntry ? "folders" : "items").")
        }
    }

    deinit { itemBuffer?.deallocate() }

    /// The stream for an item's entry: the previous item's, pointed at `entry`.
    func contentStream(for entry: ZipEntry) throws -> ZipEntryReader<Source> {
        let stream = try ArchiveReaderErrors.mapZip { try zip.makeStream(for: entry, reusing: itemStream) }
        itemStream = stream
        return stream
    }

    /// The buffer for pushing an item's bytes (one item is read at a time).
    var contentBuffer: UnsafeMutableRawBufferPointer {
        if let itemBuffer { return itemBuffer }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 << 10, alignment: 16)
        itemBuffer = buffer
        return buffer
    }

    /// The content model version of the archive's lines (before upgrading).
    public var schemaVersion: Int { manifest.schemaVersion }

    private static func readManifest(_ zip: ZipReader<Source>) throws -> ArchiveManifest {
        let name = ArchiveFormat.manifestEntry
        let bytes = try ArchiveReaderErrors.mapZip { try zip.contents(of: zip.requireEntry(named: name)) }
        let decoder = JSONDecoder()
        let versions: ManifestVersions
        do {
            versions = try decoder.decode(ManifestVersions.self, from: Data(bytes))
        } catch let error as DecodingError {
            throw ArchiveError.invalid("Entry '\(name)' \(error.archiveSentence)")
        }
        guard versions.format == ArchiveFormat.name else {
            throw ArchiveError.invalid(
                "Entry '\(name)' says the format is '\(ArchiveReaderErrors.display(versions.format))', not '\(ArchiveFormat.name)': it is not an nsbackup backup.")
        }
        guard versions.formatVersion <= ArchiveFormat.formatVersion else {
            throw ArchiveError.tooNew(field: "formatVersion", archiveVersion: versions.formatVersion,
                                      supported: ArchiveFormat.formatVersion)
        }
        guard versions.schemaVersion <= ArchiveFormat.schemaVersion else {
            throw ArchiveError.tooNew(field: "schemaVersion", archiveVersion: versions.schemaVersion,
                                      supported: ArchiveFormat.schemaVersion)
        }
        guard versions.formatVersion >= 1 else {
            throw ArchiveError.invalid("Entry '\(name)' has formatVersion \(versions.formatVersion); versions start at 1.")
        }
        guard versions.schemaVersion >= ContentUpgrades.oldestVersion else {
            throw ArchiveError.invalid(
                "Entry '\(name)' has schemaVersion \(versions.schemaVersion), older than the oldest this server can upgrade (\(ContentUpgrades.oldestVersion)).")
        }
        let manifest: ArchiveManifest
        do {
            manifest = try decoder.decode(ArchiveManifest.self, from: Data(bytes))
        } catch let error as DecodingError {
            throw ArchiveError.invalid("Entry '\(name)' \(error.archiveSentence)")
        }
        guard manifest.folderCount >= 0, manifest.itemCount >= 0, manifest.totalBytes >= 0 else {
            throw ArchiveError.invalid("Entry '\(name)' has a negative folderCount, itemCount or totalBytes.")
        }
        return manifest
    }
}

/// Where a reading is: the parts of an archive are read once, in order.
enum ReadingPhase { case folders, items, end, done }

@available(*, unavailable, message: "Keeps the state of one reading, on one thread.")
extension ArchiveReader: Sendable {}

/// Turning the ZIP module's refusals into archive errors.
enum ArchiveReaderErrors {
    /// Runs `body`; a ``ZipError`` (the archive's fault) becomes ``ArchiveError/invalid(_:)`` with its sentence.
    static func mapZip<R: ~Copyable>(_ body: () throws -> R) throws -> R {
        do {
            return try body()
        } catch let error as ZipError {
            throw ArchiveError.invalid(error.message)
        }
    }

    /// Untrusted text made printable and short for a message.
    static func display(_ text: String) -> String {
        ArchiveText.display(text)
    }
}

/// The manifest's version fields, read before the rest so that a newer archive is named as such even if its
/// other fields changed.
private struct ManifestVersions: Decodable {
    var format: String
    var formatVersion: Int
    var schemaVersion: Int
}
