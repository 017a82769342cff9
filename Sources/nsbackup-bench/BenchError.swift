/// Why a benchmark run stopped: a sentence for the person running `scripts/bench`, with what it was doing.
struct BenchError: Error, Sendable, CustomStringConvertible {
    enum Code: String, Sendable {
        /// A child process (server, pg_dump, psql …) could not start or failed.
        case subprocess
        /// The server answered something else than the contract promises.
        case api
        /// A result did not check out (wrong counts, sizes).
        case check
        /// Bad command-line arguments or environment.
        case usage
    }

    var code: Code
    var message: String

    init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    var description: String { "\(code.rawValue): \(message)" }
}
