import Foundation
import Postgres

/// Rows of folders and items for `COPY … FROM STDIN (FORMAT binary)` (PostgreSQL, "COPY: Binary Format"), with
/// item bytes streamed: a field's length goes first, then its bytes in as many pieces as they come, so an item of
/// any size passes through without being held whole.
///
/// Small fields accumulate in a 256 KiB buffer; large pieces of content go to the server directly.
struct ContentCopyEncoder {
    private var buffer: [UInt8] = []
    private let writer: CopyInWriter
    /// Microseconds from 1970-01-01 to PostgreSQL's epoch 2000-01-01.
    private static let postgresEpoch: Int64 = 946_684_800_000_000
    private static let flushSize = 256 << 10

    init(writer: CopyInWriter) {
        self.writer = writer
        buffer.reserveCapacity(Self.flushSize + 4096)
        buffer.append(contentsOf: Array("PGCOPY\n".utf8) + [0xFF, 0x0D, 0x0A, 0x00])
        append(Int32(0))   // flags
        append(Int32(0))   // header extension length
    }

    /// `COPY folders (namespace_id, path, permissions, created_at, updated_at)`.
    static let foldersCopy: Query = "COPY folders (namespace_id, path, permissions, created_at, updated_at) FROM STDIN (FORMAT binary)"

    /// `COPY items (namespace_id, path, kind, content_type, size, sha256, content, created_at, updated_at)`.
    static let itemsCopy: Query = """
        COPY items (namespace_id, path, kind, content_type, size, sha256, content, created_at, updated_at)
        FROM STDIN (FORMAT binary)
        """

    mutating func folder(_ folder: ArchiveFolder, namespaceID: UUID, permissionsJSON: String) throws {
        append(Int16(5))
        uuid(namespaceID)
        text(folder.path)
        jsonb(permissionsJSON)
        timestamp(folder.createdAt)
        timestamp(folder.updatedAt)
        try flushIfFull()
    }

    /// Starts an item's row up to its content, whose `item.size` bytes must follow through ``content(_:)``
    /// before ``endItem(_:)``.
    mutating func beginItem(_ item: ArchiveItem, namespaceID: UUID) {
        append(Int16(9))
        uuid(namespaceID)
        text(item.path)
        text(item.kind.rawValue)
        text(item.contentType)
        append(Int32(8))
        append(item.size)
        text(item.sha256)
        append(Int32(truncatingIfNeeded: item.size))
    }

    mutating func content(_ bytes: UnsafeRawBufferPointer) throws {
        if bytes.count >= 64 << 10 {
            try flush()
            try writer.write(bytes)
        } else {
            buffer.append(contentsOf: bytes)
            try flushIfFull()
        }
    }

    mutating func endItem(_ item: ArchiveItem) throws {
        timestamp(item.createdAt)
        timestamp(item.updatedAt)
        try flushIfFull()
    }

    /// Appends the trailer and sends what is left.
    mutating func finish() throws {
        append(Int16(-1))
        try flush()
    }

    // MARK: - Fields

    private mutating func uuid(_ value: UUID) {
        append(Int32(16))
        withUnsafeBytes(of: value.uuid) { buffer.append(contentsOf: $0) }
    }

    private mutating func text(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            append(Int32(utf8.count))
            buffer.append(contentsOf: utf8)
        }
    }

    /// jsonb's binary form: version 1, then the JSON text.
    private mutating func jsonb(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            append(Int32(utf8.count + 1))
            buffer.append(1)
            buffer.append(contentsOf: utf8)
        }
    }

    private mutating func timestamp(_ value: ArchiveTimestamp) {
        append(Int32(8))
        append(value.microseconds - Self.postgresEpoch)
    }

    private mutating func append<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.bigEndian) { buffer.append(contentsOf: $0) }
    }

    private mutating func flushIfFull() throws {
        if buffer.count >= Self.flushSize { try flush() }
    }

    private mutating func flush() throws {
        guard !buffer.isEmpty else { return }
        try writer.write(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}
