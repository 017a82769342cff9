import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Owns one connected, non-blocking TCP socket; every wait on it is a `poll(2)` with a deadline.
///
/// A `final class` (style §3.4): a connection's socket is created on the accept thread and used and closed on
/// the connection's thread, while ``shutdown(_:)`` may be called from the thread running a graceful
/// shutdown. The descriptor is closed exactly once, by ``close()`` or `deinit`; `shutdown` never closes it,
/// so the number can't be reused under another thread's feet. Sendable because `fd` is immutable and the only
/// mutable state is an atomic.
final class Socket: Sendable {
    let fd: Int32
    private let closed = Atomic<Bool>(false)

    /// Takes ownership of `fd` and makes it non-blocking and close-on-exec.
    init(adopting fd: Int32) {
        self.fd = fd
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
    }

    deinit { close() }

    /// Closes the descriptor; later calls do nothing. `EINTR` from close still means closed on Linux.
    func close() {
        guard !closed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        _ = Glibc.close(fd)
    }

    /// `shutdown(2)`: wakes any thread waiting on this socket, without releasing the descriptor.
    func shutdown(_ how: Int32) {
        guard !closed.load(ordering: .acquiring) else { return }
        _ = Glibc.shutdown(fd, how)
    }

    /// Sets `TCP_NODELAY`: we assemble whole responses ourselves, so Nagle's algorithm only adds latency.
    func setNoDelay() {
        var one: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    /// Whether bytes (or an end-of-stream) are waiting to be read, without blocking.
    var hasPendingInput: Bool {
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, 0) > 0
    }

    /// Reads what is available, waiting until `deadline` for at least one byte.
    ///
    /// - Returns: the number of bytes read; 0 when the peer closed its side.
    /// - Throws: ``SocketError`` `timeout` when the deadline passes, `connectionClosed` on a reset.
    func receive(into buffer: UnsafeMutableRawBufferPointer, deadline: ContinuousClock.Instant) throws(SocketError)
        -> Int
    {
        guard buffer.count > 0 else { return 0 }
        while true {
            let count = recv(fd, buffer.baseAddress, buffer.count, 0)
            if count >= 0 { return count }
            // Read errno before anything else can overwrite it (NIO System.swift).
            let error = errno
            switch error {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: try wait(for: Int16(POLLIN), until: deadline)
            case ECONNRESET, ENOTCONN, EPIPE:
                throw SocketError(.connectionClosed, "The peer reset the connection.", errno: error)
            default: throw SocketError(.system, "recv failed: \(String(cString: strerror(error))).", errno: error)
            }
        }
    }

    /// Sends every byte of `bytes`, waiting at most `timeout` each time the socket's buffer is full
    /// (so a large send to a slow but live client is not cut off, while a stalled one is).
    /// `MSG_NOSIGNAL` keeps a peer that hung up from raising SIGPIPE (facts.md, "Sockets").
    func send(_ bytes: UnsafeRawBufferPointer, timeout: Duration) throws(SocketError) {
        var offset = 0
        while offset < bytes.count {
            let count = Glibc.send(fd, bytes.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            if count >= 0 {
                offset += count
                continue
            }
            let error = errno
            switch error {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: try wait(for: Int16(POLLOUT), until: .now + timeout)
            case EPIPE, ECONNRESET, ENOTCONN:
                throw SocketError(.connectionClosed, "The peer closed the connection.", errno: error)
            default: throw SocketError(.system, "send failed: \(String(cString: strerror(error))).", errno: error)
            }
        }
    }

    /// Waits for `events` until `deadline`.
    ///
    /// - Throws: `timeout` when the deadline passes first.
    func wait(for events: Int16, until deadline: ContinuousClock.Instant) throws(SocketError) {
        var descriptor = pollfd(fd: fd, events: events, revents: 0)
        while true {
            let millis = Socket.milliseconds(until: deadline)
            guard millis > 0 else { throw SocketError(.timeout, "Timed out waiting for the peer.") }
            let ready = poll(&descriptor, 1, millis)
            if ready > 0 { return }  // readable, writable, or HUP/ERR: the next recv/send reports which.
            if ready < 0 && errno != EINTR {
                let error = errno
                throw SocketError(.system, "poll failed: \(String(cString: strerror(error))).", errno: error)
            }
        }
    }

    /// Milliseconds left until `deadline`, rounded up, clamped to what `poll` takes.
    static func milliseconds(until deadline: ContinuousClock.Instant) -> Int32 {
        let left = ContinuousClock.now.duration(to: deadline)
        return left <= .zero ? 0 : Int32(max(1, left.clampedMilliseconds))
    }
}
