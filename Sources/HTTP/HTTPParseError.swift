/// A request the server refuses because of how it was framed or sent, before or while its body is read.
///
/// Each ``Code`` fixes the status and the problem `code` the server answers with; ``message`` is the
/// problem `detail`, a sentence naming the input and the fault. Thrown by the parsers and by
/// ``HTTPRequestBody`` reads, so a handler that lets it escape gets the same answer the server would give.
public struct HTTPParseError: Error, Sendable, CustomStringConvertible {
    /// What was wrong, with the status and the contract's problem code it maps to.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// A stable name for logs and tests, e.g. `conflictingContentLength`.
        public let name: String
        /// The status the server answers with.
        public let status: HTTPStatus
        /// The problem document's `code` (shared/spec/api.md error table, plus the HTTP-only codes below).
        public let problemCode: String

        public var description: String { name }

        public static func == (lhs: Code, rhs: Code) -> Bool { lhs.name == rhs.name }
        public func hash(into hasher: inout Hasher) { hasher.combine(name) }

        private init(_ name: String, _ status: HTTPStatus, _ problemCode: String) {
            self.name = name
            self.status = status
            self.problemCode = problemCode
        }

        // 400 bad_request: the bytes are not a well-formed HTTP/1.1 request (RFC 9112).
        public static let malformedRequestLine = Code("malformedRequestLine", .badRequest, "bad_request")
        public static let invalidMethod = Code("invalidMethod", .badRequest, "bad_request")
        public static let invalidTarget = Code("invalidTarget", .badRequest, "bad_request")
        public static let invalidPathEncoding = Code("invalidPathEncoding", .badRequest, "bad_request")
        public static let invalidVersion = Code("invalidVersion", .badRequest, "bad_request")
        public static let malformedHeader = Code("malformedHeader", .badRequest, "bad_request")
        public static let obsoleteLineFolding = Code("obsoleteLineFolding", .badRequest, "bad_request")
        public static let missingHost = Code("missingHost", .badRequest, "bad_request")
        public static let duplicateHost = Code("duplicateHost", .badRequest, "bad_request")
        public static let invalidContentLength = Code("invalidContentLength", .badRequest, "bad_request")
        public static let conflictingContentLength = Code("conflictingContentLength", .badRequest, "bad_request")
        public static let contentLengthWithTransferEncoding = Code(
            "contentLengthWithTransferEncoding",
            .badRequest,
            "bad_request"
        )
        public static let invalidTransferEncoding = Code("invalidTransferEncoding", .badRequest, "bad_request")
        public static let malformedChunk = Code("malformedChunk", .badRequest, "bad_request")
        public static let incompleteBody = Code("incompleteBody", .badRequest, "bad_request")
        // 408: the client was too slow; the connection is closed.
        public static let requestTimeout = Code("requestTimeout", .requestTimeout, "request_timeout")
        // 411 / 413: the application's body policy for this request (``HTTPBodyPolicy``).
        public static let lengthRequired = Code("lengthRequired", .lengthRequired, "length_required")
        public static let payloadTooLarge = Code("payloadTooLarge", .contentTooLarge, "payload_too_large")
        // 414 / 431: the configured ``HTTPLimits``.
        public static let requestLineTooLong = Code("requestLineTooLong", .uriTooLong, "uri_too_long")
        public static let headersTooLarge = Code("headersTooLarge", .requestHeaderFieldsTooLarge, "headers_too_large")
        public static let tooManyHeaders = Code("tooManyHeaders", .requestHeaderFieldsTooLarge, "headers_too_large")
        // 501 / 505: valid HTTP this server does not implement.
        public static let unsupportedTransferCoding = Code(
            "unsupportedTransferCoding",
            .notImplemented,
            "not_implemented"
        )
        public static let unsupportedVersion = Code(
            "unsupportedVersion",
            .httpVersionNotSupported,
            "http_version_not_supported"
        )
    }

    public var code: Code
    /// A sentence for a person: which input, what fault. Never contains server internals.
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The status this error is answered with.
    public var status: HTTPStatus { code.status }

    public var description: String { "\(code.status.code) \(code.name): \(message)" }
}
