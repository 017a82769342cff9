import Foundation
import Postgres

extension ContentStore {
    /// Creates (201 semantics) or replaces (200) the item at `path`, creating missing enclosing folders. A replaced
    /// item keeps its `createdAt`; its `updatedAt` moves.
    ///
    /// Three steps, all on `connection`: ``checkItemPut(at:in:declaredLength:on:)`` refuses a doomed upload before
    /// its body is read (and, with `Expect: 100-continue`, before the client sends it); ``ItemUpload`` reads the
    /// bytes — at most ``ContentLimits/maxItemBytes``, hashed while reading; ``putItem(at:kind:contentType:in:upload:on:)``
    /// writes them in one short transaction under the namespace lock, checking again. A caller that must not hold a
    /// database connection while a slow client uploads (the HTTP route) runs the steps itself with a connection
    /// borrowed for the first and the last only.
    ///
    /// - Parameters:
    ///   - contentType: stored as given (trimmed); nil or blank → `application/octet-stream`.
    ///   - declaredLength: the announced length (Content-Length), if known: over the limit → refused unread.
    ///   - read: fills the buffer it is given with the next bytes and returns their count, 0 at the end
    ///     (`HTTPRequestBody.read(into:)` has this shape).
    /// - Throws: ``ContentError`` — `namespaceNotFound`, `pathConflict` (a folder at the path, an item above it),
    ///   `itemTooLarge`, `invalidContentType`, `namespaceBusy`; or whatever `read` throws.
    public func putItem(at path: ContentPath, kind: ItemKind, contentType: String?, in namespaceID: UUID,
                        declaredLength: Int64? = nil, on connection: PostgresConnection,
                        reading read: (UnsafeMutableRawBufferPointer) throws -> Int) throws -> PutResult<Item> {
        let contentType = try ContentRules.contentType(contentType)
        try checkItemPut(at: path, in: namespaceID, declaredLength: declaredLength, on: connection)
        let upload = try ItemUpload(for: path, declaredLength: declaredLength, limits: limits, read: read)
        return try putItem(at: path, kind: kind, contentType: contentType, in: namespaceID, upload: upload, on: connection)
    }

    /// The early refusal of an item PUT, before its body is read: too large by its declared length
    /// (`itemTooLarge`), no such namespace, or a path conflict. Advisory: the write checks again under the lock.
    /// Skipped (one round trip saved) when the body is declared small: it is then already on its way, and the
    /// check under the lock decides just as well.
    public func checkItemPut(at path: ContentPath, in namespaceID: UUID, declaredLength: Int64?,
                             on connection: PostgresConnection) throws {
        if let declaredLength, declaredLength > limits.maxItemBytes {
            throw ContentError.itemTooLarge(path: path.string, limit: limits.maxItemBytes)
        }
        guard declaredLength.map({ $0 > Int64(limits.chunkBytes) }) ?? true else { return }
        let state = try PathState.load(path, in: namespaceID, on: connection)
        guard state.namespaceExists else { throw ContentError.namespaceNotFound(.id(namespaceID)) }
        try state.checkCanPut(.item, at: path)
    }

    /// Writes an item whose bytes were read already (see ``putItem(at:kind:contentType:in:declaredLength:on:reading:)``).
    /// - Throws: ``ContentError`` — `namespaceNotFound`, `pathConflict`, `invalidContentType`, `namespaceBusy`.
    public func putItem(at path: ContentPath, kind: ItemKind, contentType: String?, in namespaceID: UUID,
                        upload: ItemUpload, on connection: PostgresConnection) throws -> PutResult<Item> {
        let contentType = try ContentRules.contentType(contentType)
        return try ContentTransaction.write(on: connection) { db in
            try NamespaceLock.acquire(namespaceID, timeout: limits.lockTimeout, on: db)
            let prepared = try ItemWrite.prepare(path, in: namespaceID, on: db)
            try prepared.state.checkCanPut(.item, at: path)   // throwing undoes the preparation's writes
            let item = Item(path: path.string, kind: kind, contentType: contentType, size: upload.size,
                            sha256: upload.sha256, createdAt: prepared.previousCreatedAt ?? prepared.now,
                            updatedAt: prepared.now)
            try ItemWrite.insert(item, bytes: upload.bytes, into: namespaceID, chunkBytes: limits.chunkBytes, on: db)
            return PutResult(value: item, wasCreated: prepared.previousCreatedAt == nil)
        }
    }

