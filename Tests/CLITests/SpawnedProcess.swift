import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A child process started with `posix_spawn`, standard input from /dev/null, output on pipes (or /dev/null),
/// no signal blocked and default signal actions, whatever the spawning test thread had.
///
/// Not Foundation's `Process`: that one passes on the spawning thread's signal mask (libdispatch worker threads
/// block SIGTERM, so a server started from a test could never be stopped gracefully) and failed to reap tmux's
/// client, which forks a daemon.
final class SpawnedProcess: Sendable {
    let pid: pid_t
    /// Read ends of standard output and standard error; -1 when not collected.
    let outputFD: Int32
    let errorFD: Int32
    private let exitStatus = Mutex<Int32?>(nil)

    /// - Parameters:
    ///   - environment: the complete environment of the child.
    ///   - collectsOutput: false sends output to /dev/null (for programs that leave a daemon holding it).
    init(_ executable: String, _ arguments: [String], environment: [String: String], collectsOutput: Bool = true) throws
    {
        // One spawn at a time in this process: a pipe is made close-on-exec right after `pipe` (Glibc doesn't
        // export `pipe2`), and no other spawn of ours may inherit it in between (a write end leaked into a
        // long-lived child would keep its reader from ever seeing the end).
        (pid, outputFD, errorFD) = try Self.spawnLock.withLock { _ in
            try Self.spawn(executable, arguments, environment: environment, collectsOutput: collectsOutput)
        }
    }

    private static let spawnLock = Mutex(())

    private static func makePipe() throws -> [Int32] {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw SpawnFailure("pipe failed: \(String(cString: strerror(errno)))") }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return fds
    }

    private static func spawn(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String],
        collectsOutput: Bool
    ) throws -> (pid_t, Int32, Int32) {
        var outputPipe: [Int32] = [-1, -1]
        var errorPipe: [Int32] = [-1, -1]
        if collectsOutput {
            outputPipe = try makePipe()
            errorPipe = try makePipe()
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        if collectsOutput {
            posix_spawn_file_actions_adddup2(&actions, outputPipe[1], 1)
            posix_spawn_file_actions_adddup2(&actions, errorPipe[1], 2)
        } else {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for number in [SIGPIPE, SIGTERM, SIGINT, SIGHUP, SIGCHLD] { sigaddset(&defaults, number) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid = pid_t()
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        if collectsOutput {
            close(outputPipe[1])
            close(errorPipe[1])
        }
        guard result == 0 else {
            if collectsOutput {
                close(outputPipe[0])
                close(errorPipe[0])
            }
            throw SpawnFailure("Could not start \(executable): \(String(cString: strerror(result))).")
        }
        return (pid, outputPipe[0], errorPipe[0])
    }

    deinit {
        if outputFD >= 0 { close(outputFD) }
        if errorFD >= 0 { close(errorFD) }
    }

    /// The environment of this test process with `changes` applied (nil removes a variable).
    static func environment(_ changes: [String: String?]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        for (key, value) in changes { environment[key] = value }
        return environment
    }

    /// Reads `fd` to its end on a new thread, handing each piece to `body`; `done` runs at the end.
    static func drain(_ fd: Int32, _ body: @escaping @Sendable ([UInt8]) -> Void, done: @escaping @Sendable () -> Void)
    {
        let thread = Thread {
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { break }
                body(Array(buffer[..<count]))
            }
            done()
        }
        thread.start()
    }

    /// The exit status (128 + signal number when killed) once the process ended, waiting up to `timeout` seconds;
    /// nil when it is still running.
    func wait(timeout: Double) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let status = exitStatus.withLock({ $0 }) { return status }
            var raw: Int32 = 0
            let result = waitpid(pid, &raw, WNOHANG)
            if result == pid {
                // WIFEXITED / WEXITSTATUS / WTERMSIG by hand: the macros don't import into Swift.
                let signal = raw & 0x7F
                let status = signal == 0 ? (raw >> 8) & 0xFF : 128 + signal
                exitStatus.withLock { $0 = status }
                return status
            }
            if result < 0 && errno != EINTR { return exitStatus.withLock { $0 } ?? -1 }
            if Date() >= deadline { return nil }
            Thread.sleep(forTimeInterval: 0.01)
        }
    }

    func send(_ signal: Int32) {
        if exitStatus.withLock({ $0 }) == nil { kill(pid, signal) }
    }
}

struct SpawnFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
