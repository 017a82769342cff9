import Foundation
import HTTP

extension RequestContext {
    /// The request body, to stream: `try context.body.forEachChunk { chunk in … }` or `read(into:)`.
    /// Reads stop at the route's limit with 413 (``RouteBody``).
    public var body: HTTPRequestBody { request.body }

    /// Whether the request has body bytes to read (Content-Length above 0, or chunked).
    public var hasBody: Bool {
        switch request.body.framing {
        case .noBody, .contentLength(0): false
        default: true
        }
    }

    /// Reads the whole body (at most the JSON limit) and decodes it.
    ///
    /// - Throws: 415 `unsupported_media_type` for a `Content-Type` that is not JSON (none is read as JSON;
    ///   `application/json` with `charset=utf-8` or none, and `application/*+json`, are accepted);
    ///   400 `bad_request` for an empty body or JSON that does not fit `type`, naming the field;
    ///   413 `payload_too_large` over the limit.
    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try checkJSONMediaType()
        return try JSON.decode(type, from: collectJSONBody())
    }

    /// Like ``decode(_:)``, but an absent or blank body gives nil (for optional bodies such as
    /// `PUT …/folders/{path}`).
    public func decodeIfPresent<T: Decodable>(_ type: T.Type) throws -> T? {
        guard hasBody else { return nil }
        try checkJSONMediaType()
        let bytes = try collectJSONBody()
        guard bytes.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }) else { return nil }
        return try JSON.decode(type, from: bytes)
    }

    /// The value of query parameter `name` (decoded), nil when absent.
    public func query(_ name: String) -> String? { request.query(name) }

    /// Query parameter `name` as an integer within `range`; nil when absent.
    ///
    /// - Throws: 400 `bad_request` naming the parameter when it is not an integer in `range`.
    public func queryInt(_ name: String, in range: ClosedRange<Int>) throws(Problem) -> Int? {
        guard let text = request.queryItems.first(where: { $0.name == name }).map({ $0.value ?? "" }) else {
            return nil
        }
        guard let value = Int(text), range.contains(value) else {
            throw Problem.badRequest(
                "Query parameter '\(name)' must be an integer from \(range.lowerBound) to \(range.upperBound), not '\(text)'."
            )
        }
        return value
    }

    /// Query parameter `name` as `true`/`false`; nil when absent.
    ///
    /// - Throws: 400 `bad_request` naming the parameter for any other value.
    public func queryBool(_ name: String) throws(Problem) -> Bool? {
        guard let text = request.queryItems.first(where: { $0.name == name }).map({ $0.value ?? "" }) else {
            return nil
        }
        switch text {
        case "true": return true
        case "false": return false
        default: throw Problem.badRequest("Query parameter '\(name)' must be 'true' or 'false', not '\(text)'.")
        }
    }

    private func collectJSONBody() throws -> [UInt8] {
        try request.body.collect(upTo: Int(clamping: app.configuration.limits.jsonBodyBytes))
    }

    private func checkJSONMediaType() throws(Problem) {
        guard let contentType = request.headers["Content-Type"] else { return }
        guard JSONMediaType.accepts(contentType) else { throw Problem.unsupportedMediaType(contentType) }
    }
}

/// Which `Content-Type` values a JSON route accepts.
enum JSONMediaType {
    /// `application/json` or `application/<anything>+json` (RFC 6839), case-insensitive, with no `charset` or
    /// `charset=utf-8` (JSON is UTF-8, RFC 8259 §8.1). An empty value counts as absent.
    static func accepts(_ contentType: String) -> Bool {
        let parts = contentType.split(separator: ";", omittingEmptySubsequences: false)
        let mediaType = parts[0].trimmingCharacters(in: .whitespaces).lowercased()
        if mediaType.isEmpty && parts.count == 1 { return true }
        guard
            mediaType == "application/json"
                || (mediaType.hasPrefix("application/") && mediaType.hasSuffix("+json")
                    && mediaType.count > "application/+json".count)
        else { return false }
        for parameter in parts.dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard pair.count == 2, pair[0].lowercased() == "charset" else { continue }
            let value = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")).lowercased()
            if value != "utf-8" && value != "utf8" { return false }
        }
        return true
    }
}
