import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A bound, listening TCP socket plus a wake-up pipe so a blocked ``accept()`` can be interrupted.
///
/// A `final class` rather than a non-copyable struct because two threads use it: the accept thread waits in
/// ``accept()`` while the thread running a shutdown calls ``wake()`` and then, once the accept thread has
/// left, ``close()``, so new connections are refused at once instead of queueing in a dead backlog.
/// The descriptors are closed exactly once (an atomic flag), by ``close()`` or `deinit`.
final class ListeningSocket: Sendable {
    let fd: Int32
    private let closed = Atomic<Bool>(false)
    /// The kernel-assigned port when the configuration asked for 0.
    let port: Int
    private let wakeRead: Int32
    private let wakeWrite: Int32

    /// Binds the first address `host` resolves to that accepts the bind, and listens.
    init(host: String, port: Int, backlog: Int32) throws(SocketError) {
        var lastError = SocketError(.resolve, "No address to listen on for '\(host)'.")
        for address in try SocketAddress.resolve(host: host, port: port, passive: true) {
            let fd = socket(address.family, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else {
                let error = errno
                lastError = SocketError(.system, "socket() failed: \(SocketAddress.reason(error)).", errno: error)
                continue
            }
            var one: Int32 = 1
            _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
            var storage = address.storage
            let bound = withUnsafePointer(to: &storage) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, address.length) }
            }
            if bound != 0 || listen(fd, backlog) != 0 {
                let error = errno
                lastError = SocketError(
                    .system,
                    "Could not listen on \(host):\(port): \(SocketAddress.reason(error)).",
                    errno: error
                )
                _ = Glibc.close(fd)
                continue
            }
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            var pipeFDs: [Int32] = [-1, -1]
            guard pipe(&pipeFDs) == 0 else {
                let error = errno
                _ = Glibc.close(fd)
                throw SocketError(.system, "pipe() failed: \(SocketAddress.reason(error)).", errno: error)
            }
            for pipeFD in pipeFDs { _ = fcntl(pipeFD, F_SETFD, FD_CLOEXEC) }
            self.fd = fd
            self.port = SocketAddress.localPort(of: fd) ?? port
            self.wakeRead = pipeFDs[0]
            self.wakeWrite = pipeFDs[1]
            return
        }
        throw lastError
    }

    deinit { close() }

    /// Closes the listening socket and the wake pipe; later calls do nothing. Call only once no thread is in
    /// ``accept()``.
    func close() {
        guard !closed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        _ = Glibc.close(fd)
        _ = Glibc.close(wakeRead)
        _ = Glibc.close(wakeWrite)
    }

    /// Makes a pending or future ``accept()`` return nil at once. Safe from any thread: it only writes a byte.
    func wake() {
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)
    }

    /// Whether a connection is waiting in the backlog (a `poll` that does not block).
    var hasPendingConnection: Bool {
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, 0) > 0
    }

    /// Waits for the next connection.
    ///
    /// - Returns: the client socket and its `address:port`, or nil once ``wake()`` was called.
    ///   Transient failures (`ECONNABORTED`, `EMFILE` …) are retried after a short pause so an exhausted
    ///   descriptor table does not spin the accept thread.
    func accept() -> (Socket, String)? {
        var descriptors = [
            pollfd(fd: fd, events: Int16(POLLIN), revents: 0),
            pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0),
        ]
        while true {
            let ready = poll(&descriptors, 2, -1)
            if ready < 0 { if errno == EINTR { continue } else { return nil } }
            if descriptors[1].revents != 0 { return nil }
            var storage = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let client = withUnsafeMutablePointer(to: &storage) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.accept(fd, $0, &length) }
            }
            if client >= 0 {
                return (Socket(adopting: client), SocketAddress.describe(storage, length: length))
            }
            switch errno {
            case EAGAIN, EWOULDBLOCK, EINTR, ECONNABORTED, EPROTO:
                continue
            default:
                // EMFILE/ENFILE/ENOBUFS: back off instead of spinning; the wake pipe still ends the wait.
                _ = poll(&descriptors[1], 1, 100)
                if descriptors[1].revents != 0 { return nil }
            }
        }
    }
}
