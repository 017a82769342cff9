import Foundation
import Hashing
import Postgres

// nsbackup-bench: run by scripts/bench (which provides DATABASE_URL, NSB_PG_BIN and the builds). Prints one table:
// every nsbackup figure next to its baseline measured in the same run on the same PostgreSQL.

func note(_ text: String) {
    FileHandle.standardError.write(Data("nsbackup-bench: \(text)\n".utf8))
}

func machineLine() -> String {
    let load = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3)
        .joined(separator: " ") ?? "?"
    let memory = ProcessInfo.processInfo.physicalMemory >> 30
    return "\(ProcessInfo.processInfo.activeProcessorCount) cores, \(memory) GiB RAM, load average \(load) at start"
}

func runBenchmarks(_ options: BenchOptions) throws -> Int32 {
    let environment = ProcessInfo.processInfo.environment
    guard let serverConninfo = environment["DATABASE_URL"], !serverConninfo.isEmpty else {
        throw BenchError(.usage, "DATABASE_URL is not set: run scripts/bench, which starts a private PostgreSQL")
    }
    let workDirectory = NSTemporaryDirectory() + "nsbackup-bench-\(getpid())"
    try FileManager.default.createDirectory(atPath: workDirectory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: workDirectory) }

    let database = try BenchDatabase(serverConninfo: serverConninfo)
    defer { database.drop() }
    let tools = try PostgresTools(conninfo: database.conninfo, logDirectory: workDirectory)
    let connection = try PostgresConnection(conninfo: database.conninfo)
    try connection.setStatementTimeout(milliseconds: 0)

    let executable = environment["NSBACKUP_BIN"]
        ?? URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("nsbackup").path
    let token = Hex.encode(SecureRandom.bytes(24))
    let launcher = ServerLauncher(
        executable: executable, conninfo: database.conninfo, adminToken: token,
        sqlDirectory: environment["NSBACKUP_SQL_DIR"] ?? FileManager.default.currentDirectoryPath + "/sql",
        logDirectory: workDirectory, wrapper: options.serverWrapper)
    note("starting \(executable) serve")
    let probe = try launcher.start()
    let startRSS = probe.currentRSSMiB
    probe.stop()
    let viaHTTP = !options.inProcess
    let build = options.quick ? "debug" : "release"
    let inProcess: InProcessDriver? = viaHTTP ? nil : InProcessDriver(conninfo: database.conninfo)
    let driverLabel = viaHTTP
        ? "nsbackup serve (\(build) build) over HTTP: a fresh child process on port 0 per workload"
        : inProcess!.label

    var table = BenchTable()
    let header = [
        "nsbackup benchmarks (\(options.quick ? "quick: tiny sizes, debug build — figures are not meaningful" : "full, release build"))"
            + (options.runs > 1 ? ", best of \(options.runs) runs" : ""),
        "machine: \(machineLine())",
        "PostgreSQL \(database.serverVersion), \(tools.version()); server RSS at start \(String(format: "%.0f", startRSS)) MiB",
        "nsbackup column: \(driverLabel)",
        "ratio = nsbackup ÷ baseline (for times: lower is better; for rates: higher is better); cpu = CPU seconds of "
            + "the working process + of all PostgreSQL processes; each figure the best of \(options.runs) run(s)",
    ]
    if options.throughput {
        note("Postgres module throughput")
        table.section("Postgres module · \(options.quick ? 8 : 200) MiB of XML-like text")
        try PostgresThroughput(connection: connection, tools: tools, workDirectory: workDirectory,
                               megabytes: options.quick ? 8 : 200).run(into: &table)
    }
    let cpu = CPUMeter(backendPID: connection.backendPID)
    var results: [WorkloadResult] = []
    for workload in Workload.standard(quick: options.quick).map({ $0.scaled(by: options.scale) })
    where options.workloads?.contains(workload.name) ?? true {
        note("\(workload.name): \(workload.itemCount) items × \(workload.itemSize) bytes")
        let server = viaHTTP ? try launcher.start() : nil
        defer { server?.stop() }
        let driver: any BackupDriver = try server.map {
            HTTPDriver(api: try BenchAPI(baseURL: $0.baseURL, token: token), server: $0, build: build, token: token)
        } ?? inProcess!
        let benchmark = ServerBenchmark(driver: driver, tools: tools, connection: connection, cpu: cpu,
                                        workDirectory: workDirectory, runs: options.runs, log: note)
        var result = try benchmark.run(workload)
        result.rssAfterMiB = driver.currentRSSMiB
        results.append(result)
        BenchReport.add(result, viaHTTP: viaHTTP, to: &table)
    }
    BenchReport.addPerItem(results, to: &table)

    print(header.joined(separator: "\n"))
    print()
    print(table.text)
    print()
    print("goals met: \(table.goalsMet) of \(table.goalsJudged)"
        + (options.quick ? " (quick mode: sizes too small for the goals to mean anything)" : ""))
    return 0
}

do {
    let options = try BenchOptions(Array(CommandLine.arguments.dropFirst()))
    if options.help {
        print(BenchOptions.usage)
        exit(0)
    }
    exit(try runBenchmarks(options))
} catch {
    note("error: \(error)")
    exit(1)
}
