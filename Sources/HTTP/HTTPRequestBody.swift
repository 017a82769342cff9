/// The body of one request, read incrementally: nothing is buffered beyond the caller's own buffer and the
/// connection's small read-ahead, so a multi-GiB upload streams through in constant memory.
///
/// Reads stop at the body's end (Content-Length or the last chunk) and never touch the next pipelined request.
/// The first read sends `100 Continue` when the client asked for it (RFC 9110 §10.1.1), so a handler that
/// refuses a request without reading its body spares the client the upload. Not thread-safe: use it on the
/// handler's thread.
public final class HTTPRequestBody {
    private enum Source {
        case connection(ConnectionStream)
        case memory([UInt8], offset: Int)
    }

    /// How the body is framed on the wire.
    public let framing: HTTPBodyFraming
    /// The most bytes this body may have (the request's ``HTTPBodyPolicy``); more → 413.
    public let maxBytes: Int64
    /// Body bytes handed out so far.
    public private(set) var bytesRead: Int64 = 0
    /// Whether the end of the body was reached.
    public private(set) var isFinished = false
    /// Trailer fields of a chunked body, available once ``isFinished``.
    public private(set) var trailers = HTTPHeaders()

    private var source: Source
    private var remaining: Int64
    private var decoder: ChunkedDecoder
    private var sendContinue: (() throws -> Void)?
    private var failure: (any Error)?
    private let readTimeout: Duration

    init(
        stream: ConnectionStream,
        framing: HTTPBodyFraming,
        maxBytes: Int64,
        sendContinue: (() throws -> Void)?
    ) {
        self.source = .connection(stream)
        self.framing = framing
        self.maxBytes = maxBytes
        self.remaining = framing.contentLength ?? 0
        self.decoder = ChunkedDecoder(limits: stream.limits)
        self.sendContinue = sendContinue
        self.readTimeout = stream.limits.readTimeout
        self.isFinished = framing == .noBody || framing == .contentLength(0)
    }

    /// A body held in memory, for calling handlers without a socket (router tests).
    public init(bytes: [UInt8], maxBytes: Int64 = .max) {
        self.source = .memory(bytes, offset: 0)
        self.framing = bytes.isEmpty ? .noBody : .contentLength(Int64(bytes.count))
        self.maxBytes = maxBytes
        self.remaining = Int64(bytes.count)
        self.decoder = ChunkedDecoder()
        self.sendContinue = nil
        self.readTimeout = .seconds(1)
        self.isFinished = bytes.isEmpty
    }

    /// The declared length (Content-Length), nil for chunked bodies.
    public var expectedLength: Int64? { framing == .chunked ? nil : (framing.contentLength ?? 0) }

    /// Whether the client waits for `100 Continue` that has not been sent yet.
    var isAwaitingContinue: Bool { sendContinue != nil }

