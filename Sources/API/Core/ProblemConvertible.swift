/// An error that knows its HTTP answer.
///
/// Domain errors (`NamespaceError`, `BackupError`, …) live in the Domain module, which knows nothing of HTTP. The
/// API module makes them convertible in one extension per error type, in `Sources/API/Problem+<Domain>.swift`:
///
/// ```swift
/// extension NamespaceError: ProblemConvertible {
///     public var problem: Problem {
///         switch self {
///         case .alreadyExists(let name):
///             Problem(status: .conflict, code: .namespaceExists,
///                     detail: "A namespace named '\(name)' already exists. Choose another name.")
///         …
///         }
///     }
/// }
/// ```
///
/// ``Problem/init(_:requestID:)`` picks the conversion up: nothing else needs registering.
public protocol ProblemConvertible: Error {
    /// The answer for this error. A 500 here is allowed but rare: say what happened, nothing internal.
    var problem: Problem { get }
}