    /// ``putItem(at:kind:contentType:in:declaredLength:on:reading:)`` with bytes already in memory.
    public func putItem(at path: ContentPath, kind: ItemKind, contentType: String?, in namespaceID: UUID,
                        bytes: [UInt8], on connection: PostgresConnection) throws -> PutResult<Item> {
        var offset = 0
        return try putItem(at: path, kind: kind, contentType: contentType, in: namespaceID,
                           declaredLength: Int64(bytes.count), on: connection) { buffer in
            let count = min(buffer.count, bytes.count - offset)
            bytes.withUnsafeBytes { source in
                buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[offset..<offset + count]))
            }
            offset += count
            return count
        }
    }

    /// The metadata of the item at `path` (for HEAD, or to decide before reading bytes).
    /// - Throws: ``ContentError`` — `namespaceNotFound`, `itemNotFound`.
    public func item(at path: ContentPath, in namespaceID: UUID, on connection: PostgresConnection) throws -> Item {
        let rows = try connection.query("""
            SELECT path, kind, content_type, size, sha256, created_at, updated_at FROM items
             WHERE namespace_id = \(namespaceID) AND path = \(path.string)
            """)
        guard let row = rows.first else {
            try Self.requireNamespace(namespaceID, on: connection)
            throw ContentError.itemNotFound(path: path.string)
        }
        return try ItemRow.item(from: row)
    }

    /// Reads the item at `path`: calls `body` with its metadata (for `Content-Type`, `Content-Length` and
    /// `ETag: "<sha256>"`) and its bytes, which `body` hands on in chunks (``ItemContent/forEachChunk(_:)``).
    ///
    /// One statement (`COPY … TO STDOUT (FORMAT binary)`) reads metadata and bytes together, so they always belong
    /// to the same version of the item. The bytes arrive in the connection's buffer (at most the item size limit)
    /// and are handed out from there without another copy. `body` runs while the connection is borrowed.
    /// - Throws: ``ContentError`` — `namespaceNotFound`, `itemNotFound`; or what `body` throws.
    public func readItem<R>(at path: ContentPath, in namespaceID: UUID, on connection: PostgresConnection,
                            _ body: (Item, ItemContent) throws -> R) throws -> R {
        try ContentTransaction.read(on: connection) { db in
            // COPY takes no bound parameters, so the values travel through transaction-local settings (bound in
            // set_config) that the COPY's query reads back: still no SQL built from values.
            try db.query("""
                SELECT set_config('nsbackup.read_namespace', \(namespaceID.uuidString.lowercased()), true),
                       set_config('nsbackup.read_path', \(path.string), true)
                """)
            var reader = CopyRowReader()
            var result: R?
            try db.copyOut(Query(unsafeSQL: """
                COPY (SELECT \(ItemRow.selectList) FROM items
                       WHERE namespace_id = current_setting('nsbackup.read_namespace')::uuid
                         AND path = current_setting('nsbackup.read_path'))
                TO STDOUT (FORMAT binary)
                """)) { message in
                guard let fields = try reader.fields(in: message) else { return }
                let item = try ItemRow.item(from: fields)
                result = try body(item, ItemContent(bytes: fields[7] ?? UnsafeRawBufferPointer(start: nil, count: 0),
                                                    chunkBytes: limits.chunkBytes))
            }
            guard let result else {
                try Self.requireNamespace(namespaceID, on: db)
                throw ContentError.itemNotFound(path: path.string)
            }
            return result
        }
    }

    /// Deletes the item at `path`.
    /// - Throws: ``ContentError`` — `namespaceNotFound`, `itemNotFound`, `namespaceBusy`.
    public func deleteItem(at path: ContentPath, in namespaceID: UUID, on connection: PostgresConnection) throws {
        try ContentTransaction.write(on: connection) { db in
            try NamespaceLock.acquire(namespaceID, timeout: limits.lockTimeout, on: db)
            let deleted = try db.execute("DELETE FROM items WHERE namespace_id = \(namespaceID) AND path = \(path.string)")
            guard deleted == 1 else { throw ContentError.itemNotFound(path: path.string) }
        }
    }
}
