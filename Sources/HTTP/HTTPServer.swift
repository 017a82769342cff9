import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// An HTTP/1.1 server on POSIX sockets: one accept thread, one thread per connection (at most
/// ``HTTPServerConfiguration/maxConnections``), synchronous handlers.
///
/// Handlers run on the connection threads, never on Swift's cooperative pool, so they may block (libpq,
/// file I/O). When every slot is taken, new connections wait in the kernel's listen backlog until one frees;
/// after 100 ms of that, connections idling between requests are closed to make room.
///
/// ```swift
/// let server = HTTPServer(configuration: .init(host: "127.0.0.1", port: 0)) { request, writer in
///     try writer.respond(status: .ok, text: "hello")
/// }
/// try server.start()
/// print(server.port)
/// server.runUntilSignalled(grace: .seconds(10))   // SIGTERM / SIGINT → graceful shutdown, then return
/// ```
public final class HTTPServer: Sendable {
    public let configuration: HTTPServerConfiguration
    private let responder: any HTTPResponder
    private let registry = ConnectionRegistry()
    private let connections = DispatchGroup()
    private let acceptLoopEnded = DispatchSemaphore(value: 0)
    private let state = Mutex(State.idle)

    private enum State {
        case idle
        case running(ListeningSocket)
        case stopping
        case stopped
    }

    public init(configuration: HTTPServerConfiguration, responder: any HTTPResponder) {
        self.configuration = configuration
        self.responder = responder
    }

    public convenience init(configuration: HTTPServerConfiguration, handler: @escaping HTTPHandler) {
        self.init(configuration: configuration, responder: HTTPClosureResponder(handler: handler))
    }

    /// The port the server listens on (the kernel's choice when configured with 0); nil before ``start()``.
    public var port: Int? {
        state.withLock { state in
            if case .running(let listener) = state { return listener.port }
            return nil
        }
    }

    /// Connections currently open.
    public var connectionCount: Int { registry.count }

    /// Binds, listens and starts the accept thread; returns once connections are accepted.
    /// Also ignores SIGPIPE for the process (a client that hangs up must not kill it; sends use MSG_NOSIGNAL too).
    ///
    /// - Throws: ``SocketError`` when the address can't be resolved or bound (e.g. the port is taken).
    public func start() throws {
        _ = signal(SIGPIPE, SIG_IGN)
        let listener = try ListeningSocket(
            host: configuration.host,
            port: configuration.port,
            backlog: configuration.backlog
        )
        try state.withLock { state in
            guard case .idle = state else {
                throw SocketError(.system, "The server was already started or shut down.")
            }
            state = .running(listener)
        }
        let thread = Thread { [self] in
            acceptLoop(listener)
            acceptLoopEnded.signal()
        }
        thread.name = "http-accept"
        thread.start()
    }

    private func acceptLoop(_ listener: ListeningSocket) {
        let slots = DispatchSemaphore(value: max(1, configuration.maxConnections))
        let environment = HTTPConnection.Environment(
            configuration: configuration,
            responder: responder,
            registry: registry
        )
        while true {
            // Wait for a free slot, checking now and then whether we are stopping.
            while slots.wait(timeout: .now() + .milliseconds(100)) == .timedOut {
                if registry.isStopping { return }
                // Every slot taken and someone waiting: idle keep-alive connections give way.
                if listener.hasPendingConnection { registry.closeIdleConnections() }
            }
            guard let (socket, remoteAddress) = listener.accept(), !registry.isStopping else {
                slots.signal()
                return
            }
            let slot = registry.add(socket)
            connections.enter()
            let thread = Thread { [registry, connections] in
                HTTPConnection(slot: slot, remoteAddress: remoteAddress, environment: environment).run()
                registry.remove(slot)
                slots.signal()
                connections.leave()
            }
            thread.name = "http-connection"
            thread.start()
        }
    }

    /// Stops the server gracefully and returns when it has stopped.
    ///
    /// Stops accepting at once (the listening socket is closed), closes idle keep-alive connections, lets
    /// requests in progress finish (their responses carry `Connection: close`) for up to `grace`, then cuts
    /// off the remaining connections. Calling it again, or concurrently, waits for the same shutdown.
    public func shutdown(grace: Duration = .seconds(10)) {
        let listener: ListeningSocket? = state.withLock { state in
            switch state {
            case .running(let listener):
                state = .stopping
                return listener
            case .idle:
                state = .stopped
                return nil
            case .stopping, .stopped:
                return nil
            }
        }
        guard let listener else {
            while state.withLock({ if case .stopping = $0 { return true } else { return false } }) {
                Thread.sleep(forTimeInterval: 0.01)
            }
            return
        }
        registry.beginStopping()
        listener.wake()
        acceptLoopEnded.wait()
        listener.close()
        let deadline = DispatchTime.now() + .milliseconds(grace.clampedMilliseconds)
        if connections.wait(timeout: deadline) == .timedOut {
            registry.shutdownAll()
            // Threads blocked in a handler's own I/O can't be interrupted; don't wait for them forever.
            _ = connections.wait(timeout: .now() + .seconds(1))
        }
        state.withLock { $0 = .stopped }
    }
}
