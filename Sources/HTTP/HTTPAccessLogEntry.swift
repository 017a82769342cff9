import Foundation

/// What the server records about one finished request.
public struct HTTPAccessLogEntry: Sendable {
    /// When the request head was complete.
    public var time: Date
    public var requestID: String
    /// The method as sent, or "-" when the request line could not be parsed.
    public var method: String
    /// The raw path (no query), or "-" when the request line could not be parsed.
    public var path: String
    public var status: Int
    /// Response body bytes sent (head not counted).
    public var bytesSent: Int64
    /// From the complete head to the last response byte.
    public var duration: Duration
    /// `address:port` of the client.
    public var remoteAddress: String

    public init(
        time: Date,
        requestID: String,
        method: String,
        path: String,
        status: Int,
        bytesSent: Int64,
        duration: Duration,
        remoteAddress: String
    ) {
        self.time = time
        self.requestID = requestID
        self.method = method
        self.path = path
        self.status = status
        self.bytesSent = bytesSent
        self.duration = duration
        self.remoteAddress = remoteAddress
    }

    /// One `key=value` line: `time=2021-03-11T15:47:11.123Z request_id=… method=GET path=/healthz status=200
    /// bytes=57 duration_ms=0.412 remote=127.0.0.1:53012`. The path is quoted when it holds spaces or quotes.
    public var line: String {
        let millis = Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
        let quotedPath =
            path.contains(where: { $0 == " " || $0 == "\"" || $0 == "=" })
            ? "\"" + path.replacingOccurrences(of: "\"", with: "\\\"") + "\"" : path
        return "time=\(HTTPDate.rfc3339(time)) request_id=\(requestID) method=\(method) path=\(quotedPath) "
            + "status=\(status) bytes=\(bytesSent) duration_ms=\(String(format: "%.3f", millis)) "
            + "remote=\(remoteAddress)"
    }
}
