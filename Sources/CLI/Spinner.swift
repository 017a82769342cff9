import Dispatch
import Foundation
import Synchronization

/// An animated `⠋ Creating backup "X"… 0:07` line on standard error while the command waits for a job, drawn
/// by a thread of its own so it keeps turning while the command's thread is blocked in a request.
/// Only started on a terminal.
final class Spinner: Sendable {
    private static let frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]
    private let console: any Console
    private let message: Mutex<String>
    private let stopped = Mutex(false)
    private let finished = DispatchSemaphore(value: 0)

    /// Starts a spinner when standard error is a terminal; nil otherwise.
    static func start(_ message: String, console: any Console) -> Spinner? {
        guard console.isErrorTerminal else { return nil }
        let spinner = Spinner(message: message, console: console)
        let thread = Thread { spinner.run() }
        thread.name = "spinner"
        thread.start()
        return spinner
    }

    private init(message: String, console: any Console) {
        self.console = console
        self.message = Mutex(message)
    }

    /// Changes the text next to the spinner (e.g. when a job moves to another phase).
    func update(_ text: String) {
        message.withLock { $0 = text }
    }

    /// Stops the animation and erases its line; returns once the thread stopped drawing.
    func stop() {
        let wasStopped = stopped.withLock { value in
            defer { value = true }
            return value
        }
        guard !wasStopped else { return }
        finished.wait()
        console.writeError("\r\u{1B}[K")
    }

    private func run() {
        let clock = ContinuousClock()
        let start = clock.now
        var frame = 0
        while !stopped.withLock({ $0 }) {
            let elapsed = (clock.now - start).components.seconds
            let text = message.withLock { $0 }
            let line =
                "\(Self.frames[frame % Self.frames.count]) \(text) \(ByteFormat.duration(seconds: Double(elapsed)))"
            console.writeError("\r" + line + "\u{1B}[K")
            frame += 1
            Thread.sleep(forTimeInterval: 0.1)
        }
        finished.signal()
    }
}
