import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Child processes for the benchmarks (pg_dump, pg_restore, psql, `nsbackup serve`), spawned with `posix_spawn`,
/// with each child's own peak RSS (see ``wait()``), which Foundation's `Process` does not report. Standard output
/// and error go to files; nothing is read through pipes.
struct Subprocess {
    let pid: pid_t
    let executable: String
    let stdoutPath: String
    let stderrPath: String

    /// What a finished child left behind.
    struct Outcome {
        var status: Int32
        /// Wall time from spawn to reap.
        var seconds: Double
        /// User plus system CPU time of the child (from `wait4`).
        var cpuSeconds: Double
        /// The child's peak resident set (`VmHWM`, sampled every 5 ms), in MiB.
        var peakRSSMiB: Double
        var stdout: String
        var stderr: String
    }

    private let started: UInt64

    /// Starts `executable` with `arguments`, the current environment plus `environment`, stdin from /dev/null.
    static func spawn(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:],
        stdoutPath: String, stderrPath: String
    ) throws -> Subprocess {
        var fileActions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&fileActions)
        defer { posix_spawn_file_actions_destroy(&fileActions) }
        posix_spawn_file_actions_addopen(&fileActions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&fileActions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&fileActions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)

        var merged = ProcessInfo.processInfo.environment
        for (key, value) in environment { merged[key] = value }
        let argv = ([executable] + arguments).map { strdup($0) }
        let envp = merged.map { strdup("\($0.key)=\($0.value)") }
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let started = DispatchTime.now().uptimeNanoseconds
        // A bare name (a --server-wrapper such as "valgrind") is looked up in PATH.
        let result = executable.contains("/")
            ? posix_spawn(&pid, executable, &fileActions, nil, argv + [nil], envp + [nil])
            : posix_spawnp(&pid, executable, &fileActions, nil, argv + [nil], envp + [nil])
        guard result == 0 else {
            throw BenchError(.subprocess, "cannot start \(executable): \(String(cString: strerror(result)))")
        }
        return Subprocess(pid: pid, executable: executable, stdoutPath: stdoutPath, stderrPath: stderrPath,
                          started: started)
    }

    /// Runs a command to its end in `directory` (files `<name>.out` / `<name>.err` there) and returns its outcome.
    /// - Throws: ``BenchError`` when it exits with another status than 0, quoting the end of its error output.
    static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:],
                    logs directory: String, name: String) throws -> Outcome {
        let child = try spawn(executable, arguments, environment: environment,
                              stdoutPath: "\(directory)/\(name).out", stderrPath: "\(directory)/\(name).err")
        let outcome = try child.wait()
        guard outcome.status == 0 else {
            throw BenchError(.subprocess, "\(name) (\(executable) \(arguments.joined(separator: " "))) exited with \(outcome.status): "
                + outcome.stderr.suffix(2000))
        }
        return outcome
    }

    /// Whether the child is still running (a zombie, not yet reaped, counts as ended).
    var isRunning: Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        return !stat[close...].hasPrefix(") Z") && !stat[close...].hasPrefix(") X")
    }

    /// Waits for the child to end (the benchmark's children are bounded by their own work), sampling its `VmHWM`
    /// every 5 ms while it runs.
    ///
    /// The peak is read from /proc rather than from `wait4`'s `ru_maxrss`: `posix_spawn` (and `fork`) start the child
    /// in the parent's memory, and Linux carries that memory's high-water mark across `exec` into the child's
    /// `ru_maxrss`, so every child of a large benchmark process would seem as large as it.
    func wait() throws -> Outcome {
        var status: Int32 = 0
        var usage = rusage()
        var peakKiB = 0.0
        while true {
            let reaped = wait4(pid, &status, WNOHANG, &usage)
            if reaped == pid { break }
            if reaped < 0 {
                guard errno == EINTR else { throw BenchError(.subprocess, "wait4 for \(executable) failed: errno \(errno)") }
                continue
            }
            peakKiB = max(peakKiB, Stopwatch.procStatusMiB(pid: String(pid), field: "VmHWM") * 1024)
            usleep(5_000)
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        // WIFEXITED / WEXITSTATUS are macros Swift does not import.
        let exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        let cpu = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
        return Outcome(status: exitStatus, seconds: seconds, cpuSeconds: cpu, peakRSSMiB: peakKiB / 1024,
                       stdout: Self.text(stdoutPath), stderr: Self.text(stderrPath))
    }

    func signal(_ number: Int32) {
        kill(pid, number)
    }

    static func text(_ path: String) -> String {
        (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }
}
