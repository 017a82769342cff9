import Foundation
import Postgres

/// Folders and items of namespaces (contract: "Namespace content").
///
/// Stateless apart from its limits: every method runs on the connection it is given (borrow one from a
/// `ConnectionPool`; item reads and writes keep it for their duration). Writes follow the ``NamespaceLock``
/// protocol; each runs in a transaction of its own, or in a savepoint when the caller already has a READ COMMITTED
/// transaction open. Methods throw ``ContentError`` for the outcomes the API answers, `PostgresError` otherwise.
///
/// Invariants kept by every write: every enclosing folder of a folder or item exists (missing ones are created
/// with no permissions), and a folder and an item never share a path (``ContentError/pathConflict``).
public struct ContentStore: Sendable {
    public let limits: ContentLimits

    public init(limits: ContentLimits = ContentLimits()) {
        self.limits = limits
    }

    // MARK: - Folders

    /// Creates the folder at `path` (201 semantics) or replaces its permissions (200), creating missing enclosing
    /// folders. `permissions == nil` (a PUT without body) creates with no permissions, or leaves an existing folder
    /// untouched (its `updatedAt` does not move).
    /// - Throws: ``ContentError`` — `namespaceNotFound`, `pathConflict` (an item at the path or above it),
    ///   `invalidPermission`, `namespaceBusy`.
    public func putFolder(at path: ContentPath, permissions: [Permission]?, in namespaceID: UUID,
                          on connection: PostgresConnection) throws -> PutResult<Folder> {
        if let permissions { try ContentRules.validate(permissions: permissions) }
        return try ContentTransaction.write(on: connection) { db in
            try NamespaceLock.acquire(namespaceID, timeout: limits.lockTimeout, on: db)
            let state = try PathState.load(path, in: namespaceID, on: db)
            try state.checkCanPut(.folder, at: path)
            try Self.createMissingAncestors(of: path, in: namespaceID, on: db)
            let rows: PostgresRows
            switch (state.folderExists, permissions) {
            case (true, nil):
                rows = try db.query("""
                    SELECT permissions::text, created_at, updated_at FROM folders
                     WHERE namespace_id = \(namespaceID) AND path = \(path.string)
                    """)
            case (true, let permissions?):
                rows = try db.query("""
                    UPDATE folders SET permissions = \(PermissionsJSON.encode(permissions))::jsonb, updated_at = now()
                     WHERE namespace_id = \(namespaceID) AND path = \(path.string)
                     RETURNING permissions::text, created_at, updated_at
                    """)
            case (false, _):
                rows = try db.query("""
                    INSERT INTO folders (namespace_id, path, permissions)
                    VALUES (\(namespaceID), \(path.string), \(PermissionsJSON.encode(permissions ?? []))::jsonb)
                    RETURNING permissions::text, created_at, updated_at
                    """)
            }
            // The lock guarantees the row the check saw is still there; without it this would be a race, not a 404.
            guard let row = rows.first else { throw ContentError.folderNotFound(path: path.string) }
            let folder = Folder(path: path.string, permissions: try PermissionsJSON.decode(row.decode(String.self, 0)),
                                createdAt: try row.decode(Date.self, 1), updatedAt: try row.decode(Date.self, 2))
            return PutResult(value: folder, wasCreated: !state.folderExists)
        }
    }

    /// The folder at `path`.
    /// - Throws: ``ContentError`` — `namespaceNotFound`, `folderNotFound`.
    public func folder(at path: ContentPath, in namespaceID: UUID, on connection: PostgresConnection) throws -> Folder {
        let rows = try connection.query("""
            SELECT permissions::text, created_at, updated_at FROM folders
             WHERE namespace_id = \(namespaceID) AND path = \(path.string)
            """)
        guard let row = rows.first else {
            try Self.requireNamespace(namespaceID, on: connection)
            throw ContentError.folderNotFound(path: path.string)
        }
        return Folder(path: path.string, permissions: try PermissionsJSON.decode(row.decode(String.self, 0)),
                      createdAt: try row.decode(Date.self, 1), updatedAt: try row.decode(Date.self, 2))
    }

    /// Deletes the folder at `path` with everything below it — and nothing else: `/A` takes `/A/…` but not `/AB`.
    /// - Returns: how many folders (including this one) and items went.
    /// - Throws: ``ContentError`` — `namespaceNotFound`, `folderNotFound`, `namespaceBusy`.
    @discardableResult
    public func deleteFolder(at path: ContentPath, in namespaceID: UUID,
                             on connection: PostgresConnection) throws -> DeletedContent {
        try ContentTransaction.write(on: connection) { db in
            try NamespaceLock.acquire(namespaceID, timeout: limits.lockTimeout, on: db)
            let (lower, upper) = path.subtreeBounds
            // The subtree is a btree range of the (namespace_id, path) primary keys; see sql/0002.
            let rows = try db.query("""
                WITH gone_folders AS (
                    DELETE FROM folders
                     WHERE namespace_id = \(namespaceID)
                       AND (path = \(path.string) OR (path > \(lower) COLLATE "C" AND path < \(upper) COLLATE "C"))
                    RETURNING path = \(path.string) AS is_target
                ), gone_items AS (
                    DELETE FROM items
                     WHERE namespace_id = \(namespaceID) AND path > \(lower) COLLATE "C" AND path < \(upper) COLLATE "C"
                    RETURNING 1
                )
                SELECT (SELECT count(*) FROM gone_folders WHERE is_target) AS found,
                       (SELECT count(*) FROM gone_folders) AS folders,
                       (SELECT count(*) FROM gone_items) AS items
                """)
            guard try rows[0].decode(Int.self, 0) == 1 else { throw ContentError.folderNotFound(path: path.string) }
            return DeletedContent(folders: try rows[0].decode(Int.self, 1), items: try rows[0].decode(Int.self, 2))
        }
    }

    // MARK: - Shared steps

    /// Creates the enclosing folders of `path` that do not exist yet, with no permissions.
    static func createMissingAncestors(of path: ContentPath, in namespaceID: UUID, on connection: PostgresConnection) throws {
        let ancestors = path.ancestors.map(\.string)
        guard !ancestors.isEmpty else { return }
        try connection.execute("""
            INSERT INTO folders (namespace_id, path)
            SELECT \(namespaceID), unnest(\(ancestors)::text[])
            ON CONFLICT (namespace_id, path) DO NOTHING
            """)
    }

    /// Throws `namespaceNotFound` unless the namespace exists (used to tell a missing namespace from a missing path).
    static func requireNamespace(_ namespaceID: UUID, on connection: PostgresConnection) throws {
        let rows = try connection.query("SELECT 1 FROM namespaces WHERE id = \(namespaceID)")
        if rows.isEmpty { throw ContentError.namespaceNotFound(.id(namespaceID)) }
    }
}
