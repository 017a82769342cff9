import Foundation
import Postgres

/// A database of the benchmark's own on the server of `DATABASE_URL` (created at start, dropped at the end), so
/// that its namespaces, large objects and the baseline schema never mix with anything else.
struct BenchDatabase {
    let name: String
    /// Keyword/value conninfo of the bench database, for the server, the tools and our connections.
    let conninfo: String
    private let admin: PostgresConnection

    init(serverConninfo: String) throws {
        admin = try PostgresConnection(conninfo: serverConninfo)
        name = "nsbackup_bench_\(getpid())"
        // One statement per call: DROP/CREATE DATABASE refuse a multi-statement string (an implicit transaction).
        try admin.executeScript(unsafeSQL: "DROP DATABASE IF EXISTS \(name)")
        try admin.executeScript(unsafeSQL: "CREATE DATABASE \(name)")
        conninfo = admin.conninfoString(overriding: ["dbname": name])
    }

    var serverVersion: String {
        (try? admin.query("SHOW server_version").first?.decode(String.self, 0)) ?? "?"
    }

    func drop() {
        try? admin.executeScript(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }
}
