import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// CPU seconds from /proc: of one process (the server, or this one), and of the whole PostgreSQL server (the
/// postmaster, its live children — backends, checkpointer, autovacuum — and the children that already exited,
/// which the kernel adds to the postmaster's `cutime`/`cstime` when it reaps them).
///
/// On a shared machine wall time includes waiting for the CPU; CPU seconds do not, so the table shows both: a wall
/// time far above the CPU of both sides means waiting (round trips, locks, or other processes' load).
struct CPUMeter {
    let postmasterPID: Int32

    /// Finds the postmaster as the parent of a backend (`SELECT pg_backend_pid()`) on the same machine; nil when
    /// the server is elsewhere (its /proc is not ours to read).
    init?(backendPID: Int32) {
        guard let stat = Self.stat(backendPID), stat.count > 1, let parent = Int32(stat[1]),
              Self.stat(parent) != nil else { return nil }
        postmasterPID = parent
    }

    /// CPU seconds the PostgreSQL server has used so far, all processes together, how many children it has, and
    /// whether one of them has exited without being reaped yet (a zombie shows no CPU, and the postmaster's
    /// `cutime` has not received it yet).
    ///
    /// A child reaped between reading the postmaster's `cutime` and listing the children would be in neither, so
    /// the reading is repeated until `cutime` is the same before and after the listing.
    func postgresSeconds() -> (seconds: Double, children: Int, unreaped: Bool) {
        for _ in 0..<20 {
            let reapedBefore = reapedTicks()
            var ticks = 0.0
            var children = 0
            var unreaped = false
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
            for entry in entries {
                guard let pid = Int32(entry), let fields = Self.stat(pid), fields.count > 12,
                      fields[1] == String(postmasterPID) else { continue }
                ticks += (Double(fields[11]) ?? 0) + (Double(fields[12]) ?? 0)
                children += 1
                if fields[0] == "Z" || fields[0] == "X" { unreaped = true }
            }
            let reapedAfter = reapedTicks()
            if reapedBefore == reapedAfter { return ((ticks + reapedAfter) / Self.ticksPerSecond, children, unreaped) }
        }
        return (reapedTicks() / Self.ticksPerSecond, 0, true)
    }

    /// The postmaster's own CPU plus that of its reaped children, in ticks.
    /// Fields after "(comm)": [11] utime [12] stime [13] cutime [14] cstime (proc(5), numbered from the state).
    private func reapedTicks() -> Double {
        guard let own = Self.stat(postmasterPID), own.count > 14 else { return 0 }
        return own[11...14].compactMap(Double.init).reduce(0, +)
    }

    /// The CPU PostgreSQL used since `before`, read once the backends of connections that ended with the operation
    /// have exited and been reaped (waiting at most 2 s): a zombie backend hides its CPU from both the live children
    /// and the postmaster's `cutime`.
    func postgresSeconds(since before: (seconds: Double, children: Int, unreaped: Bool)) -> Double {
        var now = postgresSeconds()
        var waited = 0
        while (now.children > before.children || now.unreaped) && waited < 200 {
            usleep(10_000)
            waited += 1
            now = postgresSeconds()
        }
        return now.seconds - before.seconds
    }

    /// CPU seconds (user + system) of one process so far.
    static func processSeconds(_ pid: Int32) -> Double {
        guard let fields = stat(pid), fields.count > 12 else { return 0 }
        return ((Double(fields[11]) ?? 0) + (Double(fields[12]) ?? 0)) / ticksPerSecond
    }

    static let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))

    /// The fields of /proc/<pid>/stat after the command name, starting with the state (index 0) and ppid (1).
    private static func stat(_ pid: Int32) -> [String]? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return nil }
        return text[text.index(after: close)...].split(separator: " ").map(String.init)
    }
}
