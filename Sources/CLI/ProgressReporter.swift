/// Draws a transfer's ``ProgressBar`` on standard error while bytes move, redrawn in place (`\r`, erase to the
/// end of the line) at most ten times a second. Only made for a terminal: scripts get no progress noise.
///
/// Not thread-safe: update it from the thread that moves the bytes.
final class ProgressReporter {
    private let console: any Console
    private let total: Int64?
    private let startOffset: Int64
    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant
    private var lastDraw: ContinuousClock.Instant?
    private var completed: Int64
    private var isFinished = false

    /// A reporter when standard error is a terminal, else nil.
    ///
    /// - Parameters:
    ///   - total: the bytes the transfer will reach (a resumed download: the whole file), when known.
    ///   - startingAt: bytes already there before this run (a resumed download's partial file).
    init?(console: any Console, total: Int64?, startingAt: Int64 = 0) {
        guard console.isErrorTerminal else { return nil }
        self.console = console
        self.total = total
        self.startOffset = startingAt
        self.completed = startingAt
        self.start = clock.now
    }

    /// Records that `completed` bytes are done and redraws when the last drawing is 100 ms old.
    func update(_ completed: Int64) {
        self.completed = completed
        let now = clock.now
        if let lastDraw, now - lastDraw < .milliseconds(100) { return }
        lastDraw = now
        draw(now)
    }

    /// Draws the final state and ends the line.
    func finish() {
        guard !isFinished else { return }
        isFinished = true
        draw(clock.now)
        console.writeError("\n")
    }

    private func draw(_ now: ContinuousClock.Instant) {
        let elapsed = now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let rate = seconds >= 0.3 ? Double(completed - startOffset) / seconds : nil
        let line = ProgressBar.render(
            completed: completed,
            total: total,
            bytesPerSecond: rate,
            width: console.errorTerminalWidth
        )
        console.writeError("\r" + line + "\u{1B}[K")
    }

    deinit {
        // A transfer that failed half-way leaves its last line; end it so the error starts on a fresh line.
        if !isFinished, lastDraw != nil { console.writeError("\n") }
    }
}
