import API
import Postgres

/// `nsbackup migrate`: applies the migrations the database lacks and prints the schema version.
struct MigrateCommand: Command {
    static let name = "migrate"
    static let summary = "apply database migrations and print the schema version"
    static let usage = """
        usage: nsbackup migrate [options]

        Applies the migrations of sql/ that the database lacks (each in its own transaction, safe with other
        instances migrating at the same time) and prints the schema version.

        options:
        \(DatabaseOptions.usage)
        """

    let database: DatabaseOptions

    init(arguments: inout ArgumentScanner, environment: [String: String]) throws {
        database = try DatabaseOptions(arguments: &arguments, environment: environment)
    }

    func run() throws -> Int32 {
        let migrator = Migrator(migrations: try database.loadMigrations())
        let connection = try PostgresConnection(conninfo: database.conninfo)
        let applied = try migrator.migrate(connection)
        let version = try migrator.currentVersion(connection)
        if applied.isEmpty {
            Console.out("schema version \(version) (up to date)")
        } else {
            Console.out("schema version \(version) (applied \(applied.map(String.init).joined(separator: ", ")))")
        }
        return 0
    }
}
