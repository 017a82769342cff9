import Foundation
import Postgres

/// The lock that serializes everything that changes a namespace's content.
///
/// ## Protocol (for every writer of `folders` and `items`, including restores)
///
/// 1. Open a transaction (READ COMMITTED is enough).
/// 2. **First statement:** ``acquire(_:timeout:on:)``, i.e.
///    `SELECT name FROM namespaces WHERE id = $1 FOR NO KEY UPDATE`, bounded by a transaction-local
///    `lock_timeout`. It must be a statement of its own: in READ COMMITTED each later statement takes a fresh
///    snapshot, so once the lock is granted every read sees what the previous lock holder committed. (Reads in
///    the *same* statement as the lock would be evaluated on the snapshot taken before the wait.)
/// 3. Read, check, write; commit or roll back. The lock ends with the transaction.
///
/// Consequences:
/// - Writers of one namespace run one after the other, so concurrent PUTs to one path never collide on a unique
///   key (no 500): the last to commit wins. Writers of different namespaces never wait for each other.
/// - A restore takes this same lock in its transaction (before deleting the old content and bulk-loading the
///   archive with ``ContentBulkLoader``), so writes and restores exclude each other: a PUT issued during a restore
///   waits for its commit (up to the lock timeout, then `namespaceBusy`) and then applies on top of the restored
///   content.
/// - **Why `FOR NO KEY UPDATE` and not `FOR UPDATE`:** both conflict with each other and with themselves, so
///   either serializes writers and restores. But `FOR UPDATE` also blocks the `FOR KEY SHARE` lock that every
///   foreign-key check takes on the referenced row: while a restore held it, inserting a `backups` or `restores`
///   row for that namespace (a backup request, a second restore that should get 409 `namespace_busy` from the
///   unique index) would hang until the restore ends. `FOR NO KEY UPDATE` lets those inserts through.
/// - `DELETE FROM namespaces` locks the row like `FOR UPDATE`: it waits for the running writer or restore and
///   then cascades; a writer that was waiting behind it finds no row and answers `namespaceNotFound`.
/// - Backups read a consistent snapshot (REPEATABLE READ) and take no lock, so they never wait for writers.
/// - Lock order is always "namespace row first", and a transaction locks one namespace only: no deadlocks.
public enum NamespaceLock {
    /// Locks the namespace row for the rest of the current transaction and returns the namespace's name.
    ///
    /// Call it inside a transaction, as its first statement (see the protocol above).
    /// - Throws: ``ContentError/namespaceNotFound(_:)`` when there is no such namespace (or it was deleted while
    ///   waiting); ``ContentError/namespaceBusy(id:waited:)`` when the lock was not granted within `timeout`.
    @discardableResult
    public static func acquire(_ namespaceID: UUID, timeout: Duration, on connection: PostgresConnection) throws -> String {
        precondition(connection.isInTransaction, "NamespaceLock.acquire needs an open transaction")
        let milliseconds = max(1, Int(timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000))
        try connection.setLockTimeout(milliseconds: milliseconds, local: true)
        let rows: PostgresRows
        do {
            rows = try connection.query("SELECT name FROM namespaces WHERE id = \(namespaceID) FOR NO KEY UPDATE")
        } catch let error as PostgresError where error.isLockNotAvailable {
            throw ContentError.namespaceBusy(id: namespaceID, waited: timeout)
        }
        guard let row = rows.first else { throw ContentError.namespaceNotFound(.id(namespaceID)) }
        return try row.decode(String.self, 0)
    }
}
