import Foundation

/// Writes one response: a status and header fields, then a body sent whole, streamed with a known length, or
/// chunked. The server adds `Date`, `X-Request-Id`, framing (`Content-Length` / `Transfer-Encoding`) and
/// `Connection`; a handler's own values for those framing fields are replaced.
///
/// Small writes are gathered into one buffer of up to 64 KiB; ``flush()`` sends what is pending.
/// For a `HEAD` request the body is counted but never sent. Not thread-safe: use it on the handler's thread.
public final class HTTPResponseWriter {
    enum Framing {
        case none
        case length(Int64)
        case chunked
        /// HTTP/1.0 clients get a streamed body of unknown length delimited by closing the connection.
        case untilClose
    }

    struct Context {
        var requestMethod: HTTPMethod
        var version: HTTPVersion
        var keepAliveRequested: Bool
        var serverName: String?
        /// The `Date` field value (IMF-fixdate).
        var date: String
    }

    /// The id of the request this answers (also sent as `X-Request-Id`).
    public let requestID: String
    /// The status sent, once the head is written.
    public private(set) var status: HTTPStatus?
    /// Body bytes sent (or, for `HEAD`, that would have been sent).
    public private(set) var bodyBytesWritten: Int64 = 0
    /// Whether ``finish(trailers:)`` completed the response.
    public private(set) var isFinished = false

    /// Whether the connection stays open after this response; decided when the head is written.
    private(set) var keepsConnectionOpen = false
    /// Whether the response is unusable (a failed send, a short body): the connection must close.
    private(set) var isBroken = false

    private let output: any ResponseOutput
    let context: Context
    private let canKeepAlive: () -> Bool
    private(set) var framing = Framing.none
    private var suppressesBody = false
    var pending: [UInt8] = []
    private static let pendingLimit = 64 * 1024

    init(output: any ResponseOutput, context: Context, requestID: String, canKeepAlive: @escaping () -> Bool) {
        self.output = output
        self.context = context
        self.requestID = requestID
        self.canKeepAlive = canKeepAlive
    }

    /// A writer whose bytes go to `recorder`, answering `request` (for tests that call handlers directly).
    public convenience init(recordingInto recorder: HTTPResponseRecorder, for request: HTTPRequest) {
        recorder.record(requestMethod: request.method)
        self.init(
            output: recorder,
            context: Context(
                requestMethod: request.method,
                version: request.head.version,
                keepAliveRequested: request.head.isKeepAlive,
                serverName: nil,
                date: HTTPDate.imfFixdate(Date())
            ),
            requestID: request.requestID,
            canKeepAlive: { true }
        )
    }

    /// Whether the head has been written.
    public var hasWrittenHead: Bool { status != nil }

    /// Writes the status line and header fields of a streamed response.
    ///
    /// - Parameters:
    ///   - contentLength: the exact number of body bytes that will follow, or nil for a chunked body
    ///     (a close-delimited one for HTTP/1.0 clients).
    /// - Throws: ``HTTPResponseError`` for a second head, a status outside 200...599 or a header with CR/LF/NUL
    ///   or an invalid name; ``SocketError`` when the client is gone.
    public func writeHead(status: HTTPStatus, headers: HTTPHeaders = HTTPHeaders(), contentLength: Int64?) throws {
        guard self.status == nil else {
            throw HTTPResponseError(.headAlreadyWritten, "The response head was already written.")
        }
        guard (200...599).contains(status.code) else {
            throw HTTPResponseError(.invalidStatus, "Status \(status.code) cannot be a final response status.")
        }
        try Self.validate(headers)
        keepsConnectionOpen =
            context.keepAliveRequested && !headers.listContains("Connection", token: "close") && canKeepAlive()
        if status.forbidsBody {
            framing = .none
        } else if let contentLength {
            framing = .length(contentLength)
        } else if context.version == .http1_0 {
            framing = .untilClose
            keepsConnectionOpen = false
        } else {
            framing = .chunked
        }
        suppressesBody = context.requestMethod == .head || status.forbidsBody
        self.status = status
        appendHead(status: status, headers: headers)
    }

    /// Sends body bytes of a streamed response (buffered up to 64 KiB).
    ///
    /// - Throws: ``HTTPResponseError`` `contentLengthMismatch` past the declared length, `headNotWritten`,
    ///   `bodyNotAllowed` (204/304); ``SocketError`` when the client is gone or stalls past the write timeout.
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard let status else { throw HTTPResponseError(.headNotWritten, "Write the head before the body.") }
        guard !isFinished else { throw HTTPResponseError(.alreadyFinished, "The response was already finished.") }
        guard !bytes.isEmpty else { return }
        if status.forbidsBody {
            throw HTTPResponseError(.bodyNotAllowed, "A \(status.code) response cannot have a body.")
        }
        if case .length(let length) = framing, bodyBytesWritten + Int64(bytes.count) > length {
            isBroken = true
            throw HTTPResponseError(
                .contentLengthMismatch,
                "The body is longer than the declared Content-Length of \(length) bytes."
            )
        }
        bodyBytesWritten += Int64(bytes.count)
        if suppressesBody { return }
        if case .chunked = framing {
            pending.append(contentsOf: Array(String(bytes.count, radix: 16).utf8) + [0x0D, 0x0A])
            try append(bytes)
            pending.append(contentsOf: [0x0D, 0x0A])
        } else {
            try append(bytes)
        }
    }

    public func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    public func write(_ data: Data) throws {
        try data.withUnsafeBytes { try write($0) }
    }

    /// Sends whatever is buffered now (e.g. before a slow step of a streamed download).
    public func flush() throws {
        guard !pending.isEmpty else { return }
        defer { pending.removeAll(keepingCapacity: true) }
        do {
            try pending.withUnsafeBytes { raw in try output.send(raw) }
        } catch {
            isBroken = true
            throw error
        }
    }

    /// Ends the response: checks the body against its Content-Length, writes the last chunk and any trailers,
    /// and sends everything pending. The server calls it for a handler that returns without it.
    ///
    /// - Throws: ``HTTPResponseError`` `contentLengthMismatch` when fewer bytes than declared were written (the
    ///   connection is then closed so the client sees a short body, never a wrong next response).
    public func finish(trailers: HTTPHeaders = HTTPHeaders()) throws {
        guard status != nil else { throw HTTPResponseError(.headNotWritten, "Write the head before finishing.") }
        guard !isFinished else { return }
        isFinished = true
        switch framing {
        case .length(let length) where !suppressesBody && bodyBytesWritten != length:
            isBroken = true
            try? flush()
            throw HTTPResponseError(
                .contentLengthMismatch,
                "The body has \(bodyBytesWritten) bytes but Content-Length said \(length)."
            )
        case .chunked where !suppressesBody:
            try Self.validate(trailers)
            var tail = "0\r\n"
            for field in trailers { tail += "\(field.name): \(field.value)\r\n" }
            pending.append(contentsOf: Array((tail + "\r\n").utf8))
        default:
            break
        }
        try flush()
    }

    private func append(_ bytes: UnsafeRawBufferPointer) throws {
        if pending.count + bytes.count <= Self.pendingLimit {
            pending.append(contentsOf: bytes)
            return
        }
        try flush()
        if bytes.count >= Self.pendingLimit {
            do {
                try output.send(bytes)
            } catch {
                isBroken = true
                throw error
            }
        } else {
            pending.append(contentsOf: bytes)
        }
    }
}

@available(*, unavailable)
extension HTTPResponseWriter: Sendable {}
