// Invariants of a parsed request head and of chunked decoding, for HTTPParserFuzz.swift (same module: HTTP).

/// A parsed head must agree with the bytes it came from and with itself.
enum HeadCheck {
    static func check(_ head: HTTPRequestHead, length: Int, in bytes: UnsafeRawBufferPointer, limits: HTTPLimits) {
        fuzzCheck(length > 0 && length <= bytes.count, "head length \(length) outside the \(bytes.count) bytes")
        fuzzCheck(bytes[length - 1] == 0x0A, "the head does not end with LF")
        checkRequestLine(head, in: UnsafeRawBufferPointer(rebasing: bytes[..<length]), limits: limits)
        checkTarget(head.target)
        checkFields(head, limits: limits)
        checkFraming(head)
    }

    /// The first non-empty line is `method SP raw-target SP HTTP/1.d`, exactly as parsed.
    private static func checkRequestLine(_ head: HTTPRequestHead, in bytes: UnsafeRawBufferPointer, limits: HTTPLimits) {
        var start = 0
        while start < bytes.count {
            if bytes[start] == 0x0A {
                start += 1
            } else if bytes[start] == 0x0D && start + 1 < bytes.count && bytes[start + 1] == 0x0A {
                start += 2
            } else {
                break
            }
        }
        var end = start
        while end < bytes.count && bytes[end] != 0x0A { end += 1 }
        if end > start && bytes[end - 1] == 0x0D { end -= 1 }
        let line = Array(bytes[start..<end])
        fuzzCheck(line.count <= limits.maxRequestLineBytes, "request line of \(line.count) bytes passed the limit")
        let expected = Array("\(head.method.rawValue) \(head.target.raw) HTTP/1.".utf8)
        fuzzCheck(
            line.count == expected.count + 1 && Array(line.prefix(expected.count)) == expected,
            "request line '\(String(decoding: line, as: UTF8.self))' is not the parsed method and target"
        )
        let minor = line[line.count - 1]
        fuzzCheck(
            head.version == (minor == UInt8(ascii: "0") ? .http1_0 : .http1_1)
                && minor >= UInt8(ascii: "0") && minor <= UInt8(ascii: "9"),
            "version \(head.version) from minor digit \(minor)"
        )
        fuzzCheck(
            !head.method.rawValue.isEmpty && head.method.rawValue.utf8.allSatisfy(FieldLineParser.isTokenByte),
            "method '\(head.method)' is not a token"
        )
    }

