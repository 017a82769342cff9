/// Parses a request head (request line and header fields, RFC 9112 §2–§5) from bytes, without any I/O.
///
/// Feed it the unread input starting at the request's first byte; it returns nil until the head is complete
/// and remembers how far it has looked, so bytes may arrive one at a time. Limits are enforced while bytes
/// arrive (414, 431), not only once the head is complete. Call ``reset()`` before the next request.
public struct RequestHeadParser: Sendable {
    private let limits: HTTPLimits
    private var scanner: HeadScanner

    public init(limits: HTTPLimits = HTTPLimits()) {
        self.limits = limits
        self.scanner = HeadScanner(
            startLineLimit: limits.maxRequestLineBytes,
            fieldBytesLimit: limits.maxHeaderBytes,
            fieldCountLimit: limits.maxHeaderCount
        )
    }

    /// Forgets the previous request so the parser can read the next one on the same connection.
    public mutating func reset() {
        scanner = HeadScanner(
            startLineLimit: limits.maxRequestLineBytes,
            fieldBytesLimit: limits.maxHeaderBytes,
            fieldCountLimit: limits.maxHeaderCount
        )
    }

    /// Parses the head at the start of `bytes`.
    ///
    /// - Returns: the head and the number of bytes it used (the body, or the next pipelined request, starts
    ///   there), or nil when `bytes` does not yet hold a complete head.
    /// - Throws: ``HTTPParseError`` for malformed input or a passed limit; the connection must then be closed.
    public mutating func parse(_ bytes: UnsafeRawBufferPointer) throws(HTTPParseError) -> (
        head: HTTPRequestHead, length: Int
    )? {
        guard let length = try scanner.scan(bytes), let requestLine = scanner.startLine else { return nil }
        let (method, target, version) = try Self.parseRequestLine(UnsafeRawBufferPointer(rebasing: bytes[requestLine]))
        var headers = HTTPHeaders()
        for (index, line) in scanner.fieldLines.enumerated() {
            let field = try FieldLineParser.parseField(UnsafeRawBufferPointer(rebasing: bytes[line]), number: index + 1)
            headers.add(name: field.name, value: field.value)
        }
        let hosts = headers.values(for: "Host")
        // RFC 9112 §3.2: an HTTP/1.1 request without exactly one Host field gets a 400.
        if version == .http1_1 && hosts.isEmpty {
            throw HTTPParseError(.missingHost, "The HTTP/1.1 request has no Host header; add one.")
        }
        if hosts.count > 1 {
            throw HTTPParseError(.duplicateHost, "The request has \(hosts.count) Host headers; send exactly one.")
        }
        let framing = try HTTPBodyFraming.ofRequest(headers: headers, version: version)
        return (
            HTTPRequestHead(method: method, target: target, version: version, headers: headers, framing: framing),
            length
        )
    }

    /// Convenience for tests and callers holding an array.
    public mutating func parse(_ bytes: [UInt8]) throws(HTTPParseError) -> (head: HTTPRequestHead, length: Int)? {
        let result = bytes.withUnsafeBytes { raw in Result { () throws(HTTPParseError) in try parse(raw) } }
        return try result.get()
    }

    /// `method SP request-target SP HTTP-version` with exactly one space between the parts (RFC 9112 §3).
    static func parseRequestLine(_ line: UnsafeRawBufferPointer) throws(HTTPParseError) -> (
        HTTPMethod, HTTPRequestTarget, HTTPVersion
    ) {
        let parts = line.split(separator: 0x20, maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty, !parts[2].isEmpty else {
            throw HTTPParseError(
                .malformedRequestLine,
                "The request line '\(FieldLineParser.printable(line))' is not 'METHOD target HTTP/1.1' "
                    + "with single spaces."
            )
        }
        let methodBytes = UnsafeRawBufferPointer(rebasing: parts[0])
        guard methodBytes.allSatisfy(FieldLineParser.isTokenByte) else {
            throw HTTPParseError(
                .invalidMethod,
                "The method '\(FieldLineParser.printable(methodBytes))' is not a valid token."
            )
        }
        let versionBytes = UnsafeRawBufferPointer(rebasing: parts[2])
        let version = try parseVersion(versionBytes)
        let targetBytes = UnsafeRawBufferPointer(rebasing: parts[1])
        guard targetBytes.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw HTTPParseError(
                .invalidTarget,
                "The request target '\(FieldLineParser.printable(targetBytes))' contains a control character "
                    + "or a byte outside ASCII; percent-encode it."
            )
        }
        let target = try HTTPRequestTarget(parsing: String(decoding: targetBytes, as: UTF8.self))
        return (HTTPMethod(rawValue: String(decoding: methodBytes, as: UTF8.self)), target, version)
    }

    /// `HTTP/x.y` with one digit each (RFC 9112 §2.3). Major versions other than 1 are well-formed but
    /// unsupported (505); a 1.x minor above 1 is served as 1.1 (RFC 9110 §2.5).
    static func parseVersion(_ bytes: UnsafeRawBufferPointer) throws(HTTPParseError) -> HTTPVersion {
        let isDigit: (UInt8) -> Bool = { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        guard bytes.count == 8, bytes.starts(with: "HTTP/".utf8), isDigit(bytes[5]), bytes[6] == UInt8(ascii: "."),
            isDigit(bytes[7])
        else {
            throw HTTPParseError(
                .invalidVersion,
                "The protocol version '\(FieldLineParser.printable(bytes))' is not of the form HTTP/1.1."
            )
        }
        let major = Int(bytes[5] - UInt8(ascii: "0"))
        let minor = Int(bytes[7] - UInt8(ascii: "0"))
        guard major == 1 else {
            throw HTTPParseError(
                .unsupportedVersion,
                "HTTP/\(major).\(minor) is not supported; this server speaks HTTP/1.1 and 1.0."
            )
        }
        return minor == 0 ? .http1_0 : .http1_1
    }
}
