import Foundation
import HTTP

/// The problems the frame itself answers with, and shorthands route handlers use.
extension Problem {
    /// 400 `bad_request`.
    public static func badRequest(_ detail: String) -> Problem {
        Problem(status: .badRequest, code: .badRequest, detail: detail)
    }

    /// 401 `unauthorized` with `WWW-Authenticate: Bearer` (RFC 6750 §3; `error="invalid_token"` when a token was
    /// sent but is unknown).
    public static func unauthorized(_ detail: String, invalidToken: Bool = false) -> Problem {
        let challenge =
            invalidToken ? "Bearer realm=\"nsbackup\", error=\"invalid_token\"" : "Bearer realm=\"nsbackup\""
        return Problem(
            status: .unauthorized,
            code: .unauthorized,
            detail: detail,
            headers: ["WWW-Authenticate": challenge]
        )
    }

    /// 403 `forbidden`: the token sees the resource but its role does not allow the operation.
    public static func forbidden(_ detail: String) -> Problem {
        Problem(status: .forbidden, code: .forbidden, detail: detail)
    }

    /// 404 with a `*_not_found` code.
    public static func notFound(_ code: ProblemCode = .notFound, _ detail: String) -> Problem {
        Problem(status: .notFound, code: code, detail: detail)
    }

    /// 404 `namespace_not_found` for `id` (as sent, so a non-UUID is echoed too).
    public static func namespaceNotFound(_ id: String) -> Problem {
        .notFound(.namespaceNotFound, "There is no namespace with id '\(id)'.")
    }

    public static func namespaceNotFound(_ id: UUID) -> Problem {
        namespaceNotFound(id.uuidString.lowercased())
    }

    /// 404 `not_found` for a path no route serves.
    public static func noRoute(method: HTTPMethod, path: String) -> Problem {
        .notFound(.notFound, "There is no resource at '\(path)'. See GET /v1/openapi.yaml for the API's routes.")
    }

    /// 405 `method_not_allowed` with the `Allow` header.
    public static func methodNotAllowed(_ method: HTTPMethod, path: String, allowed: [HTTPMethod]) -> Problem {
        let list = allowed.map(\.rawValue).joined(separator: ", ")
        return Problem(
            status: .methodNotAllowed,
            code: .methodNotAllowed,
            detail: "\(method.rawValue) is not allowed on '\(path)'; allowed: \(list).",
            headers: ["Allow": list]
        )
    }

    /// 415 `unsupported_media_type` for a JSON route given another media type.
    public static func unsupportedMediaType(_ contentType: String) -> Problem {
        Problem(
            status: .unsupportedMediaType,
            code: .unsupportedMediaType,
            detail: "This endpoint takes a JSON body (application/json), not '\(contentType)'."
        )
    }

    /// 503 `unavailable` with `Retry-After`: the database cannot be reached.
    public static func unavailable(
        _ detail: String = "The database cannot be reached right now. Try again in a few seconds."
    ) -> Problem {
        Problem(
            status: .serviceUnavailable,
            code: .unavailable,
            detail: detail,
            headers: ["Retry-After": String(retryAfterSeconds)]
        )
    }

    /// 500 `internal`: nothing about the cause, only the id that the server log has with it.
    public static func internalError(requestID: String) -> Problem {
        Problem(
            status: .internalServerError,
            code: .internalError,
            detail: "Something went wrong on our side. Quote request id \(requestID) when reporting it.",
            requestID: requestID
        )
    }
}
