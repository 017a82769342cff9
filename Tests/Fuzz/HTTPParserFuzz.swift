// libFuzzer target for the HTTP request parser: RequestHeadParser, then ChunkedDecoder for chunked bodies.
//
// Built by scripts/fuzz into the HTTP module itself (swiftc -module-name HTTP Sources/HTTP/*.swift
// Tests/Fuzz/FuzzCheck.swift Tests/Fuzz/HTTPParserFuzz.swift), so it may use internal API. Not a SwiftPM target.
//
// The input is read as what a client sent on one connection: up to eight pipelined requests. For each one it
// checks that
// - parsing never crashes, never reads outside the input (AddressSanitizer) and throws only HTTPParseError;
// - the whole input parsed at once and the same bytes fed in small pieces (as a slow client sends them, each
//   piece in a buffer of its exact size) give the same head, length or error code;
// - a parsed head is self-consistent: the request line is method, target and version as sent; the target's
//   path, segments and query agree with its raw text and survive re-encoding; field names are tokens, values
//   have no control characters; one Host for HTTP/1.1; the framing agrees with Content-Length and
//   Transfer-Encoding; the limits hold;
// - a chunked body decodes to the same bytes, trailers, length or error whether the decoder sees it whole or
//   in pieces, with every data step inside the input, non-empty and within maxData.

#if canImport(Glibc)
    import Glibc
#endif

@_cdecl("LLVMFuzzerTestOneInput")
public func httpParserFuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    HTTPParserFuzz.run(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}

enum HTTPParserFuzz {
    /// Tight limits, so that the fuzzer reaches every limit with short inputs.
    static let limits: HTTPLimits = {
        var limits = HTTPLimits()
        limits.maxRequestLineBytes = 512
        limits.maxHeaderBytes = 2048
        limits.maxHeaderCount = 24
        limits.maxChunkLineBytes = 64
        return limits
    }()

    static func run(_ input: UnsafeRawBufferPointer) {
        var random = FuzzRandom(seed: input)
        var whole = RequestHeadParser(limits: limits)
        var piecewise = RequestHeadParser(limits: limits)
        var offset = 0
        var requests = 0
        while offset < input.count && requests < 8 {
            requests += 1
            let rest = UnsafeRawBufferPointer(rebasing: input[offset...])
            let outcome = HeadOutcome(parsing: rest, with: &whole)
            let fed = HeadOutcome(feeding: rest, to: &piecewise, random: &random)
            fuzzCheck(outcome == fed, "whole input gave \(outcome) but piecewise feeding gave \(fed)")
            whole.reset()
            piecewise.reset()
            guard case .parsed(let head, let length) = outcome else { return }
            HeadCheck.check(head, length: length, in: rest, limits: limits)
            offset += length
            switch head.framing {
            case .noBody:
                continue
            case .contentLength(let declared):
                guard declared <= Int64(input.count - offset) else { return }
                offset += Int(declared)
            case .chunked:
                let body = UnsafeRawBufferPointer(rebasing: input[offset...])
                guard let used = ChunkedCheck.decode(body, limits: limits, random: &random) else { return }
                offset += used
            }
        }
    }
}

/// What parsing one request head gave, comparable between the two ways of feeding it.
enum HeadOutcome: Equatable, CustomStringConvertible {
    case incomplete
    case failed(HTTPParseError.Code)
    case parsed(HTTPRequestHead, length: Int)

    /// Everything at once, straight from libFuzzer's buffer (its end is the allocation's end).
    init(parsing bytes: UnsafeRawBufferPointer, with parser: inout RequestHeadParser) {
        do throws(HTTPParseError) {
            if let (head, length) = try parser.parse(bytes) {
                self = .parsed(head, length: length)
            } else {
                self = .incomplete
            }
        } catch {
            self = .failed(error.code)
        }
    }

    /// Growing prefixes, one byte at a time for the first 128 bytes and then up to 32 at a time, each in a
    /// buffer of its exact size; one parser throughout, as a connection uses it.
    init(feeding bytes: UnsafeRawBufferPointer, to parser: inout RequestHeadParser, random: inout FuzzRandom) {
        var end = 0
        while end < bytes.count {
            end = min(bytes.count, end + (end < 128 ? 1 : random.upTo(32)))
            let prefix = UnsafeRawBufferPointer(rebasing: bytes[..<end])
            let result = withExactCopy(prefix) { copy in
                Result { () throws(HTTPParseError) in try parser.parse(copy) }
            }
            switch result {
            case .success(.some(let (head, length))):
                self = .parsed(head, length: length)
                return
            case .success(.none):
                continue
            case .failure(let error):
                self = .failed(error.code)
                return
            }
        }
        self = .incomplete
    }

    static func == (lhs: HeadOutcome, rhs: HeadOutcome) -> Bool {
        switch (lhs, rhs) {
        case (.incomplete, .incomplete):
            return true
        case (.failed(let a), .failed(let b)):
            return a == b
        case (.parsed(let a, let aLength), .parsed(let b, let bLength)):
            return aLength == bLength && a.method == b.method && a.target == b.target && a.version == b.version
                && a.headers == b.headers && a.framing == b.framing
        default:
            return false
        }
    }

    var description: String {
        switch self {
        case .incomplete: return "incomplete"
        case .failed(let code): return "error \(code)"
        case .parsed(let head, let length):
            return "head \(head.method) \(head.target.raw) \(head.version) (\(head.headers.count) fields, "
                + "\(head.framing)) of \(length) bytes"
        }
    }
}
