/// An archive that cannot be read or written as asked: the fault, a sentence for a person, and where it is.
///
/// `message` names the entry and the byte offset whenever they are known, and is written so that it can
/// become the `detail` of a `422 archive_invalid` problem as is. It never contains internals of this process.
/// Entry names from untrusted archives are quoted with control characters escaped and long names shortened.
///
/// Errors thrown by a ``ZipByteSource`` or ``ZipByteSink`` (for example a database error while reading a
/// large object) are *not* wrapped: they pass through unchanged, so callers can tell I/O failures from bad archives.
public struct ZipError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// What went wrong. An open set: new codes may be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// A stable snake_case name, for logs and for mapping to API answers.
        public let rawValue: String
        private init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// No end-of-central-directory record: the bytes are not a ZIP archive.
        public static let notAZip = Code("not_a_zip")
        /// The archive ends before a record or an entry's data does.
        public static let truncated = Code("truncated")
        /// A record does not start with the signature its position requires.
        public static let badSignature = Code("bad_signature")
        /// An offset or size points outside the archive, or a record's fields contradict its own length.
        public static let outOfBounds = Code("out_of_bounds")
        /// Two entries share bytes, or an entry runs into the central directory.
        public static let overlappingEntries = Code("overlapping_entries")
        /// A local header (or data descriptor) disagrees with the central directory.
        public static let headerMismatch = Code("header_mismatch")
        /// The central directory contradicts its end record (count, size) or holds a malformed field.
        public static let malformedRecord = Code("malformed_record")
        /// An entry name is empty, absolute, has `.`/`..`/empty segments, `\`, NUL, control characters or bad UTF-8.
        public static let invalidName = Code("invalid_name")
        /// Two entries have the same name (a file and a folder of the same name count as the same).
        public static let duplicateName = Code("duplicate_name")
        /// An entry is encrypted (traditional, strong or AES encryption).
        public static let encrypted = Code("encrypted")
        /// An entry uses a compression method other than stored (0) or deflate (8).
        public static let unsupportedMethod = Code("unsupported_method")
        /// Multi-disk (spanned) archives and other features this reader refuses.
        public static let unsupportedFeature = Code("unsupported_feature")
        /// The bytes of an entry do not have the CRC-32 its headers declare.
        public static let crcMismatch = Code("crc_mismatch")
        /// An entry inflates to more or fewer bytes than its headers declare.
        public static let sizeMismatch = Code("size_mismatch")
        /// An entry's deflate stream is corrupt or ends early.
        public static let corruptData = Code("corrupt_data")
        /// More entries than ``ZipLimits/maxEntries``.
        public static let tooManyEntries = Code("too_many_entries")
        /// An entry larger than ``ZipLimits/maxEntrySize`` allows for its name.
        public static let entryTooLarge = Code("entry_too_large")
        /// More uncompressed bytes in all than ``ZipLimits/maxTotalUncompressedSize``.
        public static let totalTooLarge = Code("total_too_large")
        /// An entry whose uncompressed size exceeds ``ZipLimits/maxCompressionRatio`` times its compressed size.
        public static let compressionRatioExceeded = Code("compression_ratio_exceeded")
        /// No entry has the name asked for.
        public static let entryNotFound = Code("entry_not_found")
        /// The API was used in a way it does not allow (for example, a writer used after it failed).
        public static let invalidUse = Code("invalid_use")
        /// A file could not be opened, read or written (POSIX error in the message).
        public static let fileSystem = Code("file_system")
        /// zlib failed for a reason unrelated to the input (out of memory).
        public static let zlib = Code("zlib")
    }

    /// What went wrong.
    public var code: Code
    /// A sentence for a person, naming the entry and byte offset when known.
    public var message: String
    /// The entry concerned, escaped for display; nil for archive-level faults.
    public var entryName: String?
    /// The byte offset in the archive where the fault was found; nil when it has none.
    public var offset: Int64?

    public init(_ code: Code, _ message: String, entryName: String? = nil, offset: Int64? = nil) {
        self.code = code
        self.message = message
        self.entryName = entryName
        self.offset = offset
    }

    public var description: String { message }

    public var debugDescription: String {
        var text = "ZipError(\(code.rawValue)): \(message)"
        if let entryName { text += " [entry: \(entryName)]" }
        if let offset { text += " [offset: \(offset)]" }
        return text
    }
}
