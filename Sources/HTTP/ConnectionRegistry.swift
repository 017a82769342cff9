import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// One open connection as the registry sees it: its socket and whether it is between requests.
final class ConnectionSlot: Sendable {
    /// What the connection's thread is doing.
    enum Phase: Int {
        /// Reading or answering a request: a graceful shutdown lets it finish.
        case active = 0
        /// Waiting for the next request on a kept-alive connection.
        case idle = 1
        /// Accepted, waiting for its first request.
        case new = 2
    }

    let socket: Socket
    fileprivate let id: Int
    fileprivate let phase = Atomic<Int>(Phase.new.rawValue)

    fileprivate init(socket: Socket, id: Int) {
        self.socket = socket
        self.id = id
    }
}

/// The server's open connections, so a graceful shutdown can wake the idle ones and, after the grace period,
/// cut the rest off. Shutting a socket down (not closing it) leaves the descriptor to its owner thread.
///
/// The per-request calls (``mark(_:waiting:)``, ``markActive(_:)``, ``isStopping``) are lock-free atomics: a
/// mutex here was the hottest spot under load (every request took it twice). Sequentially consistent
/// ordering makes the idle/stopping handshake safe: a connection that goes idle either sees the stop flag and
/// closes itself, or is seen as idle by ``beginStopping()`` and shut down (or both).
final class ConnectionRegistry: Sendable {
    private let slots = Mutex<[Int: ConnectionSlot]>([:])
    private let nextID = Atomic<Int>(0)
    private let stopping = Atomic<Bool>(false)

    /// Registers a new connection (idle until its first request byte arrives).
    func add(_ socket: Socket) -> ConnectionSlot {
        let slot = ConnectionSlot(socket: socket, id: nextID.wrappingAdd(1, ordering: .relaxed).newValue)
        slots.withLock { $0[slot.id] = slot }
        return slot
    }

    func remove(_ slot: ConnectionSlot) {
        _ = slots.withLock { $0.removeValue(forKey: slot.id) }
    }

    var count: Int { slots.withLock { $0.count } }

    var isStopping: Bool { stopping.load(ordering: .sequentiallyConsistent) }

    /// Marks a connection as waiting for a request (`.idle` or `.new`).
    ///
    /// - Returns: false when the server is stopping: the connection should close instead of waiting.
    func mark(_ slot: ConnectionSlot, waiting phase: ConnectionSlot.Phase) -> Bool {
        slot.phase.store(phase.rawValue, ordering: .sequentiallyConsistent)
        return !stopping.load(ordering: .sequentiallyConsistent)
    }

    /// Marks a connection as serving a request, which a graceful shutdown lets finish.
    func markActive(_ slot: ConnectionSlot) {
        slot.phase.store(ConnectionSlot.Phase.active.rawValue, ordering: .sequentiallyConsistent)
    }

    /// Enters the stopping state and wakes every waiting connection (its wait returns end-of-stream), except
    /// those whose request bytes already arrived: they are served, with `Connection: close`.
    func beginStopping() {
        stopping.store(true, ordering: .sequentiallyConsistent)
        shutDownWaiting(in: [ConnectionSlot.Phase.idle.rawValue, ConnectionSlot.Phase.new.rawValue])
    }

    /// Closes kept-alive connections waiting for their next request, to make room for clients queued in the
    /// backlog when every slot is taken. RFC 9112 §9.5 lets a server close an idle connection at any time;
    /// clients retry on a new one. New connections are left alone: the head timeout bounds them.
    func closeIdleConnections() {
        shutDownWaiting(in: [ConnectionSlot.Phase.idle.rawValue])
    }

    private func shutDownWaiting(in phases: Set<Int>) {
        for slot in slots.withLock({ Array($0.values) })
        where phases.contains(slot.phase.load(ordering: .sequentiallyConsistent)) && !slot.socket.hasPendingInput {
            slot.socket.shutdown(Int32(SHUT_RDWR))
        }
    }

    /// Cuts every remaining connection off; their threads see errors on their next socket call.
    func shutdownAll() {
        for slot in slots.withLock({ Array($0.values) }) { slot.socket.shutdown(Int32(SHUT_RDWR)) }
    }
}
