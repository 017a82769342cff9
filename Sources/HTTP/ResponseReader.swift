/// Reads responses for the client: status line, fields and body framing (RFC 9112 §4, §6.3).
enum ResponseReader {
    enum Framing: Equatable {
        case none
        case length(Int64)
        case chunked
        case untilClose
    }

    private static let limits: HTTPLimits = {
        var limits = HTTPLimits()
        limits.maxHeaderBytes = 256 * 1024
        limits.maxHeaderCount = 1000
        return limits
    }()

    /// Reads one response head (an interim 1xx one included).
    static func readHead(from input: any BufferedInput, deadline: ContinuousClock.Instant) throws
        -> HTTPClientResponseHead
    {
        var scanner = HeadScanner(
            startLineLimit: limits.maxRequestLineBytes,
            fieldBytesLimit: limits.maxHeaderBytes,
            fieldCountLimit: limits.maxHeaderCount
        )
        while true {
            let bytes = input.buffered
            if let length = try scanner.scan(bytes), let statusLine = scanner.startLine {
                let (version, status, reason) = try parseStatusLine(UnsafeRawBufferPointer(rebasing: bytes[statusLine]))
                var headers = HTTPHeaders()
                for (index, line) in scanner.fieldLines.enumerated() {
                    let field = try FieldLineParser.parseField(
                        UnsafeRawBufferPointer(rebasing: bytes[line]),
                        number: index + 1
                    )
                    headers.add(name: field.name, value: field.value)
                }
                input.consume(length)
                return HTTPClientResponseHead(version: version, status: status, reasonPhrase: reason, headers: headers)
            }
            guard try input.fill(deadline: deadline) > 0 else {
                throw HTTPClientError(
                    .connectionClosed,
                    bytes.isEmpty
                        ? "The server closed the connection without a response."
                        : "The server closed the connection inside the response head."
                )
            }
        }
    }

    /// Bodies longer than this are read with ``readLargeBody(from:remaining:deadline:onBody:)``.
    static let largeBodyThreshold: Int64 = 256 * 1024

    /// A long body of known length, straight from the socket into a 1 MiB buffer: each `recv` takes all that has
    /// arrived (often several hundred KiB on loopback) instead of the connection buffer's 64 KiB, so a download
    /// costs a fraction of the system calls and wake-ups. The buffer lives for this body only.
    private static func readLargeBody(
        from stream: ConnectionStream,
        remaining: Int64,
        deadline: () -> ContinuousClock.Instant,
        onBody: (UnsafeRawBufferPointer) throws -> Void
    ) throws -> HTTPHeaders {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        var remaining = remaining
        while remaining > 0 {
            let wanted = Int(min(Int64(buffer.count), remaining))
            let count = try stream.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[..<wanted]), deadline: deadline())
            guard count > 0 else {
                throw HTTPClientError(
                    .connectionClosed,
                    "The server closed the connection with \(remaining) body bytes missing."
                )
            }
            try onBody(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
            remaining -= Int64(count)
        }
        return HTTPHeaders()
    }

    /// `HTTP/1.x SP 3DIGIT SP [reason]`.
    static func parseStatusLine(_ line: UnsafeRawBufferPointer) throws -> (HTTPVersion, HTTPStatus, String) {
        let isDigit: (UInt8) -> Bool = { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        guard line.count >= 12, line[8] == 0x20, isDigit(line[9]), isDigit(line[10]), isDigit(line[11]),
            line.count == 12 || line[12] == 0x20
        else {
            throw HTTPClientError(
                .invalidResponse,
                "The status line '\(FieldLineParser.printable(line))' is malformed."
            )
        }
        let version: HTTPVersion
        do {
            version = try RequestHeadParser.parseVersion(UnsafeRawBufferPointer(rebasing: line[0..<8]))
        } catch {
            throw HTTPClientError(
                .invalidResponse,
                "The status line '\(FieldLineParser.printable(line))' has a bad version."
            )
        }
        let code = Int(line[9] - 48) * 100 + Int(line[10] - 48) * 10 + Int(line[11] - 48)
        let reason = line.count > 13 ? String(decoding: line[13...], as: UTF8.self) : ""
        return (version, HTTPStatus(code), reason)
    }

    /// RFC 9112 §6.3: no body for HEAD, 1xx, 204, 304; chunked before Content-Length; else read to close.
    static func bodyFraming(of head: HTTPClientResponseHead, requestMethod: HTTPMethod) throws -> Framing {
        if requestMethod == .head || head.status.forbidsBody { return .none }
        if head.headers.contains("Transfer-Encoding") {
            guard
                head.headers.listValues(for: "Transfer-Encoding").last.map({ HTTPHeaders.namesMatch($0, "chunked") })
                    == true
            else { return .untilClose }
            return .chunked
        }
        if let value = head.headers["Content-Length"] {
            let members = Set(value.split(separator: ",").map { $0.trimmingHTTPWhitespace() })
            guard members.count == 1, let length = HTTPBodyFraming.parseDecimal(members.first!) else {
                throw HTTPClientError(.invalidResponse, "The response's Content-Length '\(value)' is invalid.")
            }
            return .length(length)
        }
        return .untilClose
    }

    /// Streams the body to `onBody` straight from the input buffer (no copy), until its framing says it ended.
    ///
    /// - Returns: the trailer fields of a chunked body.
    static func readBody(
        from input: any BufferedInput,
        framing: Framing,
        deadline: () -> ContinuousClock.Instant,
        onBody: (UnsafeRawBufferPointer) throws -> Void
    ) throws -> HTTPHeaders {
        switch framing {
        case .none:
            return HTTPHeaders()
        case .length(var remaining):
            if remaining > largeBodyThreshold, let stream = input as? ConnectionStream {
                return try readLargeBody(from: stream, remaining: remaining, deadline: deadline, onBody: onBody)
            }
            while remaining > 0 {
                if input.buffered.isEmpty {
                    guard try input.fill(deadline: deadline()) > 0 else {
                        throw HTTPClientError(
                            .connectionClosed,
                            "The server closed the connection with \(remaining) body bytes missing."
                        )
                    }
                }
                let count = Int(min(Int64(input.buffered.count), remaining))
                try onBody(UnsafeRawBufferPointer(rebasing: input.buffered[..<count]))
                input.consume(count)
                remaining -= Int64(count)
            }
            return HTTPHeaders()
        case .chunked:
            var decoder = ChunkedDecoder(limits: limits)
            while true {
                let bytes = input.buffered
                let (step, consumed) = try decoder.next(bytes)
                switch step {
                case .data(let range):
                    try onBody(UnsafeRawBufferPointer(rebasing: bytes[range]))
                    input.consume(consumed)
                case .needMore:
                    input.consume(consumed)
                    guard try input.fill(deadline: deadline()) > 0 else {
                        throw HTTPClientError(
                            .connectionClosed,
                            "The server closed the connection inside a chunked body."
                        )
                    }
                case .end(let trailers):
                    input.consume(consumed)
                    return trailers
                }
            }
        case .untilClose:
            while true {
                if !input.buffered.isEmpty {
                    try onBody(input.buffered)
                    input.consume(input.buffered.count)
                }
                guard try input.fill(deadline: deadline()) > 0 else { return HTTPHeaders() }
            }
        }
    }
}
