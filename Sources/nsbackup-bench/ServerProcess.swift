import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `nsbackup serve --port 0` as a child process against the bench database, with its peak RSS from /proc.
///
/// `VmHWM` is the process's lifetime peak; ``resetPeakRSS()`` writes `5` to `/proc/<pid>/clear_refs`, which resets
/// it to the current RSS, so that each measured operation reports its own peak.
final class ServerProcess {
    let child: Subprocess
    let baseURL: String
    let port: Int
    let logDirectory: String

    /// Starts the server and waits (up to `timeout`) for its "nsbackup listening on http://HOST:PORT" line.
    /// - Parameter wrapper: a command to run the server under (e.g. `valgrind --tool=callgrind`), for profiling.
    init(executable: String, conninfo: String, adminToken: String, sqlDirectory: String, logDirectory: String,
         wrapper: [String] = [], timeout: Double = 120) throws {
        self.logDirectory = logDirectory
        let environment = [
            "DATABASE_URL": conninfo,
            "NSBACKUP_ADMIN_TOKEN": adminToken,
            "NSBACKUP_SQL_DIR": sqlDirectory,
            "NSBACKUP_LOG_LEVEL": "warning",
        ]
        let command = wrapper + [executable, "serve", "--host", "127.0.0.1", "--port", "0"]
        child = try Subprocess.spawn(
            command[0], Array(command.dropFirst()), environment: environment,
            stdoutPath: "\(logDirectory)/server.out", stderrPath: "\(logDirectory)/server.err")
        let deadline = Date().addingTimeInterval(timeout)
        var found: Int?
        while found == nil {
            let output = Subprocess.text(child.stdoutPath)
            if let range = output.range(of: "nsbackup listening on http://127.0.0.1:") {
                found = Int(output[range.upperBound...].prefix { $0.isNumber })
                break
            }
            guard child.isRunning else {
                throw BenchError(.subprocess, "nsbackup serve stopped before listening: "
                    + Subprocess.text(child.stderrPath).suffix(2000))
            }
            guard Date() < deadline else {
                child.signal(SIGKILL)
                _ = try? child.wait()
                throw BenchError(.subprocess, "nsbackup serve did not listen within \(Int(timeout)) s")
            }
            usleep(20_000)
        }
        guard let port = found else { throw BenchError(.subprocess, "nsbackup serve printed no port") }
        self.port = port
        baseURL = "http://127.0.0.1:\(port)"
    }

    /// The server's process id: the child's, or under a wrapper that forks (strace) the wrapper's first child
    /// (valgrind runs the program in its own process, so there it is the child's).
    var pid: pid_t {
        let children = (try? String(contentsOfFile: "/proc/\(child.pid)/task/\(child.pid)/children", encoding: .utf8)) ?? ""
        return children.split(separator: " ").first.flatMap { pid_t($0) } ?? child.pid
    }

    /// Resets the lifetime peak (`VmHWM`) to the current RSS.
    func resetPeakRSS() {
        let fd = open("/proc/\(pid)/clear_refs", O_WRONLY)
        guard fd >= 0 else { return }
        _ = write(fd, "5", 1)
        close(fd)
    }

    /// `VmHWM` in MiB: the peak since start or since the last ``resetPeakRSS()``.
    var peakRSSMiB: Double { Stopwatch.procStatusMiB(pid: String(pid), field: "VmHWM") }

    /// `VmRSS` in MiB.
    var currentRSSMiB: Double { Stopwatch.procStatusMiB(pid: String(pid), field: "VmRSS") }

    /// SIGTERM (to the server, also under a wrapper), then waits for the graceful exit (SIGKILL after 30 s).
    func stop() {
        guard child.isRunning else { _ = try? child.wait(); return }
        kill(pid, SIGTERM)
        let deadline = Date().addingTimeInterval(30)
        while child.isRunning && Date() < deadline { usleep(20_000) }
        if child.isRunning { child.signal(SIGKILL) }
        _ = try? child.wait()
    }
}
