import Foundation
import Postgres

/// The `api_tokens` table (sql/0001_api_tokens.sql): bearer tokens stored as SHA-256 hashes only.
///
/// Lookups are not cached: each authenticated request costs one indexed query (`token_hash` is unique), and in
/// exchange a deleted token stops working at once on every instance.
public struct TokenStore: Sendable {
    /// The name given to the token that `NSBACKUP_ADMIN_TOKEN` configures.
    public static let bootstrapTokenName = "NSBACKUP_ADMIN_TOKEN"
    /// The name of the token `nsbackup serve` creates when no token exists and none is configured.
    public static let initialTokenName = "initial admin (created by nsbackup serve)"

    public let pool: ConnectionPool

    public init(pool: ConnectionPool) {
        self.pool = pool
    }

    /// The principal whose secret is `secret`, or nil when no token has it.
    public func principal(forSecret secret: String) throws -> Principal? {
        let hash = BearerToken.hash(secret)
        let rows = try pool.withConnection { db in
            try db.query(
                """
                SELECT id, name, role, all_namespaces, array_to_string(namespace_ids, ',')
                FROM api_tokens WHERE token_hash = \(hash)
                """
            )
        }
        guard let row = rows.first else { return nil }
        let record = try Self.record(row, createdAtColumn: nil)
        return Principal(tokenID: record.id, tokenName: record.name, role: record.role, scope: record.namespaces)
    }

    /// Creates a token and returns it with its secret (which is not stored anywhere).
    public func create(name: String, role: Role, scope: NamespaceScope) throws -> CreatedToken {
        let secret = BearerToken.generate()
        let record = try pool.withConnection { db in
            try Self.insert(name: name, role: role, scope: scope, hash: BearerToken.hash(secret), bootstrap: false, db)
        }
        return CreatedToken(record: record, token: secret)
    }

    /// Every token, oldest first (then by id).
    public func list() throws -> [TokenRecord] {
        let rows = try pool.withConnection { db in
            try db.query(
                """
                SELECT id, name, role, all_namespaces, array_to_string(namespace_ids, ','), created_at
                FROM api_tokens ORDER BY created_at, id
                """
            )
        }
        return try rows.map { try Self.record($0, createdAtColumn: 5) }
    }

    /// Deletes a token. Returns false when there was none with `id`.
    public func delete(id: UUID) throws -> Bool {
        try pool.withConnection { db in try db.execute("DELETE FROM api_tokens WHERE id = \(id)") } > 0
    }

    static func insert(
        name: String,
        role: Role,
        scope: NamespaceScope,
        hash: String,
        bootstrap: Bool,
        _ db: PostgresConnection
    ) throws -> TokenRecord {
        let all = scope == .all
        let ids = scope.sortedIDs.map { $0.uuidString.lowercased() }
        let row = try db.query(
            """
            INSERT INTO api_tokens (name, role, all_namespaces, namespace_ids, token_hash, is_bootstrap)
            VALUES (\(name), \(role.rawValue), \(all), \(ids)::uuid[], \(hash), \(bootstrap))
            RETURNING id, created_at
            """
        )[0]
        return TokenRecord(
            id: try row.decode(UUID.self, 0),
            name: name,
            role: role,
            namespaces: scope,
            createdAt: try row.decode(Date.self, 1)
        )
    }

    /// A record from columns id, name, role, all_namespaces, namespace ids joined by commas[, created_at].
    private static func record(_ row: PostgresRow, createdAtColumn: Int?) throws -> TokenRecord {
        let roleText = try row.decode(String.self, 2)
        guard let role = Role(rawValue: roleText) else {
            throw PostgresError(code: .decoding, message: "api_tokens.role '\(roleText)' is not a known role")
        }
        let scope: NamespaceScope
        if try row.decode(Bool.self, 3) {
            scope = .all
        } else {
            let joined = try row.decode(String.self, 4)
            scope = .only(Set(joined.split(separator: ",").compactMap { UUID(uuidString: String($0)) }))
        }
        return TokenRecord(
            id: try row.decode(UUID.self, 0),
            name: try row.decode(String.self, 1),
            role: role,
            namespaces: scope,
            createdAt: try createdAtColumn.map { try row.decode(Date.self, $0) } ?? Date(timeIntervalSince1970: 0)
        )
    }
}
