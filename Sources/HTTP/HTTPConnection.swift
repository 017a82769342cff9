import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Serves the requests of one client connection, in order, on the calling thread (RFC 9112 §9.3 persistence,
/// §9.3.2 pipelining: requests are read one after another from the same buffer, so pipelined ones are simply
/// the bytes left after the previous request's body).
///
/// Every wait is bounded: ``HTTPLimits/headTimeout`` for a head once its first byte arrived (and for the
/// first request of a new connection), ``HTTPLimits/idleTimeout`` between requests, ``HTTPLimits/readTimeout``
/// per body read and ``HTTPLimits/writeTimeout`` per write.
final class HTTPConnection {
    struct Environment {
        let configuration: HTTPServerConfiguration
        let responder: any HTTPResponder
        let registry: ConnectionRegistry
    }

    private let slot: ConnectionSlot
    private let stream: ConnectionStream
    private let remoteAddress: String
    private let environment: Environment
    private var limits: HTTPLimits { environment.configuration.limits }
    private var parser: RequestHeadParser
    private var idGenerator = SplitMix64()
    private var dateCache = DateCache()

    init(slot: ConnectionSlot, remoteAddress: String, environment: Environment) {
        self.slot = slot
        self.stream = ConnectionStream(socket: slot.socket, limits: environment.configuration.limits)
        self.remoteAddress = remoteAddress
        self.environment = environment
        self.parser = RequestHeadParser(limits: environment.configuration.limits)
        slot.socket.setNoDelay()
    }

    /// Serves requests until the client leaves, a timeout passes, an error closes the connection, or the
    /// server stops; then closes the socket.
    func run() {
        defer { stream.socket.close() }
        var isFirstRequest = true
        while true {
            if stream.bufferedCount == 0 {
                guard environment.registry.mark(slot, waiting: isFirstRequest ? .new : .idle) else { return }
                let wait = isFirstRequest ? limits.headTimeout : limits.idleTimeout
                guard (try? stream.fill(deadline: .now + wait)).map({ $0 > 0 }) == true else { return }
            }
            environment.registry.markActive(slot)
            isFirstRequest = false
            let head: HTTPRequestHead
            switch readHead() {
            case .head(let parsed): head = parsed
            case .failed(let error):
                answerAndClose(error, head: nil, started: .now, time: Date())
                return
            case .closed: return
            }
            guard serve(head) else { return }
        }
    }

    private enum HeadResult {
        case head(HTTPRequestHead)
        case failed(HTTPParseError)
        case closed
    }

    private func readHead() -> HeadResult {
        parser.reset()
        let deadline = ContinuousClock.now + limits.headTimeout
        do {
            while true {
                if let (head, length) = try parser.parse(stream.buffered) {
                    stream.consume(length)
                    return .head(head)
                }
                guard try stream.fill(deadline: deadline) > 0 else { return .closed }
            }
        } catch let error as HTTPParseError {
            return .failed(error)
        } catch let error as SocketError where error.code == .timeout {
            return .failed(
                HTTPParseError(.requestTimeout, "The request head did not arrive within \(limits.headTimeout).")
            )
        } catch {
            return .closed
        }
    }

    /// Runs one exchange. Returns whether the connection may serve another request.
    private func serve(_ head: HTTPRequestHead) -> Bool {
        let started = ContinuousClock.now
        let time = Date()
        let requestID = HTTPRequestID.make(using: &idGenerator)
        let policy =
            environment.responder.bodyPolicy(for: head)
            ?? HTTPBodyPolicy(maxBytes: limits.defaultMaxBodyBytes)
        if policy.requiresLength && head.framing == .noBody {
            return answerAndClose(
                HTTPParseError(
                    .lengthRequired,
                    "\(head.method) \(HTTPRequestTarget.printable(head.path)) needs a body with Content-Length "
                        + "or chunked Transfer-Encoding."
                ),
                head: head,
                started: started,
                time: time,
                requestID: requestID,
                keepAliveIfPossible: true
            )
        }
        if let length = head.framing.contentLength, length > policy.maxBytes {
            return answerAndClose(
                HTTPParseError(
                    .payloadTooLarge,
                    "The request body of \(length) bytes is larger than the \(policy.maxBytes) bytes allowed for "
                        + "\(head.method) \(HTTPRequestTarget.printable(head.path))."
                ),
                head: head,
                started: started,
                time: time,
                requestID: requestID
            )
        }
        let registry = environment.registry
        let maxDrain = limits.maxDrainBytes
        weak var weakWriter: HTTPResponseWriter?
        let stream = self.stream
        let body = HTTPRequestBody(
            stream: stream,
            framing: head.framing,
            maxBytes: policy.maxBytes,
            sendContinue: head.expectsContinue && head.framing != .noBody && head.framing != .contentLength(0)
                ? { () throws in
                    // After a final response head, a 100 would be out of order: the client decides on its own.
                    guard weakWriter?.hasWrittenHead != true else { return }
                    try Self.continueLine.withUnsafeBytes { raw in try stream.send(raw) }
                } : nil
        )
        let writer = HTTPResponseWriter(
            output: stream,
            context: context(for: head),
            requestID: requestID,
            canKeepAlive: { !registry.isStopping && body.isDrainable(upTo: maxDrain) }
        )
        weakWriter = writer
        let request = HTTPRequest(head: head, body: body, requestID: requestID, remoteAddress: remoteAddress)
        var mustClose = false
        do {
            try environment.responder.respond(to: request, writer: writer)
            if !writer.hasWrittenHead {
                logError(requestID, "the handler for \(head.method) \(head.path) returned without writing a response")
                try? writer.respond(problem: .internalError(requestID: requestID))
            } else if !writer.isFinished {
                try writer.finish()
            }
        } catch {
            if !writer.hasWrittenHead {
                if let parseError = error as? HTTPParseError {
                    try? writer.respond(problem: HTTPProblem(parseError))
                } else {
                    logError(requestID, "\(head.method) \(head.path) failed: \(String(reflecting: error))")
                    try? writer.respond(problem: .internalError(requestID: requestID))
                }
            } else {
                // A client that went away mid-response is routine, not a server error worth a log line.
                if !(error is SocketError) {
                    logError(
                        requestID,
                        "\(head.method) \(head.path) failed after its response head: \(String(reflecting: error))"
                    )
                }
                // Send what was written, then close: the client sees a short body, never a wrong next response.
                try? writer.flush()
                mustClose = true
            }
        }
        logAccess(head: head, writer: writer, started: started, time: time)
        if mustClose || writer.isBroken || !writer.keepsConnectionOpen {
            if !body.isFinished { lingeringClose() }
            return false
        }
        return body.drain(upTo: maxDrain)
    }

    private static let continueLine = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    private func context(for head: HTTPRequestHead?) -> HTTPResponseWriter.Context {
        HTTPResponseWriter.Context(
            requestMethod: head?.method ?? .get,
            version: head?.version ?? .http1_1,
            keepAliveRequested: head?.isKeepAlive ?? false,
            serverName: environment.configuration.serverName,
            date: dateCache.current()
        )
    }

    /// Answers with the error's problem document. Closes (after draining what the client is still sending)
    /// unless `keepAliveIfPossible` and the exchange left the connection in a clean state.
    ///
    /// - Returns: whether the connection may serve another request.
    @discardableResult
    private func answerAndClose(
        _ error: HTTPParseError,
        head: HTTPRequestHead?,
        started: ContinuousClock.Instant,
        time: Date,
        requestID: String = HTTPRequestID.make(),
        keepAliveIfPossible: Bool = false
    ) -> Bool {
        let writer = HTTPResponseWriter(
            output: stream,
            context: context(for: head),
            requestID: requestID,
            canKeepAlive: { [registry = environment.registry] in keepAliveIfPossible && !registry.isStopping }
        )
        try? writer.respond(problem: HTTPProblem(error))
        logAccess(head: head, writer: writer, started: started, time: time)
        if keepAliveIfPossible && writer.keepsConnectionOpen && !writer.isBroken { return true }
        lingeringClose()
        return false
    }

    /// Half-closes, then reads and discards for a short while before closing, so a client still sending a
    /// body receives our error response instead of a TCP reset that would destroy it (RFC 9112 §9.6).
    private func lingeringClose() {
        stream.socket.shutdown(Int32(SHUT_WR))
        let deadline = ContinuousClock.now + limits.lingerTimeout
        var discarded: Int64 = 0
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
        defer { scratch.deallocate() }
        while discarded < limits.maxDrainBytes {
            stream.consume(stream.bufferedCount)
            guard let count = try? stream.read(into: scratch, deadline: deadline), count > 0 else { return }
            discarded += Int64(count)
        }
    }

    private func logAccess(
        head: HTTPRequestHead?,
        writer: HTTPResponseWriter,
        started: ContinuousClock.Instant,
        time: Date
    ) {
        environment.configuration.accessLog(
            HTTPAccessLogEntry(
                time: time,
                requestID: writer.requestID,
                method: head?.method.rawValue ?? "-",
                path: head?.path ?? "-",
                status: writer.status?.code ?? 0,
                bytesSent: writer.bodyBytesWritten,
                duration: ContinuousClock.now - started,
                remoteAddress: remoteAddress
            )
        )
    }

    private func logError(_ requestID: String, _ message: String) {
        environment.configuration.errorLog("request_id=\(requestID) error: \(message)")
    }
}
