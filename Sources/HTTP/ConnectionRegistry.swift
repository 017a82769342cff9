import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// One open connection as the registry sees it: its socket and whether it is between requests.
final class ConnectionSlot: Sendable {
    let socket: Socket
    fileprivate let id: Int
    fileprivate let isIdle = Atomic<Bool>(true)

    fileprivate init(socket: Socket, id: Int) {
        self.socket = socket
        self.id = id
    }
}

/// The server's open connections, so a graceful shutdown can wake the idle ones and, after the grace period,
/// cut the rest off. Shutting a socket down (not closing it) leaves the descriptor to its owner thread.
///
/// The per-request calls (``markIdle(_:)``, ``markActive(_:)``, ``isStopping``) are lock-free atomics: a
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

    /// Marks a connection as waiting for its next request.
    ///
    /// - Returns: false when the server is stopping: the connection should close instead of waiting.
    func markIdle(_ slot: ConnectionSlot) -> Bool {
        slot.isIdle.store(true, ordering: .sequentiallyConsistent)
        return !stopping.load(ordering: .sequentiallyConsistent)
    }

    /// Marks a connection as serving a request, which a graceful shutdown lets finish.
    func markActive(_ slot: ConnectionSlot) {
        slot.isIdle.store(false, ordering: .sequentiallyConsistent)
    }

    /// Enters the stopping state and wakes every idle connection (its wait returns end-of-stream).
    func beginStopping() {
        stopping.store(true, ordering: .sequentiallyConsistent)
        for slot in slots.withLock({ Array($0.values) }) where slot.isIdle.load(ordering: .sequentiallyConsistent) {
            slot.socket.shutdown(Int32(SHUT_RDWR))
        }
    }

    /// Cuts every remaining connection off; their threads see errors on their next socket call.
    func shutdownAll() {
        for slot in slots.withLock({ Array($0.values) }) { slot.socket.shutdown(Int32(SHUT_RDWR)) }
    }
}
