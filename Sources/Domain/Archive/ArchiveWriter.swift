import Foundation
import ZipArchive

/// Writes a backup archive (see ``ArchiveFormat``) in one forward pass into a ``ZipByteSink``:
/// `manifest.json`, then `folders.jsonl`, then `items.jsonl`, then one `content/…` entry per item, in the order
/// of `items.jsonl`.
///
/// ```swift
/// let writer = ArchiveWriter(sink: sink, compressionLevel: 1)
/// try writer.writeManifest(manifest)
/// try writer.writeFolders { emit in for folder in folders { try emit(folder) } }
/// try writer.writeItems { emit in for item in items { try emit(item) } }
/// for item in items { try writer.writeContent(of: item) { output in try output.write(bytes) } }
/// let sink = try writer.finish()
/// ```
///
/// Memory stays flat: metadata lines are buffered 64 KiB at a time, content streams through the ZIP writer.
/// Every entry is deflated at `compressionLevel` (default 1: level 6 costs about 4.5× the time for ~20 % less).
///
/// Not `Sendable`: one thread writes an archive.
public final class ArchiveWriter<Sink: ZipByteSink> {
    private enum Stage: Int { case manifest, folders, items, content, finished }

    private let zip: ZipWriter<Sink>
    private let compression: ZipCompression
    private var stage = Stage.manifest
    private var modified = Date()
    private var itemsWritten = 0
    private var contentWritten = 0

    public init(sink: Sink, compressionLevel: Int = 1) {
        zip = ZipWriter(sink: sink)
        compression = .deflated(level: compressionLevel)
    }

    /// Bytes of the archive written so far.
    public var bytesWritten: Int64 { zip.bytesWritten }

    public func writeManifest(_ manifest: ArchiveManifest) throws {
        try advance(from: .manifest, to: .folders)
        modified = manifest.createdAt.date
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try zip.addEntry(ArchiveFormat.manifestEntry, bytes: try encoder.encode(manifest), compression: compression,
                         modified: modified)
    }

    /// Writes `folders.jsonl`: `body` calls `emit` once per folder (sorted by path, by convention).
    /// - Returns: the number of folders written.
    @discardableResult
    public func writeFolders(_ body: (_ emit: (ArchiveFolder) throws -> Void) throws -> Void) throws -> Int {
        try advance(from: .folders, to: .items)
        return try writeLines(ArchiveFormat.foldersEntry, body)
    }

    /// Writes `items.jsonl`: `body` calls `emit` once per item, in the order their content will follow.
    /// - Returns: the number of items written.
    @discardableResult
    public func writeItems(_ body: (_ emit: (ArchiveItem) throws -> Void) throws -> Void) throws -> Int {
        try advance(from: .items, to: .content)
        itemsWritten = try writeLines(ArchiveFormat.itemsEntry, body)
        return itemsWritten
    }

    /// Writes the bytes of `item` into its entry; `body` must write exactly `item.size` bytes.
    public func writeContent(of item: ArchiveItem, _ body: (inout ZipEntryOutput) throws -> Void) throws {
        guard stage == .content else { throw ArchiveWriterMisuse(message: "item content comes after items.jsonl") }
        try zip.addEntry(item.entry, compression: compression, modified: item.updatedAt.date,
                         expectedSize: item.size, body)
        contentWritten += 1
    }

    /// Writes the entry of `item` from bytes a ``ZipEntryCompressor`` deflated (at this writer's level, which the
    /// caller keeps to); the same records as ``writeContent(of:_:)`` writes.
    /// - Throws: if `deflated` does not hold `item.size` bytes; the ZIP writer's errors.
    public func writeContent(of item: ArchiveItem, deflated: DeflatedEntry) throws {
        guard stage == .content else { throw ArchiveWriterMisuse(message: "item content comes after items.jsonl") }
        guard deflated.size == item.size else {
            throw ArchiveWriterMisuse(message: "the content of '\(item.path)' has \(deflated.size) bytes, its size says \(item.size)")
        }
        try zip.addEntry(item.entry, deflated: deflated, modified: item.updatedAt.date)
        contentWritten += 1
    }

    /// Writes the central directory and returns the sink.
    /// - Throws: if fewer or more content entries were written than `items.jsonl` lists.
    @discardableResult
    public func finish() throws -> Sink {
        guard stage == .content, contentWritten == itemsWritten else {
            throw ArchiveWriterMisuse(message: "\(itemsWritten) items were listed but \(contentWritten) content entries written")
        }
        stage = .finished
        return try zip.finish()
    }

    private func advance(from expected: Stage, to next: Stage) throws {
        guard stage == expected else {
            throw ArchiveWriterMisuse(message: "the archive's parts must be written in order (manifest, folders, items, content)")
        }
        stage = next
    }

    /// One JSON Lines entry, buffered in 64 KiB pieces (records encoded by hand, see ``JSONLineBuffer``).
    private func writeLines<Line: JSONLineEncodable>(
        _ name: String, _ body: (_ emit: (Line) throws -> Void) throws -> Void
    ) throws -> Int {
        var count = 0
        try zip.addEntry(name, compression: compression, modified: modified) { output in
            var buffer = JSONLineBuffer(capacity: 72 << 10)
            try body { line in
                line.appendJSONLine(to: &buffer)
                count += 1
                if buffer.count >= 64 << 10 {
                    try output.write(buffer.bytes)
                    buffer.removeAll()
                }
            }
            try output.write(buffer.bytes)
        }
        return count
    }
}

/// A programming error in the use of ``ArchiveWriter`` (parts out of order, missing content).
public struct ArchiveWriterMisuse: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { "ArchiveWriter misuse: \(message)" }
}

@available(*, unavailable, message: "One thread writes an archive.")
extension ArchiveWriter: Sendable {}
