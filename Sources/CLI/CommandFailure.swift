/// A command that could not do its work: the server refused (its problem `detail` and `code`), the
/// transport failed, a file could not be written, a person said no. Exit status 1.
struct CommandFailure: Error, Sendable, CustomStringConvertible {
    /// A sentence a person can act on, naming the input.
    var message: String
    /// The problem's stable `code` when the server sent one (`backup_not_found`), else a local one
    /// (`connection_refused`, `not_confirmed`, …).
    var code: String?
    /// The HTTP status when the failure is the server's answer.
    var status: Int?

    init(_ message: String, code: String? = nil, status: Int? = nil) {
        self.message = message
        self.code = code
        self.status = status
    }

    /// `message (code)`: what goes after `Error: ` on standard error.
    var description: String {
        guard let code else { return message }
        return "\(message) (\(code))"
    }
}
