import Foundation

/// One entry of an archive, as its central directory describes it (after the checks of ``ZipReader/init(source:limits:)``),
/// or as a ``ZipWriter`` wrote it.
public struct ZipEntry: Sendable, Hashable {
    /// The entry's name: UTF-8, relative, `/`-separated; a folder's name ends with `/`.
    public let name: String
    public let method: ZipCompression.Method
    public let crc32: UInt32
    /// Bytes of (compressed) data in the archive.
    public let compressedSize: Int64
    /// Bytes the entry holds once inflated.
    public let size: Int64
    /// The modification time: the extended timestamp if the entry has one, else its DOS time read as UTC.
    public let modificationDate: Date
    /// Offset of the entry's local header in the archive.
    public let offset: Int64

    /// True for a folder entry (its name ends with `/`).
    public var isDirectory: Bool { name.hasSuffix("/") }

    // Facts the reader needs again when it opens the entry.
    let flags: UInt16
    let centralOffset: Int64
    /// True when the central directory took a size from a ZIP64 extra field.
    let sizesUseZip64: Bool

    /// General-purpose bit 3: CRC and sizes follow the data in a data descriptor.
    var hasDataDescriptor: Bool { flags & 0x0008 != 0 }

    init(
        name: String,
        method: ZipCompression.Method,
        crc32: UInt32,
        compressedSize: Int64,
        size: Int64,
        modificationDate: Date,
        offset: Int64,
        flags: UInt16,
        centralOffset: Int64,
        sizesUseZip64: Bool
    ) {
        self.name = name
        self.method = method
        self.crc32 = crc32
        self.compressedSize = compressedSize
        self.size = size
        self.modificationDate = modificationDate
        self.offset = offset
        self.flags = flags
        self.centralOffset = centralOffset
        self.sizesUseZip64 = sizesUseZip64
    }
}
