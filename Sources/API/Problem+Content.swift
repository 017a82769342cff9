import Domain
import Foundation
import HTTP

/// Namespace and content errors as HTTP answers (shared/spec/api.md, error table). The `detail` is the domain's
/// own sentence, which names the input and never contains SQL or server paths.
extension ContentError: ProblemConvertible {
    public var problem: Problem {
        switch self {
        case .namespaceNotFound(.id(let id)):
            return .namespaceNotFound(id)
        case .namespaceNotFound(.name):
            return .notFound(.namespaceNotFound, message)
        case .namespaceExists:
            return Problem(status: .conflict, code: .namespaceExists, detail: message)
        case .folderNotFound:
            return .notFound(.folderNotFound, message)
        case .itemNotFound:
            return .notFound(.itemNotFound, message)
        case .pathConflict:
            return Problem(status: .conflict, code: .pathConflict, detail: message)
        case .invalidName(let error):
            return error.problem
        case .invalidContentType, .invalidPermission:
            return .badRequest(message)
        case .itemTooLarge:
            return Problem(status: .contentTooLarge, code: .payloadTooLarge, detail: message)
        case .namespaceBusy:
            // The contract's code for "a restore is running there"; a write that waited too long for one (or for
            // another writer) gets the same answer, with a hint when to try again.
            return Problem(status: .conflict, code: .namespaceBusy, detail: message,
                           headers: ["Retry-After": String(Problem.retryAfterSeconds)])
        case .itemContentMismatch:
            return Problem(status: .unprocessableContent, code: .archiveInvalid, detail: message)
        }
    }
}

/// Name and path rule violations: 400 `name_required` for a blank namespace or backup name, else 400 `invalid_name`.
extension NameError: ProblemConvertible {
    public var problem: Problem {
        Problem(status: .badRequest, code: code == .nameRequired ? .nameRequired : .invalidName, detail: message)
    }
}
