import Foundation
import Postgres

/// Creates, lists, finds and deletes namespaces (contract: "Namespaces").
///
/// Stateless: every method runs on the connection it is given (borrow one from a `ConnectionPool`). Methods
/// throw ``ContentError`` for the outcomes the API answers, and `PostgresError` when the database fails.
public struct NamespaceStore: Sendable {
    public init() {}

    /// Creates an empty namespace.
    /// - Throws: ``ContentError/namespaceExists(name:)`` when the name is taken (code point for code point).
    public func create(name: NamespaceName, on connection: PostgresConnection) throws -> Namespace {
        let rows: PostgresRows
        do {
            rows = try connection.query("""
                INSERT INTO namespaces (name) VALUES (\(name.value)) RETURNING id, name, created_at
                """)
        } catch let error as PostgresError where error.isUniqueViolation {
            throw ContentError.namespaceExists(name: name.value)
        }
        return Namespace(id: try rows[0].decode(UUID.self, 0), name: try rows[0].decode(String.self, 1),
                         createdAt: try rows[0].decode(Date.self, 2))
    }

    /// Every namespace with its counts, sorted by name in code-point order; only those in `ids` when given
    /// (a token's namespace scope).
    public func list(restrictedTo ids: Set<UUID>? = nil, on connection: PostgresConnection) throws -> [Namespace] {
        if let ids, ids.isEmpty { return [] }
        let filter = ids.map { $0.map { $0.uuidString.lowercased() }.sorted() }
        let rows = try connection.query(Self.selectWithCounts(
            #"WHERE $1::uuid[] IS NULL OR n.id = ANY($1::uuid[]) ORDER BY n.name COLLATE "C""#,
            [filter?.postgresValue ?? .null]))
        return try rows.map(Self.namespace(from:))
    }

    /// The namespace with this id, with its counts.
    /// - Throws: ``ContentError/namespaceNotFound(_:)``.
    public func namespace(id: UUID, on connection: PostgresConnection) throws -> Namespace {
        let rows = try connection.query(Self.selectWithCounts("WHERE n.id = $1", [id.postgresValue]))
        guard let row = rows.first else { throw ContentError.namespaceNotFound(.id(id)) }
        return try Self.namespace(from: row)
    }

    /// The namespace with this exact name, with its counts.
    /// - Throws: ``ContentError/namespaceNotFound(_:)``.
    public func namespace(named name: String, on connection: PostgresConnection) throws -> Namespace {
        let rows = try connection.query(Self.selectWithCounts("WHERE n.name = $1", [name.postgresValue]))
        guard let row = rows.first else { throw ContentError.namespaceNotFound(.name(name)) }
        return try Self.namespace(from: row)
    }

    /// Deletes the namespace and its content. Its backups and restore history stay: their `namespace_id` becomes
    /// NULL (`ON DELETE SET NULL` in sql/0003) and they keep the namespace's name. Waits for a running writer or
    /// restore of the namespace (see ``NamespaceLock``), bounded by the connection's statement timeout.
    /// - Throws: ``ContentError/namespaceNotFound(_:)``.
    public func delete(id: UUID, on connection: PostgresConnection) throws {
        let deleted = try connection.execute("DELETE FROM namespaces WHERE id = \(id)")
        guard deleted == 1 else { throw ContentError.namespaceNotFound(.id(id)) }
    }

    /// The namespace query with its counts, then `filter` — constant SQL text whose values are in `bindings`.
    /// Counts come from the PK indexes (namespace_id leads both); totals from the items' `size` column, never from
    /// the content itself.
    private static func selectWithCounts(_ filter: StaticString, _ bindings: [PostgresValue]) -> Query {
        Query(unsafeSQL: selectWithCountsSQL + "\n" + filter.description, bindings: bindings)
    }

    private static let selectWithCountsSQL = """
        SELECT n.id, n.name, n.created_at, f.count AS folder_count, i.count AS item_count, i.bytes AS total_bytes
          FROM namespaces n
          CROSS JOIN LATERAL (SELECT count(*) AS count FROM folders WHERE namespace_id = n.id) f
          CROSS JOIN LATERAL (SELECT count(*) AS count, coalesce(sum(size), 0) AS bytes
                                FROM items WHERE namespace_id = n.id) i
        """

    private static func namespace(from row: PostgresRow) throws -> Namespace {
        Namespace(id: try row.decode(UUID.self, "id"), name: try row.decode(String.self, "name"),
                  createdAt: try row.decode(Date.self, "created_at"),
                  folderCount: try row.decode(Int.self, "folder_count"), itemCount: try row.decode(Int.self, "item_count"),
                  totalBytes: try row.decode(Int64.self, "total_bytes"))
    }
}
