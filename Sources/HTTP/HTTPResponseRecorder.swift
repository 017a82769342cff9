/// Where the bytes a response writer produces go: a connection, or a recorder in tests.
protocol ResponseOutput: AnyObject {
    func send(_ bytes: UnsafeRawBufferPointer) throws(SocketError)
}

extension ConnectionStream: ResponseOutput {}

/// Collects the raw bytes of a response written without a socket, to call handlers directly in tests:
///
/// ```swift
/// let recorder = HTTPResponseRecorder()
/// try router.respond(to: request, writer: HTTPResponseWriter(recordingInto: recorder, for: request))
/// let response = try recorder.response()
/// ```
public final class HTTPResponseRecorder: ResponseOutput {
    /// Everything written, head and body, exactly as it would go on the wire.
    public private(set) var bytes: [UInt8] = []
    private var requestMethod: HTTPMethod = .get

    public init() {}

    func send(_ bytes: UnsafeRawBufferPointer) throws(SocketError) {
        self.bytes.append(contentsOf: bytes)
    }

    func record(requestMethod: HTTPMethod) { self.requestMethod = requestMethod }

    /// Parses the recorded bytes as a client would (status, headers, de-chunked body).
    public func response() throws -> HTTPClientResponse {
        try HTTPClientResponse(parsing: bytes, requestMethod: requestMethod)
    }
}

@available(*, unavailable)
extension HTTPResponseRecorder: Sendable {}
