import Foundation

// nsbackup-bench: run by scripts/bench (which provides DATABASE_URL). `--quick` uses small sizes.
let arguments = CommandLine.arguments.dropFirst()
let quick = arguments.contains("--quick")
let conninfo = ProcessInfo.processInfo.environment["DATABASE_URL"] ?? ""
let megabytes = quick ? 8 : 200

do {
    print("nsbackup benchmarks (\(quick ? "quick" : "full")), \(ProcessInfo.processInfo.activeProcessorCount) cores")
    for row in try PostgresThroughput(conninfo: conninfo, megabytes: megabytes).run() { print(row.line) }
} catch {
    FileHandle.standardError.write(Data("nsbackup-bench: \(error)\n".utf8))
    exit(1)
}
