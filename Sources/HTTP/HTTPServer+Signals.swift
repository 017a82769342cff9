import Dispatch
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Catches termination signals through Dispatch signal sources (no async-signal-unsafe work in a C signal
/// handler), from the moment it is created: create it first thing in `main`, so a SIGTERM that arrives while
/// the server is still starting is not fatal but ends the wait at once.
///
/// While it exists the signals' default actions are suspended (a Dispatch source needs `SIG_IGN`, or the default
/// action would still kill the process); ``wait()`` restores them when it returns, so a second Ctrl-C during a
/// slow shutdown ends the process the usual way.
///
/// Dispatch registers a source asynchronously; a signal sent in the instant between `init` and that
/// registration is ignored rather than caught (never fatal).
public final class TerminationSignals: Sendable {
    public let signals: [Int32]
    private let state = State()
    private let sources: Mutex<[any DispatchSourceSignal]>
    private let restoresDefaultActions: Bool

    private final class State: Sendable {
        let received = Mutex<Int32?>(nil)
        let arrived = DispatchSemaphore(value: 0)
    }

    /// Starts catching `signals` (SIGTERM and SIGINT by default).
    public init(_ signals: [Int32] = [SIGTERM, SIGINT], restoringDefaultActions: Bool = true) {
        self.signals = signals
        self.restoresDefaultActions = restoringDefaultActions
        let queue = DispatchQueue(label: "nsbackup.signals")
        var sources: [any DispatchSourceSignal] = []
        let state = self.state
        for number in signals {
            _ = signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler {
                state.received.withLock { if $0 == nil { $0 = number } }
                state.arrived.signal()
            }
            source.resume()
            sources.append(source)
        }
        self.sources = Mutex(sources)
    }

    /// Waits at most `timeout` for one of the signals.
    ///
    /// - Returns: the signal, or nil when none arrived in time (the sources stay installed).
    public func wait(timeout: Duration) -> Int32? {
        guard state.arrived.wait(timeout: .now() + .milliseconds(timeout.clampedMilliseconds)) == .success else {
            return nil
        }
        state.arrived.signal()
        return wait()
    }

    /// Blocks the calling thread until one of the signals arrives (or arrived since
    /// ``init(_:restoringDefaultActions:)``)
    /// and returns it.
    public func wait() -> Int32 {
        state.arrived.wait()
        state.arrived.signal()  // later or concurrent waiters return too
        let sources = self.sources.withLock { sources in
            defer { sources.removeAll() }
            return sources
        }
        for source in sources { source.cancel() }
        if restoresDefaultActions && !sources.isEmpty {
            for number in signals { _ = signal(number, SIG_DFL) }
        }
        return state.received.withLock { $0 } ?? signals.first ?? SIGTERM
    }
}

extension HTTPServer {
    /// Blocks until one of `signals` arrives, then shuts down gracefully within `grace` and returns the signal,
    /// so `main` can simply return and the process exits 0.
    ///
    /// - Parameter signals: created early in `main` (see ``TerminationSignals``); nil catches SIGTERM and SIGINT
    ///   from now on.
    @discardableResult
    public func runUntilSignalled(_ signals: TerminationSignals? = nil, grace: Duration = .seconds(10)) -> Int32 {
        let number = (signals ?? TerminationSignals()).wait()
        shutdown(grace: grace)
        return number
    }
}
