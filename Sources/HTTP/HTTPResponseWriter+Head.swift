import Foundation

extension HTTPResponseWriter {
    /// Framing and connection fields the server owns; a handler's values for them are dropped.
    private static let serverOwnedFields: Set<String> = [
        "content-length", "transfer-encoding", "connection", "keep-alive",
    ]

    /// Serialises the status line and fields into the pending buffer (sent with the first body bytes, or at
    /// ``finish(trailers:)``, so a small response leaves in one packet).
    func appendHead(status: HTTPStatus, headers: HTTPHeaders) {
        var head = "HTTP/1.1 \(status.code) \(status.reasonPhrase)\r\n"
        for field in headers where !Self.serverOwnedFields.contains(field.name.lowercased()) {
            head += "\(field.name): \(field.value)\r\n"
        }
        if !headers.contains("Date") { head += "Date: \(context.date)\r\n" }
        if let serverName = context.serverName { head += "Server: \(serverName)\r\n" }
        if !headers.contains("X-Request-Id") { head += "X-Request-Id: \(requestID)\r\n" }
        switch framing {
        case .length(let length): head += "Content-Length: \(length)\r\n"
        case .chunked: head += "Transfer-Encoding: chunked\r\n"
        case .none, .untilClose: break
        }
        if !keepsConnectionOpen {
            head += "Connection: close\r\n"
        } else if context.version == .http1_0 {
            head += "Connection: keep-alive\r\n"
        }
        head += "\r\n"
        pending.append(contentsOf: head.utf8)
    }

    /// Refuses field names that are not tokens and values with CR, LF, NUL or other controls (response
    /// splitting, RFC 9110 §5.5).
    static func validate(_ headers: HTTPHeaders) throws(HTTPResponseError) {
        for field in headers {
            guard !field.name.isEmpty, field.name.utf8.allSatisfy(FieldLineParser.isTokenByte) else {
                throw HTTPResponseError(.invalidHeader, "'\(field.name)' is not a valid header field name.")
            }
            guard field.value.utf8.allSatisfy(FieldLineParser.isFieldValueByte) else {
                throw HTTPResponseError(
                    .invalidHeader,
                    "The value of header '\(field.name)' contains a control character."
                )
            }
        }
    }
}

/// The `Date` field value, formatted at most once per second. One per connection thread, not shared: a
/// process-wide cache behind a mutex was the hottest spot under load.
struct DateCache {
    private var second = -1
    private var text = ""

    mutating func current() -> String {
        let now = Date()
        let second = Int(now.timeIntervalSince1970)
        if second != self.second {
            self.second = second
            text = HTTPDate.imfFixdate(now)
        }
        return text
    }
}
