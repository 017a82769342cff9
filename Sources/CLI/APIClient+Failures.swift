import Foundation
import HTTP

#if canImport(Glibc)
    import Glibc
#endif

extension APIClient {
    /// The failure for a non-2xx answer: the problem's `detail` and `code` when the body is a problem document,
    /// else a sentence with the status.
    static func failure(status: HTTPStatus, body: [UInt8]) -> CommandFailure {
        if let problem = try? JSONDecoder().decode(ProblemDocument.self, from: Data(body)), let detail = problem.detail
        {
            var message = detail
            if let requestId = problem.requestId, !detail.contains(requestId) {
                message += " (request id \(requestId))"
            }
            return CommandFailure(message, code: problem.code, status: status.code)
        }
        let text = String(decoding: body.prefix(300), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let suffix = text.isEmpty ? "." : ": \(text)"
        return CommandFailure("The server answered \(status)\(suffix)", status: status.code)
    }

    /// A sentence for a transport failure, naming the server's URL and what to check.
    func failure(for error: any Error) -> CommandFailure {
        switch error {
        case let failure as CommandFailure:
            return failure
        case let error as SocketError:
            if error.errno == ECONNREFUSED {
                return CommandFailure(
                    "Could not connect to the nsbackup server at \(url): connection refused. Is the server running? "
                        + "Check --url or NSBACKUP_URL.",
                    code: "connection_refused"
                )
            }
            switch error.code {
            case .resolve:
                return CommandFailure(
                    "Could not find the host of \(url): \(error.message) Check --url or NSBACKUP_URL.",
                    code: "unknown_host"
                )
            case .timeout:
                return CommandFailure(
                    "The nsbackup server at \(url) did not answer in time (\(error.message)).",
                    code: "timeout"
                )
            case .connectionClosed:
                return CommandFailure(
                    "The nsbackup server at \(url) closed the connection before answering completely.",
                    code: "connection_closed"
                )
            default:
                return CommandFailure(
                    "Could not talk to the nsbackup server at \(url): \(error.message)",
                    code: "transport"
                )
            }
        case let error as HTTPClientError:
            return CommandFailure(
                "The nsbackup server at \(url) sent an answer the client cannot use: \(error.message)",
                code: "invalid_response"
            )
        default:
            return CommandFailure("Request to \(url) failed: \(error)", code: "transport")
        }
    }
}
