import Synchronization

@testable import CLI

/// A console that records what a command writes and answers prompts from a script of lines.
final class CapturedConsole: Console {
    private struct State {
        var output = ""
        var error = ""
        var input: [String] = []
    }

    private let state = Mutex(State())
    let isInputTerminal: Bool
    let isErrorTerminal: Bool
    let errorTerminalWidth = 100

    init(inputTerminal: Bool = false, errorTerminal: Bool = false, input: [String] = []) {
        isInputTerminal = inputTerminal
        isErrorTerminal = errorTerminal
        state.withLock { $0.input = input }
    }

    var output: String { state.withLock { $0.output } }
    var error: String { state.withLock { $0.error } }

    func write(_ text: String) {
        state.withLock { $0.output += text }
    }

    func writeError(_ text: String) {
        state.withLock { $0.error += text }
    }

    func readLine() -> String? {
        state.withLock { $0.input.isEmpty ? nil : $0.input.removeFirst() }
    }
}

/// The result of running the client in-process.
struct ClientRun {
    var status: Int32
    var output: String
    var error: String
}

/// Runs the client in-process with a recording console.
func runClient(
    _ arguments: [String],
    environment: [String: String] = [:],
    console: CapturedConsole = CapturedConsole()
) -> ClientRun {
    let status = ClientCommands.run(arguments, environment: environment, console: console)
    return ClientRun(status: status, output: console.output, error: console.error)
}
