import Dispatch
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Catches termination signals from the moment it is created until ``wait()`` returns one.
///
/// `serve` creates it first thing, before connecting and listening, so a SIGTERM that arrives while the server is
/// starting (a supervisor that gives up, a test that is quick) is kept and handled like any other, instead of
/// killing the process with a non-zero status. (The HTTP module's `TerminationSignals.wait` installs its handlers
/// only when called, which is too late for that.) Dispatch signal sources, not a C handler: no async-signal-unsafe
/// work in signal context. Not thread-safe: create it and wait on it from one thread (`main`).
final class SignalTrap {
    /// The first signal received; shared with the Dispatch handlers.
    private final class Received: Sendable {
        let number = Mutex<Int32?>(nil)
        let arrived = DispatchSemaphore(value: 0)
    }

    private let signals: [Int32]
    private let received = Received()
    private var sources: [any DispatchSourceSignal] = []

    init(_ signals: [Int32] = [SIGTERM, SIGINT]) {
        self.signals = signals
        let queue = DispatchQueue(label: "nsbackup.signals")
        var created: [any DispatchSourceSignal] = []
        for number in signals {
            // A Dispatch source only observes the signal; the default action (terminate) must be switched off.
            _ = signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { [received] in
                received.number.withLock { if $0 == nil { $0 = number } }
                received.arrived.signal()
            }
            source.resume()
            created.append(source)
        }
        sources = created
    }

    /// Blocks until one of the signals arrives (or has arrived since ``init(_:)``) and returns it. Afterwards the
    /// signals' default actions are back, so a second Ctrl-C during a slow shutdown ends the process.
    func wait() -> Int32 {
        received.arrived.wait()
        for source in sources { source.cancel() }
        sources.removeAll()
        for number in signals { _ = signal(number, SIG_DFL) }
        return received.number.withLock { $0 } ?? SIGTERM
    }
}
