/// The command line of `nsbackup-bench` (run by `scripts/bench`, which passes its arguments on).
struct BenchOptions {
    static let usage = """
        usage: scripts/bench [--quick] [--runs N] [--workloads W1,W2,W3] [--scale F] [--no-throughput]
                             [--in-process] [--server-wrapper CMD]

          --quick              tiny workloads and a debug build: every code path once, in seconds (scripts/test)
          --runs N             repeat each measurement N times and keep the best time (default 1)
          --workloads LIST     only these workloads (default W1,W2,W3)
          --no-throughput      skip the Postgres module's throughput rows
          --scale F            multiply the workloads' item counts by F (e.g. 0.05 for a run under valgrind)
          --in-process         measure BackupService in the bench process instead of the server over HTTP
                               (only when asked: without it, an unexpected answer from the server stops the run)
          --server-wrapper CMD run `nsbackup serve` under CMD (e.g. "valgrind --tool=callgrind"), for profiling;
                               its RSS figures are then the wrapper's

        environment: DATABASE_URL (the server; the benchmark creates and drops a database of its own in it),
        NSB_PG_BIN (pg_dump/pg_restore/psql directory), NSBACKUP_BIN (the nsbackup executable; default: beside
        this one), NSBACKUP_SQL_DIR (the migrations; default: sql/ of the current directory)
        """

    var quick = false
    var runs = 1
    var workloads: Set<String>?
    var throughput = true
    var inProcess = false
    var scale = 1.0
    var serverWrapper: [String] = []
    var help = false

    init(_ arguments: [String]) throws {
        var rest = arguments[...]
        func value(_ flag: String) throws -> String {
            guard let next = rest.popFirst() else { throw BenchError(.usage, "\(flag) needs a value\n\n\(Self.usage)") }
            return next
        }
        while let argument = rest.popFirst() {
            switch argument {
            case "--quick": quick = true
            case "--no-throughput": throughput = false
            case "--in-process": inProcess = true
            case "--help", "-h": help = true
            case "--runs":
                guard let count = Int(try value(argument)), (1...20).contains(count) else {
                    throw BenchError(.usage, "--runs needs a count from 1 to 20")
                }
                runs = count
            case "--scale":
                guard let factor = Double(try value(argument)), factor > 0, factor <= 10 else {
                    throw BenchError(.usage, "--scale needs a factor above 0 and at most 10")
                }
                scale = factor
            case "--workloads":
                workloads = Set(try value(argument).split(separator: ",").map { $0.uppercased() })
            case "--server-wrapper":
                serverWrapper = try value(argument).split(separator: " ").map(String.init)
            default:
                throw BenchError(.usage, "unknown argument '\(argument)'\n\n\(Self.usage)")
            }
        }
    }
}
