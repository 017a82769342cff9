#if canImport(Glibc)
    import Glibc
#endif

/// A client TCP connection with bounded waits: the transport of ``HTTPClient``, and a raw byte pipe for
/// tests that must send what no HTTP client would (malformed requests, slow heads, pipelining).
///
/// Not thread-safe; one thread uses it at a time.
public final class TCPConnection {
    let socket: Socket
    /// Bytes received but not yet handed out.
    let stream: ConnectionStream

    /// Connects to `host`:`port`, trying each resolved address (IPv6 and IPv4) until one answers within `timeout`.
    ///
    /// - Throws: ``SocketError`` `resolve`, `timeout`, or `system` (e.g. connection refused).
    public init(host: String, port: Int, timeout: Duration = .seconds(10), writeTimeout: Duration = .seconds(30)) throws
    {
        var lastError = SocketError(.resolve, "No address found for '\(host)'.")
        for address in try SocketAddress.resolve(host: host, port: port, passive: false) {
            let fd = Glibc.socket(address.family, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else {
                let error = errno
                lastError = SocketError(.system, "socket() failed: \(SocketAddress.reason(error)).", errno: error)
                continue
            }
            let socket = Socket(adopting: fd)
            var storage = address.storage
            let status = withUnsafePointer(to: &storage) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, address.length) }
            }
            let error = status == 0 ? 0 : errno
            do throws(SocketError) {
                if status != 0 {
                    guard error == EINPROGRESS || error == EINTR else {
                        throw SocketError(
                            .system,
                            "Could not connect to \(host):\(port): \(SocketAddress.reason(error)).",
                            errno: error
                        )
                    }
                    try socket.wait(for: Int16(POLLOUT), until: .now + timeout)
                    var result: Int32 = 0
                    var length = socklen_t(MemoryLayout<Int32>.size)
                    _ = getsockopt(fd, SOL_SOCKET, SO_ERROR, &result, &length)
                    guard result == 0 else {
                        throw SocketError(
                            .system,
                            "Could not connect to \(host):\(port): \(SocketAddress.reason(result)).",
                            errno: result
                        )
                    }
                }
            } catch {
                lastError = error
                socket.close()
                continue
            }
            socket.setNoDelay()
            var limits = HTTPLimits()
            limits.writeTimeout = writeTimeout
            self.socket = socket
            self.stream = ConnectionStream(socket: socket, limits: limits)
            return
        }
        throw lastError
    }

    /// Sends all of `bytes`.
    public func send(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try stream.send($0) }
    }

    public func send(_ bytes: UnsafeRawBufferPointer) throws {
        try stream.send(bytes)
    }

    /// Receives what arrives next, waiting up to `timeout`.
    ///
    /// - Returns: up to `max` bytes, or nil when the peer closed the connection.
    /// - Throws: ``SocketError`` `timeout` when nothing arrived in time, `connectionClosed` on a reset.
    public func receive(max: Int = 64 * 1024, timeout: Duration = .seconds(10)) throws -> [UInt8]? {
        var count = 0
        let bytes = try [UInt8](unsafeUninitializedCapacity: Swift.max(1, max)) { buffer, initialized in
            count = try stream.read(into: UnsafeMutableRawBufferPointer(buffer), deadline: .now + timeout)
            initialized = count
        }
        return count == 0 ? nil : bytes
    }

    /// Receives until the peer closes the connection or resets it, or `timeout` passes in total.
    public func receiveUntilClosed(timeout: Duration = .seconds(10)) -> [UInt8] {
        let deadline = ContinuousClock.now + timeout
        var all: [UInt8] = []
        while ContinuousClock.now < deadline {
            guard let bytes = try? receive(timeout: ContinuousClock.now.duration(to: deadline)) else { break }
            all += bytes
        }
        return all
    }

    /// Closes the sending side (the peer reads end-of-stream) while still receiving.
    public func shutdownWrite() {
        socket.shutdown(Int32(SHUT_WR))
    }

    public func close() {
        socket.close()
    }
}

@available(*, unavailable)
extension TCPConnection: Sendable {}
