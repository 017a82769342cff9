/// How a message's body is delimited on the wire (RFC 9112 §6.3).
public enum HTTPBodyFraming: Sendable, Equatable {
    /// Neither `Content-Length` nor `Transfer-Encoding`: a request has no body.
    case noBody
    /// `Content-Length: n` (n may be 0).
    case contentLength(Int64)
    /// `Transfer-Encoding: chunked`.
    case chunked

    /// Works out a request's framing from its fields, refusing the ambiguous cases request smuggling relies on.
    ///
    /// - Throws: ``HTTPParseError`` — `contentLengthWithTransferEncoding` (both present, 400, as the contract asks
    ///   rather than RFC 9112's "ignore Content-Length"), `conflictingContentLength` (different values, 400),
    ///   `invalidContentLength` (not digits, 400), `invalidTransferEncoding` (`chunked` repeated or in HTTP/1.0, 400),
    ///   `unsupportedTransferCoding` (any coding but `chunked`, 501; RFC 9112 §6.1).
    static func ofRequest(headers: HTTPHeaders, version: HTTPVersion) throws(HTTPParseError) -> HTTPBodyFraming {
        let codings = headers.listValues(for: "Transfer-Encoding")
        let lengths = headers.values(for: "Content-Length")
        if headers.contains("Transfer-Encoding") {
            guard lengths.isEmpty else {
                throw HTTPParseError(
                    .contentLengthWithTransferEncoding,
                    "The request has both Content-Length and Transfer-Encoding; send only one of them."
                )
            }
            guard version != .http1_0 else {
                throw HTTPParseError(
                    .invalidTransferEncoding,
                    "Transfer-Encoding is not defined for HTTP/1.0 requests; use Content-Length."
                )
            }
            guard !codings.isEmpty else {
                throw HTTPParseError(.invalidTransferEncoding, "The Transfer-Encoding header is empty.")
            }
            for coding in codings {
                // `omittingEmptySubsequences: false` keeps an empty coding name (";chunked", ";") as "", which is
                // then refused: never read a parameter as the coding (found by fuzzing: ";" used to trap).
                let name = coding.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false)[0]
                    .trimmingHTTPWhitespace()
                guard !name.isEmpty else {
                    throw HTTPParseError(
                        .invalidTransferEncoding,
                        "The Transfer-Encoding header has a coding without a name; send 'Transfer-Encoding: chunked'."
                    )
                }
                guard HTTPHeaders.namesMatch(name, "chunked") else {
                    throw HTTPParseError(
                        .unsupportedTransferCoding,
                        "The transfer coding '\(HTTPRequestTarget.printable(name))' is not supported; "
                            + "only 'chunked' is."
                    )
                }
            }
            guard codings.count == 1 else {
                throw HTTPParseError(
                    .invalidTransferEncoding,
                    "Transfer-Encoding lists 'chunked' \(codings.count) times; send it once."
                )
            }
            return .chunked
        }
        guard !lengths.isEmpty else { return .noBody }
        var length: Int64?
        for line in lengths {
            // A list of identical values ("5, 5") is allowed by RFC 9110 §8.6; anything else is refused.
            for member in line.split(separator: ",", omittingEmptySubsequences: false) {
                let text = member.trimmingHTTPWhitespace()
                guard let value = parseDecimal(text) else {
                    throw HTTPParseError(
                        .invalidContentLength,
                        "Content-Length '\(HTTPRequestTarget.printable(line))' is not a decimal byte count."
                    )
                }
                if let length, length != value {
                    throw HTTPParseError(
                        .conflictingContentLength,
                        "The request has conflicting Content-Length values \(length) and \(value); send exactly one."
                    )
                }
                length = value
            }
        }
        return .contentLength(length ?? 0)
    }

    /// Digits only (no sign, no spaces), at most 18 of them so the value fits an `Int64`.
    static func parseDecimal(_ text: some StringProtocol) -> Int64? {
        let utf8 = text.utf8
        guard !utf8.isEmpty, utf8.count <= 18 else { return nil }
        var value: Int64 = 0
        for byte in utf8 {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int64(byte - UInt8(ascii: "0"))
        }
        return value
    }
}
