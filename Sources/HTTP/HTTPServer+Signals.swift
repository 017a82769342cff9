import Dispatch
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Waiting for termination signals through Dispatch signal sources (no async-signal-unsafe work in a
/// C signal handler).
public enum TerminationSignals {
    /// Blocks the calling thread until one of `signals` arrives and returns it.
    ///
    /// The signals' default actions are suspended while waiting (a Dispatch source needs `SIG_IGN`, or the
    /// default action would still kill the process) and restored afterwards, so a second Ctrl-C during a
    /// slow shutdown ends the process the usual way (unless `restoringDefaultActions` is false).
    public static func wait(for signals: [Int32] = [SIGTERM, SIGINT], restoringDefaultActions: Bool = true) -> Int32 {
        let received = Mutex<Int32?>(nil)
        let arrived = DispatchSemaphore(value: 0)
        let queue = DispatchQueue(label: "nsbackup.signals")
        var sources: [any DispatchSourceSignal] = []
        for number in signals {
            _ = signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler {
                received.withLock { if $0 == nil { $0 = number } }
                arrived.signal()
            }
            source.resume()
            sources.append(source)
        }
        arrived.wait()
        for source in sources { source.cancel() }
        if restoringDefaultActions {
            for number in signals { _ = signal(number, SIG_DFL) }
        }
        return received.withLock { $0 } ?? signals.first ?? SIGTERM
    }
}

extension HTTPServer {
    /// Blocks until SIGTERM or SIGINT (or any of `signals`), then shuts down gracefully within `grace` and
    /// returns the signal, so `main` can simply return and the process exits 0.
    @discardableResult
    public func runUntilSignalled(grace: Duration = .seconds(10), signals: [Int32] = [SIGTERM, SIGINT]) -> Int32 {
        let number = TerminationSignals.wait(for: signals)
        shutdown(grace: grace)
        return number
    }
}
