import Foundation

/// Wall-clock timing and resident-memory figures from /proc, for benchmark tables.
enum Stopwatch {
    static func time<R>(_ body: () throws -> R) rethrows -> (R, Double) {
        let start = DispatchTime.now().uptimeNanoseconds
        let result = try body()
        return (result, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }

    /// VmHWM from /proc/self/status, in MiB.
    static func peakRSSMiB(pid: String = "self") -> Double {
        procStatusMiB(pid: pid, field: "VmHWM")
    }

    /// A `kB` field of /proc/<pid>/status (VmHWM, VmRSS …), in MiB; 0 when unreadable.
    static func procStatusMiB(pid: String, field: String) -> Double {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix(field + ":") }),
              let kib = Double(line.split(whereSeparator: { $0 == " " || $0 == "\t" })[1]) else { return 0 }
        return kib / 1024
    }
}
