import Foundation

/// Waiting for a job (a backup being created, a restore running) by polling its resource: quickly at first,
/// then every 2 seconds, bounded by a deadline so the client never waits forever (the contract ends a job whose
/// instance died as `failed` within 30 seconds, so a live server always gets there).
enum JobPolling {
    /// The longest a command waits for a job before giving up (the job itself goes on).
    static let maximumWait: Duration = .seconds(24 * 3600)

    /// Seconds to sleep before poll number `attempt` (0-based): 0.25, 0.5, 1, then 2.
    static func interval(attempt: Int) -> Double {
        switch attempt {
        case 0: return 0.25
        case 1: return 0.5
        case 2: return 1
        default: return 2
        }
    }

    /// Calls `fetch` until it returns a value, sleeping between calls.
    ///
    /// - Parameters:
    ///   - what: the job, for the timeout sentence (`backup "X"`).
    ///   - fetch: reads the job's resource; returns nil while it is still running.
    /// - Throws: what `fetch` throws, or ``CommandFailure`` `wait_timeout` after ``maximumWait``.
    static func wait<T>(for what: String, maximumWait: Duration = maximumWait, _ fetch: () throws -> T?) throws -> T {
        let clock = ContinuousClock()
        let deadline = clock.now + maximumWait
        var attempt = 0
        while clock.now < deadline {
            Thread.sleep(forTimeInterval: interval(attempt: attempt))
            attempt += 1
            if let result = try fetch() { return result }
        }
        throw CommandFailure(
            "Stopped waiting for \(what) after \(maximumWait); it is still running on the server.",
            code: "wait_timeout"
        )
    }
}
