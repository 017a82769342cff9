import Foundation

/// The PostgreSQL client programs the baselines run — `pg_dump`, `pg_restore`, `psql` — from the server's own major
/// version (`NSB_PG_BIN` from scripts/lib.sh, else the newest `/usr/lib/postgresql/<major>/bin`), against the bench
/// database given as a keyword/value conninfo.
struct PostgresTools {
    let binDirectory: String
    let conninfo: String
    let logDirectory: String

    init(conninfo: String, logDirectory: String) throws {
        self.conninfo = conninfo
        self.logDirectory = logDirectory
        if let configured = ProcessInfo.processInfo.environment["NSB_PG_BIN"], !configured.isEmpty {
            binDirectory = configured
        } else {
            let majors = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
            guard let newest = majors.compactMap(Int.init).max() else {
                throw BenchError(.usage, "no PostgreSQL client programs under /usr/lib/postgresql/*/bin; set NSB_PG_BIN")
            }
            binDirectory = "/usr/lib/postgresql/\(newest)/bin"
        }
        for program in ["pg_dump", "pg_restore", "psql"] {
            guard FileManager.default.isExecutableFile(atPath: "\(binDirectory)/\(program)") else {
                throw BenchError(.usage, "\(binDirectory)/\(program) is missing (package postgresql-client)")
            }
        }
    }

    /// `pg_dump -Fc -Z1 --data-only -t T… -f FILE`: the baseline of a backup.
    func dump(tables: [String], to file: String) throws -> Subprocess.Outcome {
        try run("pg_dump", ["-Fc", "-Z1", "--data-only"] + tables.flatMap { ["-t", $0] } + ["-f", file, "-d", conninfo])
    }

    /// `pg_restore --single-transaction --data-only FILE`: the baseline of a restore (into existing empty tables).
    func restore(from file: String) throws -> Subprocess.Outcome {
        try run("pg_restore", ["--single-transaction", "--data-only", "-d", conninfo, file])
    }

    /// `psql -X -q -A -t -v ON_ERROR_STOP=1 -c C1 -c C2 …` (backslash commands or SQL statements).
    func psql(_ commands: String...) throws -> Subprocess.Outcome {
        try run("psql", ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", conninfo] + commands.flatMap { ["-c", $0] })
    }

    /// `psql \lo_import 'FILE'` (client-side: libpq reads the file and writes the object in one transaction).
    /// - Returns: the outcome and the new large object's OID.
    func largeObjectImport(_ file: String) throws -> (Subprocess.Outcome, UInt32) {
        let outcome = try psql("\\lo_import '\(file)'", "\\echo :LASTOID")
        guard let oid = outcome.stdout.split(whereSeparator: \.isWhitespace).last.flatMap({ UInt32($0) }) else {
            throw BenchError(.check, "psql \\lo_import printed no OID: \(outcome.stdout.prefix(200))")
        }
        return (outcome, oid)
    }

    /// The client programs' version line (`pg_dump (PostgreSQL) 15.18`).
    func version() -> String {
        (try? run("pg_dump", ["--version"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? "pg_dump ?"
    }

    private func run(_ program: String, _ arguments: [String]) throws -> Subprocess.Outcome {
        try Subprocess.run("\(binDirectory)/\(program)", arguments,
                           environment: ["PGOPTIONS": "-c client_min_messages=warning"],
                           logs: logDirectory, name: program)
    }
}
