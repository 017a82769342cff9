import Foundation
import Hashing
import Postgres

extension ContentBulkLoader {
    /// Receives the folders of a bulk load; valid only inside the `folders` closure.
    public struct FolderSink {
        static let copyIn: Query = """
            COPY folders (namespace_id, path, permissions, created_at, updated_at) FROM STDIN (FORMAT binary)
            """
        let namespaceID: UUID
        var writer: CopyRowWriter
        var index: ContentPathIndex
        var count = 0

        /// Checks and stores one folder.
        /// - Throws: ``ContentError`` — `invalidName`, `pathConflict`, `invalidPermission`.
        public mutating func add(_ folder: Folder) throws {
            let path: ContentPath
            do { path = try ContentPath(parsing: folder.path) } catch { throw ContentError.invalidName(error) }
            try ContentRules.validate(permissions: folder.permissions)
            try index.addFolder(stored: path.string)
            writer.beginRow(fieldCount: 5)
            writer.uuid(namespaceID)
            writer.text(path.string)
            writer.jsonb(PermissionsJSON.encode(folder.permissions))
            writer.timestamp(folder.createdAt)
            writer.timestamp(folder.updatedAt)
            try writer.flushIfNeeded()
            count += 1
        }
    }

    /// Receives the items of a bulk load; valid only inside the `items` closure.
    public struct ItemSink {
        let namespaceID: UUID
        var writer: CopyRowWriter
        var index: ContentPathIndex
        let limits: ContentLimits
        var count = 0
        var bytes: Int64 = 0

        /// Checks and stores one item, streaming its bytes from `read` (fills the buffer it is given, returns the
        /// count, 0 at the end) and checking them against `item.size` and `item.sha256`.
        /// - Throws: ``ContentError`` — `invalidName`, `pathConflict`, `invalidContentType`, `itemTooLarge`,
        ///   `itemContentMismatch`; or what `read` throws.
        public mutating func add(_ item: Item, reading read: (UnsafeMutableRawBufferPointer) throws -> Int) throws {
            let path: ContentPath
            do { path = try ContentPath(parsing: item.path) } catch { throw ContentError.invalidName(error) }
            var stored = item
            stored.path = path.string
            stored.contentType = try ContentRules.contentType(item.contentType)
            guard item.size >= 0 else {
                throw ContentError.itemContentMismatch(path: path.string, reason: "its size \(item.size) is negative")
            }
            guard item.size <= limits.maxItemBytes else {
                throw ContentError.itemTooLarge(path: path.string, limit: limits.maxItemBytes)
            }
            guard Self.isSHA256Hex(item.sha256) else {
                throw ContentError.itemContentMismatch(
                    path: path.string, reason: "its SHA-256 \(NameText.quoted(item.sha256)) is not 64 lowercase hex digits")
            }
            try index.addItem(stored: path.string)
            ItemRow.beginRow(stored, namespaceID: namespaceID, into: &writer)
            try streamContent(of: stored, from: read)
            try writer.flushIfNeeded()
            count += 1
            bytes += item.size
        }

        /// Copies exactly `item.size` bytes from `read` into the COPY, hashing them; refuses more, fewer, or others.
        private mutating func streamContent(of item: Item, from read: (UnsafeMutableRawBufferPointer) throws -> Int) throws {
            var digest = SHA256()
            var total: Int64 = 0
            let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: limits.chunkBytes, alignment: 16)
            defer { chunk.deallocate() }
            while true {
                let count = try read(chunk)
                if count == 0 { break }
                precondition(count > 0 && count <= chunk.count, "a byte source returned an impossible count")
                guard total + Int64(count) <= item.size else {
                    throw ContentError.itemContentMismatch(
                        path: item.path, reason: "it has more than the \(item.size) bytes its size says")
                }
                let piece = UnsafeRawBufferPointer(rebasing: chunk[..<count])
                digest.update(piece)
                try writer.appendRaw(piece)
                total += Int64(count)
            }
            guard total == item.size else {
                throw ContentError.itemContentMismatch(
                    path: item.path, reason: "it has \(total) bytes but its size says \(item.size)")
            }
            let actual = digest.finalizeHex()
            guard actual == item.sha256 else {
                throw ContentError.itemContentMismatch(
                    path: item.path, reason: "its SHA-256 is \(actual), but its metadata says \(item.sha256)")
            }
        }

        static func isSHA256Hex(_ text: String) -> Bool {
            text.utf8.count == 64 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
        }
    }
}