    private static func checkTarget(_ target: HTTPRequestTarget) {
        let raw = target.raw
        fuzzCheck(
            !raw.isEmpty && raw.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "#") },
            "raw target '\(raw)' has a byte the parser must refuse"
        )
        let again = Result { () throws(HTTPParseError) in try HTTPRequestTarget(parsing: raw) }
        fuzzCheck((try? again.get()) == target, "parsing the target '\(raw)' again gives another result")
        if raw == "*" {
            fuzzCheck(
                target.path == "*" && target.pathSegments.isEmpty && target.rawQuery == nil
                    && target.queryItems.isEmpty,
                "asterisk form '\(raw)' has a path or query"
            )
            return
        }
        let question = raw.firstIndex(of: "?")
        let beforeQuery = String(raw[..<(question ?? raw.endIndex)])
        fuzzCheck(
            target.rawQuery == question.map { String(raw[raw.index(after: $0)...]) },
            "raw query \(String(describing: target.rawQuery)) is not what follows the first '?' of '\(raw)'"
        )
        fuzzCheck(target.path.hasPrefix("/"), "path '\(target.path)' does not start with '/'")
        if raw.hasPrefix("/") {
            fuzzCheck(target.path == beforeQuery, "origin-form path '\(target.path)' differs from '\(beforeQuery)'")
        } else {
            fuzzCheck(
                target.path == "/" || beforeQuery.hasSuffix(target.path),
                "absolute-form path '\(target.path)' is not the end of '\(beforeQuery)'"
            )
        }
        let slashes = target.path.utf8.count(where: { $0 == UInt8(ascii: "/") })
        fuzzCheck(
            target.pathSegments.count == (target.path == "/" ? 0 : slashes),
            "\(target.pathSegments.count) segments for path '\(target.path)'"
        )
        // Decoded segments and query items survive encoding and parsing again: `%2F` stays in its segment.
        let encoded = PercentEncoding.encodePath(target.pathSegments)
            + (target.rawQuery == nil ? "" : "?" + PercentEncoding.encodeQuery(target.queryItems))
        let reparsed = Result { () throws(HTTPParseError) in try HTTPRequestTarget(parsing: encoded) }
        switch reparsed {
        case .success(let other):
            fuzzCheck(
                other.pathSegments == target.pathSegments,
                "segments \(target.pathSegments) re-encoded as '\(encoded)' parse as \(other.pathSegments)"
            )
            fuzzCheck(
                other.queryItems == target.queryItems,
                "query \(target.queryItems) re-encoded as '\(encoded)' parses as \(other.queryItems)"
            )
        case .failure(let error):
            fuzzFail("re-encoded target '\(encoded)' of '\(raw)' is refused: \(error)")
        }
    }

    private static func checkFields(_ head: HTTPRequestHead, limits: HTTPLimits) {
        fuzzCheck(head.headers.count <= limits.maxHeaderCount, "\(head.headers.count) fields passed the limit")
        for field in head.headers {
            fuzzCheck(
                !field.name.isEmpty && field.name.utf8.allSatisfy(FieldLineParser.isTokenByte),
                "field name '\(field.name)' is not a token"
            )
            fuzzCheck(
                field.value.unicodeScalars.allSatisfy { ($0.value >= 0x20 || $0.value == 0x09) && $0.value != 0x7F },
                "value of '\(field.name)' has a control character"
            )
            let first = field.value.unicodeScalars.first
            let last = field.value.unicodeScalars.last
            fuzzCheck(
                first != " " && first != "\t" && last != " " && last != "\t",
                "value of '\(field.name)' keeps surrounding white space"
            )
        }
        let hosts = head.headers.values(for: "host").count
        fuzzCheck(head.version == .http1_1 ? hosts == 1 : hosts <= 1, "\(hosts) Host fields in \(head.version)")
        if head.expectsContinue {
            fuzzCheck(head.version == .http1_1 && head.headers.contains("expect"), "expects 100-continue unasked")
        }
        _ = head.isKeepAlive
    }

    private static func checkFraming(_ head: HTTPRequestHead) {
        let headers = head.headers
        let lengths = headers.values(for: "content-length")
        switch head.framing {
        case .noBody:
            fuzzCheck(
                lengths.isEmpty && !headers.contains("transfer-encoding"),
                "no body despite Content-Length or Transfer-Encoding"
            )
            fuzzCheck(head.declaredContentLength == 0, "no body but a declared length")
        case .chunked:
            fuzzCheck(lengths.isEmpty, "chunked with Content-Length")
            fuzzCheck(head.version == .http1_1, "chunked in \(head.version)")
            // transfer-coding = token *( OWS ";" OWS transfer-parameter ) (RFC 9110 §10.1.4): the coding's name
            // is what precedes the first ";", and it must be "chunked" — not a parameter after an empty name.
            let codings = headers.listValues(for: "transfer-encoding")
            let name = codings.first.map { String($0.prefix { $0 != ";" }) } ?? ""
            fuzzCheck(
                codings.count == 1 && name.trimmingHTTPWhitespace().lowercased() == "chunked",
                "chunked framing from Transfer-Encoding \(codings)"
            )
            fuzzCheck(head.declaredContentLength == nil, "chunked with a declared length")
        case .contentLength(let length):
            fuzzCheck(length >= 0 && !lengths.isEmpty, "length \(length) from Content-Length \(lengths)")
            fuzzCheck(!headers.contains("transfer-encoding"), "Content-Length with Transfer-Encoding")
            for line in lengths {
                for member in line.split(separator: ",", omittingEmptySubsequences: false) {
                    let digits = member.trimmingHTTPWhitespace()
                    fuzzCheck(
                        !digits.isEmpty && digits.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
                            && Int64(digits) == length,
                        "Content-Length member '\(digits)' accepted as \(length)"
                    )
                }
            }
            fuzzCheck(head.declaredContentLength == length, "declared length differs from framing")
        }
    }
}

/// Decodes a chunked body whole and in pieces and compares.
enum ChunkedCheck {
    enum Outcome: Equatable {
        case needMore
        case failed(HTTPParseError.Code)
        case end(trailers: HTTPHeaders, used: Int)
    }

