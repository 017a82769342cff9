import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The server's open connections, so a graceful shutdown can wake the idle ones and, after the grace period,
/// cut the rest off. Shutting a socket down (not closing it) leaves the descriptor to its owner thread.
final class ConnectionRegistry: Sendable {
    private struct Entry {
        let socket: Socket
        var isIdle: Bool
    }

    private struct State {
        var entries: [Int: Entry] = [:]
        var nextID = 0
        var isStopping = false
    }

    private let state = Mutex(State())

    /// Registers a new connection (idle until its first request byte arrives).
    func add(_ socket: Socket) -> Int {
        state.withLock { state in
            state.nextID += 1
            state.entries[state.nextID] = Entry(socket: socket, isIdle: true)
            return state.nextID
        }
    }

    func remove(_ id: Int) {
        _ = state.withLock { $0.entries.removeValue(forKey: id) }
    }

    var count: Int { state.withLock { $0.entries.count } }

    var isStopping: Bool { state.withLock { $0.isStopping } }

    /// Marks a connection as waiting for its next request.
    ///
    /// - Returns: false when the server is stopping: the connection should close instead of waiting.
    func markIdle(_ id: Int) -> Bool {
        state.withLock { state in
            guard !state.isStopping else { return false }
            state.entries[id]?.isIdle = true
            return true
        }
    }

    /// Marks a connection as serving a request, which a graceful shutdown lets finish.
    func markActive(_ id: Int) {
        state.withLock { $0.entries[id]?.isIdle = false }
    }

    /// Enters the stopping state and wakes every idle connection (its wait returns end-of-stream).
    func beginStopping() {
        state.withLock { state in
            state.isStopping = true
            for entry in state.entries.values where entry.isIdle {
                entry.socket.shutdown(Int32(SHUT_RDWR))
            }
        }
    }

    /// Cuts every remaining connection off; their threads see errors on their next socket call.
    func shutdownAll() {
        state.withLock { state in
            for entry in state.entries.values { entry.socket.shutdown(Int32(SHUT_RDWR)) }
        }
    }
}
