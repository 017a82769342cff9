/// The stable `code` of a problem document: every code of shared/spec/api.md's error table, plus the few the
/// HTTP layer answers with that the table does not list (documented in openapi.yaml).
///
/// Raw values are part of the public contract: never rename one.
public enum ProblemCode: String, Sendable, CaseIterable, Codable {
    // 400
    case badRequest = "bad_request"
    case nameRequired = "name_required"
    case invalidName = "invalid_name"
    // 401, 403
    case unauthorized = "unauthorized"
    case forbidden = "forbidden"
    // 404
    case notFound = "not_found"
    case namespaceNotFound = "namespace_not_found"
    case backupNotFound = "backup_not_found"
    case restoreNotFound = "restore_not_found"
    case itemNotFound = "item_not_found"
    case folderNotFound = "folder_not_found"
    case tokenNotFound = "token_not_found"
    // 405
    case methodNotAllowed = "method_not_allowed"
    // 409
    case namespaceExists = "namespace_exists"
    case backupNotReady = "backup_not_ready"
    case namespaceBusy = "namespace_busy"
    case pathConflict = "path_conflict"
    // 411, 413, 415
    case lengthRequired = "length_required"
    case payloadTooLarge = "payload_too_large"
    case unsupportedMediaType = "unsupported_media_type"
    // 422
    case archiveInvalid = "archive_invalid"
    case archiveTooNew = "archive_too_new"
    // 431
    case headersTooLarge = "headers_too_large"
    // 500, 503
    case internalError = "internal"
    case unavailable = "unavailable"

    // Not in the contract's table; answered by the HTTP layer (see openapi.yaml, "Problem codes").
    /// 408: the client sent its request too slowly.
    case requestTimeout = "request_timeout"
    /// 414: the request line is longer than the server's limit (8 KiB by default).
    case uriTooLong = "uri_too_long"
    /// 501: a transfer coding other than `chunked`.
    case notImplemented = "not_implemented"
    /// 505: an HTTP version other than 1.0 and 1.1.
    case httpVersionNotSupported = "http_version_not_supported"
    /// 416: no byte of the requested `Range` exists (archive downloads).
    case rangeNotSatisfiable = "range_not_satisfiable"

    /// The codes of the contract's error table (shared/spec/api.md), without the HTTP-only extras.
    public static var contractCodes: [ProblemCode] {
        allCases.filter {
            ![.requestTimeout, .uriTooLong, .notImplemented, .httpVersionNotSupported, .rangeNotSatisfiable].contains($0)
        }
    }
}
