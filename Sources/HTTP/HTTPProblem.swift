/// An RFC 9457 problem document as the contract shapes it (shared/spec/api.md "Conventions"):
/// `{"type":"about:blank","title":<reason phrase>,"status":N,"code":…,"detail":…}` plus `requestId` on 500s.
///
/// The server uses it for the errors it answers itself (400/408/411/413/414/431/500/501/503/505); the API
/// module has its own `Problem` for application errors and may use ``HTTPParseError`` fields to build one.
public struct HTTPProblem: Sendable, Equatable {
    public static let mediaType = "application/problem+json"

    public var status: HTTPStatus
    public var code: String
    public var detail: String
    public var requestID: String?

    public init(status: HTTPStatus, code: String, detail: String, requestID: String? = nil) {
        self.status = status
        self.code = code
        self.detail = detail
        self.requestID = requestID
    }

    /// The problem for a framing or limit error.
    public init(_ error: HTTPParseError) {
        self.init(status: error.status, code: error.code.problemCode, detail: error.message)
    }

    /// The generic answer when a handler failed before writing anything: nothing internal, only the id
    /// that the error log line also carries.
    public static func internalError(requestID: String) -> HTTPProblem {
        HTTPProblem(
            status: .internalServerError,
            code: "internal",
            detail: "Something went wrong on our side. Quote request id \(requestID) when reporting it.",
            requestID: requestID
        )
    }

    /// The JSON body, keys in the contract's order.
    public var json: [UInt8] {
        var text = "{\"type\":\"about:blank\",\"title\":\(Self.quote(status.reasonPhrase)),\"status\":\(status.code),"
        text += "\"code\":\(Self.quote(code)),\"detail\":\(Self.quote(detail))"
        if let requestID { text += ",\"requestId\":\(Self.quote(requestID))" }
        text += "}"
        return Array(text.utf8)
    }

    /// A JSON string literal (RFC 8259 §7): quotes, backslashes and control characters escaped.
    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