    /// Reads the next body bytes into `buffer`.
    ///
    /// - Returns: the number of bytes written to `buffer`, at least 1; 0 only at the end of the body.
    /// - Throws: ``HTTPParseError`` — `payloadTooLarge` (413) past ``maxBytes``, `malformedChunk` (400),
    ///   `incompleteBody` when the client disconnects early, `requestTimeout` (408) after
    ///   ``HTTPLimits/readTimeout`` without a byte. After a failure every later read throws the same error.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if let failure { throw failure }
        guard !isFinished, buffer.count > 0 else { return 0 }
        do {
            if let sendContinue {
                self.sendContinue = nil
                try sendContinue()
            }
            let count = try readSome(into: buffer)
            bytesRead += Int64(count)
            return count
        } catch let error as SocketError {
            let mapped =
                error.code == .timeout
                ? HTTPParseError(
                    .requestTimeout,
                    "No body bytes arrived for \(readTimeout); the request was abandoned."
                )
                : HTTPParseError(.incompleteBody, "The connection closed before the request body was complete.")
            failure = mapped
            throw mapped
        } catch {
            failure = error
            throw error
        }
    }

    /// Reads up to `max` bytes.
    ///
    /// - Returns: the bytes (1...max of them), or nil at the end of the body.
    public func read(max: Int = 64 * 1024) throws -> [UInt8]? {
        var count = 0
        let bytes = try [UInt8](unsafeUninitializedCapacity: Swift.max(1, max)) { buffer, initialized in
            count = try read(into: UnsafeMutableRawBufferPointer(buffer))
            initialized = count
        }
        return count == 0 ? nil : bytes
    }

    /// Reads the whole body into memory; for small bodies such as JSON.
    ///
    /// - Parameter limit: the most bytes to accept (in addition to ``maxBytes``).
    /// - Throws: ``HTTPParseError`` `payloadTooLarge` when the body is longer than `limit`, or any read error.
    public func collect(upTo limit: Int) throws -> [UInt8] {
        if let expected = expectedLength, expected > Int64(limit) { throw tooLarge(Int64(limit)) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(min(expectedLength ?? 0, Int64(limit))))
        while let chunk = try read(max: 64 * 1024) {
            guard bytes.count + chunk.count <= limit else { throw tooLarge(Int64(limit)) }
            bytes.append(contentsOf: chunk)
        }
        return bytes
    }

    /// Calls `body` with successive pieces of the body (each valid only during the call), through one reused
    /// buffer of `chunkSize` bytes; the streaming way to copy an upload into a file or a large object.
    public func forEachChunk(chunkSize: Int = 256 * 1024, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, chunkSize), alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = try read(into: buffer)
            if count == 0 { return }
            try body(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
        }
    }

    /// Whether the unread rest of the body can probably be read and discarded within `limit` bytes, so the
    /// connection can serve another request: finished; a Content-Length rest within the limit; or a chunked
    /// rest (optimistic: if draining it fails the connection is closed after the response, RFC 9112 §9.6).
    /// Never while the client still waits for `100 Continue`: it may not send the body at all.
    func isDrainable(upTo limit: Int64) -> Bool {
        if isFinished { return true }
        guard failure == nil, !isAwaitingContinue else { return false }
        guard let expected = expectedLength else { return true }
        return expected - bytesRead <= limit
    }

    /// Reads and discards the rest of the body, if it is at most `limit` bytes.
    ///
    /// - Returns: true when the body's end was reached, false when it was longer or failed (close the connection).
    func drain(upTo limit: Int64) -> Bool {
        if isFinished { return true }
        if failure != nil || isAwaitingContinue { return false }
        if let expected = expectedLength, expected - bytesRead > limit { return false }
        let start = bytesRead
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
        defer { scratch.deallocate() }
        while !isFinished {
            guard bytesRead - start <= limit, (try? read(into: scratch)) != nil else { return false }
        }
        return true
    }

    private func readSome(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        switch source {
        case .memory(let bytes, let offset):
            let count = min(buffer.count, bytes.count - offset)
            bytes.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + offset, byteCount: count) }
            source = .memory(bytes, offset: offset + count)
            if offset + count == bytes.count { isFinished = true }
            return count
        case .connection(let stream):
            return framing == .chunked ? try readChunked(stream, into: buffer) : try readLength(stream, into: buffer)
        }
    }

    private func readLength(_ stream: ConnectionStream, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let limit = Int(min(Int64(buffer.count), remaining))
        let count = try stream.read(
            into: UnsafeMutableRawBufferPointer(rebasing: buffer[..<limit]),
            deadline: .now + readTimeout
        )
        guard count > 0 else {
            throw HTTPParseError(
                .incompleteBody,
                "The connection closed after \(bytesRead) of \(framing.contentLength ?? 0) body bytes."
            )
        }
        remaining -= Int64(count)
        if remaining == 0 { isFinished = true }
        return count
    }

    private func readChunked(_ stream: ConnectionStream, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            let input = stream.buffered
            let (step, consumed) = try decoder.next(input, maxData: buffer.count)
            switch step {
            case .data(let range):
                guard bytesRead + Int64(range.count) <= maxBytes else { throw tooLarge(maxBytes) }
                buffer.baseAddress!.copyMemory(from: input.baseAddress! + range.lowerBound, byteCount: range.count)
                stream.consume(consumed)
                return range.count
            case .needMore:
                stream.consume(consumed)
                guard try stream.fill(deadline: .now + readTimeout) > 0 else {
                    throw HTTPParseError(.incompleteBody, "The connection closed inside the chunked request body.")
                }
            case .end(let fields):
                stream.consume(consumed)
                trailers = fields
                isFinished = true
                return 0
            }
        }
    }

    private func tooLarge(_ limit: Int64) -> HTTPParseError {
        HTTPParseError(.payloadTooLarge, "The request body is larger than the \(limit) bytes allowed here.")
    }
}

extension HTTPBodyFraming {
    /// The Content-Length, or nil for other framings.
    var contentLength: Int64? {
        if case .contentLength(let length) = self { return length }
        return nil
    }
}