    /// - Returns: the bytes the body used (the next pipelined request starts there), or nil if it did not end.
    static func decode(_ body: UnsafeRawBufferPointer, limits: HTTPLimits, random: inout FuzzRandom) -> Int? {
        let maxData = random.upTo(4) == 1 ? Int.max : random.upTo(64)
        let (wholeData, whole) = decodeWhole(body, limits: limits, maxData: maxData)
        let (fedData, fed) = decodeFed(body, limits: limits, maxData: random.upTo(16), random: &random)
        fuzzCheck(whole == fed, "chunked body: whole gave \(whole), piecewise \(fed)")
        fuzzCheck(wholeData == fedData, "chunked body: \(wholeData.count) data bytes whole, \(fedData.count) fed")
        guard case .end(let trailers, let used) = whole else { return nil }
        fuzzCheck(used <= body.count && wholeData.count < max(used, 1), "used \(used) bytes for \(wholeData.count)")
        fuzzCheck(trailers.count <= limits.maxHeaderCount, "\(trailers.count) trailer fields passed the limit")
        for field in trailers {
            fuzzCheck(field.name.utf8.allSatisfy(FieldLineParser.isTokenByte), "trailer '\(field.name)'")
        }
        return used
    }

    private static func decodeWhole(
        _ body: UnsafeRawBufferPointer,
        limits: HTTPLimits,
        maxData: Int
    ) -> ([UInt8], Outcome) {
        var decoder = ChunkedDecoder(limits: limits)
        var data: [UInt8] = []
        var offset = 0
        var steps = 0
        while true {
            steps += 1
            fuzzCheck(steps <= body.count + 2, "chunked decoder makes no progress at offset \(offset)")
            let input = UnsafeRawBufferPointer(rebasing: body[offset...])
            do throws(HTTPParseError) {
                let (step, consumed) = try decoder.next(input, maxData: maxData)
                fuzzCheck(consumed >= 0 && consumed <= input.count, "consumed \(consumed) of \(input.count)")
                offset += consumed
                switch step {
                case .data(let range):
                    checkData(range, consumed: consumed, maxData: maxData)
                    data += input[range]
                case .needMore:
                    fuzzCheck(!decoder.isFinished, "needs more after the end")
                    return (data, .needMore)
                case .end(let trailers):
                    fuzzCheck(decoder.isFinished, "ended but not finished")
                    let rest = UnsafeRawBufferPointer(rebasing: body[offset...])
                    let again = try decoder.next(rest, maxData: maxData)
                    fuzzCheck(again.step == .end(trailers: trailers) && again.consumed == 0, "not idempotent at end")
                    return (data, .end(trailers: trailers, used: offset))
                }
            } catch {
                return (data, .failed(error.code))
            }
        }
    }

    /// As a connection feeds it: a few bytes arrive, the decoder takes what it can, unconsumed bytes stay
    /// in front of the next arrival. Each call sees a buffer of its exact size.
    private static func decodeFed(
        _ body: UnsafeRawBufferPointer,
        limits: HTTPLimits,
        maxData: Int,
        random: inout FuzzRandom
    ) -> ([UInt8], Outcome) {
        var decoder = ChunkedDecoder(limits: limits)
        var data: [UInt8] = []
        var pending: [UInt8] = []
        var fed = 0
        var used = 0
        while true {
            while true {
                let result = pending.withUnsafeBytes { all in
                    withExactCopy(all) { copy in
                        Result { () throws(HTTPParseError) in
                            let (step, consumed) = try decoder.next(copy, maxData: maxData)
                            if case .data(let range) = step { data += copy[range] }
                            return (step, consumed)
                        }
                    }
                }
                guard case .success(let (step, consumed)) = result else {
                    if case .failure(let error) = result { return (data, .failed(error.code)) }
                    fuzzFail("unreachable")
                }
                fuzzCheck(consumed >= 0 && consumed <= pending.count, "consumed \(consumed) of \(pending.count)")
                pending.removeFirst(consumed)
                used += consumed
                switch step {
                case .data(let range):
                    checkData(range, consumed: consumed, maxData: maxData)
                    continue
                case .needMore:
                    break
                case .end(let trailers):
                    return (data, .end(trailers: trailers, used: used))
                }
                break
            }
            guard fed < body.count else { return (data, .needMore) }
            let count = min(body.count - fed, random.upTo(16))
            pending += body[fed..<fed + count]
            fed += count
        }
    }

    private static func checkData(_ range: Range<Int>, consumed: Int, maxData: Int) {
        fuzzCheck(!range.isEmpty, "an empty data step (the caller would loop forever)")
        fuzzCheck(range.upperBound == consumed, "data \(range) but consumed \(consumed)")
        fuzzCheck(range.count <= maxData, "data step of \(range.count) bytes over maxData \(maxData)")
    }
}
