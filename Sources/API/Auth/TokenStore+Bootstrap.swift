import Foundation
import Postgres

extension TokenStore {
    /// Serialises bootstrap across instances starting together ("nsb" + "tokn").
    private static let bootstrapLockKey: Int64 = 0x6E73_6200_746F_6B6E

    /// Makes the database's admin tokens match the configuration, at start-up.
    ///
    /// - With `adminToken` (`NSBACKUP_ADMIN_TOKEN`): its hash is stored as the bootstrap global admin token; a
    ///   bootstrap token stored by an earlier start with another value is replaced.
    /// - Without it: a bootstrap token stored earlier is removed (the variable is the only source of that token,
    ///   so unsetting it revokes it); then, when no token exists at all, a global admin token is created and its
    ///   secret returned — the caller prints it, once: it is not stored anywhere.
    ///
    /// Runs in one transaction under a transaction-level advisory lock, so instances starting at once create at
    /// most one initial token.
    ///
    /// - Returns: the secret of a token created now, or nil.
    public func bootstrap(adminToken: String?) throws -> String? {
        try pool.withConnection { db in
            try db.transaction { db in
                try db.transactionAdvisoryLock(Self.bootstrapLockKey)
                if let adminToken {
                    let hash = BearerToken.hash(adminToken)
                    try db.execute("DELETE FROM api_tokens WHERE is_bootstrap AND token_hash <> \(hash)")
                    try db.execute(
                        """
                        INSERT INTO api_tokens (name, role, all_namespaces, namespace_ids, token_hash, is_bootstrap)
                        VALUES (\(Self.bootstrapTokenName), 'admin', true, '{}', \(hash), true)
                        ON CONFLICT (token_hash) DO UPDATE
                        SET role = 'admin', all_namespaces = true, namespace_ids = '{}', is_bootstrap = true
                        """
                    )
                    return nil
                }
                try db.execute("DELETE FROM api_tokens WHERE is_bootstrap")
                let count = try db.query("SELECT count(*) FROM api_tokens")[0].decode(Int.self, 0)
                guard count == 0 else { return nil }
                let secret = BearerToken.generate()
                _ = try Self.insert(
                    name: Self.initialTokenName,
                    role: .admin,
                    scope: .all,
                    hash: BearerToken.hash(secret),
                    bootstrap: false,
                    db
                )
                return secret
            }
        }
    }
}
