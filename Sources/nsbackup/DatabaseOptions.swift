import API
import Foundation
import Postgres

/// Where the database is and where its migrations are; shared by `serve` and `migrate`.
///
/// - `--database-url` / `DATABASE_URL`: a libpq URI or keyword string; without it libpq's `PG*` variables apply.
/// - `--sql-dir` / `NSBACKUP_SQL_DIR`: the directory of numbered migrations; without it ``InstallLayout`` looks
///   beside the executable (`<bin>/sql`, the Docker image), in `<bin>/../share/nsbackup/sql`, then up the source
///   tree from the executable (a directory with `Package.swift` and `sql/`).
struct DatabaseOptions {
    static let usage = """
          --database-url URL       PostgreSQL to use (libpq URI or keyword string); env DATABASE_URL,
                                   else libpq's PG* variables (PGHOST, PGPORT, PGUSER, PGDATABASE, …)
          --sql-dir DIR            directory of the numbered migrations; env NSBACKUP_SQL_DIR, else found
                                   beside the executable (sql/), in ../share/nsbackup/sql, or in the
                                   source tree
        """

    var conninfo: String
    var sqlDirectory: URL?

    init(arguments: inout ArgumentScanner, environment: [String: String]) throws {
        conninfo =
            try Setting.read("--database-url", "DATABASE_URL", from: &arguments, environment: environment)?.value ?? ""
        if let setting = try Setting.read("--sql-dir", "NSBACKUP_SQL_DIR", from: &arguments, environment: environment) {
            sqlDirectory = URL(fileURLWithPath: setting.value)
        }
    }

    /// The migrations to apply.
    ///
    /// - Throws: a ``CommandError`` when no `sql/` directory can be found, or the directory cannot be read.
    func loadMigrations() throws -> [Migration] {
        guard let directory = sqlDirectory ?? InstallLayout().sqlDirectory else {
            throw CommandError(
                "cannot find the sql/ directory of migrations beside the executable or in the source tree; "
                    + "set NSBACKUP_SQL_DIR or pass --sql-dir."
            )
        }
        let migrations = try Migration.load(from: directory)
        guard !migrations.isEmpty else {
            throw CommandError("the directory '\(directory.path)' holds no migrations (NNNN_name.sql files).")
        }
        return migrations
    }
}

/// A failure of a command with a sentence for the person who ran it (exit status 1).
struct CommandError: Error, CustomStringConvertible {
    var message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}
