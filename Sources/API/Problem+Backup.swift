import Domain
import HTTP

extension BackupError: ProblemConvertible {
    /// The contract's answer for each case (shared/spec/api.md, error codes); ``BackupError/message`` is the detail.
    public var problem: Problem {
        switch self {
        case .backupNotFound, .cancelled: Problem(status: .notFound, code: .backupNotFound, detail: message)
        case .restoreNotFound: Problem(status: .notFound, code: .restoreNotFound, detail: message)
        case .namespaceNotFound: Problem(status: .notFound, code: .namespaceNotFound, detail: message)
        case .notReady: Problem(status: .conflict, code: .backupNotReady, detail: message)
        case .namespaceBusy: Problem(status: .conflict, code: .namespaceBusy, detail: message)
        case .archiveInvalid: Problem(status: .unprocessableContent, code: .archiveInvalid, detail: message)
        case .archiveTooNew: Problem(status: .unprocessableContent, code: .archiveTooNew, detail: message)
        case .nameRequired: Problem(status: .badRequest, code: .nameRequired, detail: message)
        case .invalidName: Problem(status: .badRequest, code: .invalidName, detail: message)
        case .payloadTooLarge: Problem(status: .contentTooLarge, code: .payloadTooLarge, detail: message)
        case .tooManyJobs, .uploadStorage: .unavailable(message)
        }
    }
}
