/// Reads and validates a ZIP archive from any ``ZipByteSource``, treating it as untrusted.
///
/// Opening reads the end records and the whole central directory once (in 256 KiB reads) and refuses the archive
/// if any entry breaks a rule of the archive contract that the directory can show: names, duplicates, encryption,
/// methods, bounds, overlaps, declared sizes against ``ZipLimits``. Each entry's own bytes (local header, data,
/// CRC, sizes, data descriptor) are checked when it is read; ``validate()`` reads them all.
///
/// ```swift
/// let reader = try ZipReader(source: ZipFileSource(path: "backup.zip"))
/// guard let manifest = try reader.entry(named: "manifest.json") else { … }
/// let json = try reader.contents(of: manifest)
/// try reader.forEachEntry { entry in
///     try reader.read(entry) { chunk in … }   // verified (CRC, size) when this returns
/// }
/// ```
///
/// Memory: about 24 bytes per entry for the index, plus 256 KiB buffers while reading; never a whole entry unless
/// asked (``contents(of:)``).
///
/// `Sendable` when its source is: after opening it never changes, and sources read by position.
public struct ZipReader<Source: ZipByteSource> {
    /// The archive's bytes.
    public let source: Source
    /// The limits the archive was checked against.
    public let limits: ZipLimits
    let end: ArchiveEnd
    let index: ZipIndex

    /// Opens an archive and checks its central directory.
    ///
    /// - Throws: ``ZipError`` for any fault the end records and central directory show (see ``ZipError/Code``);
    ///   the source's own errors unchanged.
    public init(source: Source, limits: ZipLimits = ZipLimits()) throws {
        self.source = source
        self.limits = limits
        end = try ArchiveEnd.locate(in: source)
        index = try Self.scan(source, end: end, limits: limits)
    }

    /// Number of entries.
    public var entryCount: Int { index.starts.count }

    /// The archive comment (UTF-8 decoded, invalid bytes replaced).
    public var comment: String { String(decoding: end.comment, as: UTF8.self) }

    /// Sum of the entries' uncompressed sizes as the central directory declares them (already within limits;
    /// reading enforces them byte by byte).
    public var declaredTotalSize: Int64 { index.totalSize }
}

extension ZipReader: Sendable where Source: Sendable {}
