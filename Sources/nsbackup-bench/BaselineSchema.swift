import Foundation
import Postgres

/// The rows of one namespace copied into a schema of their own, so that `pg_dump` and `pg_restore` handle exactly
/// what a backup and a restore of that namespace handle — no more rows, and tables of the same definition:
///
/// - `bench_pg.namespaces`, `folders`, `items` are `LIKE public.… INCLUDING ALL` (columns, defaults, CHECKs, the
///   primary keys, `COMPRESSION lz4` and storage), plus the same foreign keys, now to `bench_pg.namespaces`;
/// - the namespace's row and its folders and items are copied in; `pg_dump --data-only` of `folders` and `items`
///   is the backup's baseline, and `pg_restore --single-transaction --data-only` into the truncated tables (the
///   namespace row kept, the indexes and foreign keys in place, as a restore into an empty namespace finds them)
///   is the restore's.
struct BaselineSchema {
    static let name = "bench_pg"
    static let dumpedTables = ["\(name).folders", "\(name).items"]

    let connection: PostgresConnection

    func create(copying namespaceID: UUID) throws {
        try drop()
        try connection.executeScript(unsafeSQL: """
            CREATE SCHEMA \(Self.name);
            CREATE TABLE \(Self.name).namespaces (LIKE public.namespaces INCLUDING ALL);
            CREATE TABLE \(Self.name).folders (LIKE public.folders INCLUDING ALL,
                FOREIGN KEY (namespace_id) REFERENCES \(Self.name).namespaces (id) ON DELETE CASCADE);
            CREATE TABLE \(Self.name).items (LIKE public.items INCLUDING ALL,
                FOREIGN KEY (namespace_id) REFERENCES \(Self.name).namespaces (id) ON DELETE CASCADE);
            """)
        try connection.transaction { db in
            try db.execute("INSERT INTO bench_pg.namespaces SELECT * FROM public.namespaces WHERE id = \(namespaceID)")
            try db.execute("INSERT INTO bench_pg.folders SELECT * FROM public.folders WHERE namespace_id = \(namespaceID)")
            try db.execute("INSERT INTO bench_pg.items SELECT * FROM public.items WHERE namespace_id = \(namespaceID)")
        }
    }

    /// Empties the dumped tables for `pg_restore` (the namespace row stays).
    func truncate() throws {
        try connection.executeScript(unsafeSQL: "TRUNCATE \(Self.dumpedTables.joined(separator: ", "))")
    }

    func counts() throws -> (folders: Int, items: Int) {
        let row = try connection.query("""
            SELECT (SELECT count(*) FROM bench_pg.folders), (SELECT count(*) FROM bench_pg.items)
            """)[0]
        return (try row.decode(Int.self, 0), try row.decode(Int.self, 1))
    }

    func drop() throws {
        try connection.executeScript(unsafeSQL: "DROP SCHEMA IF EXISTS \(Self.name) CASCADE")
    }
}
