import Testing

@testable import HTTP

/// Parses `text` as one complete head with `limits`, returning the head or the error.
private func parse(_ text: String, limits: HTTPLimits = HTTPLimits()) throws(HTTPParseError) -> HTTPRequestHead {
    var parser = RequestHeadParser(limits: limits)
    guard let (head, length) = try parser.parse(Array(text.utf8)) else {
        throw HTTPParseError(.malformedRequestLine, "incomplete in test")
    }
    #expect(length == text.utf8.count)
    return head
}

private func parseError(_ text: String, limits: HTTPLimits = HTTPLimits()) -> HTTPParseError? {
    do {
        _ = try parse(text, limits: limits)
        return nil
    } catch {
        return error
    }
}

@Suite struct RequestHeadParserTests {
    @Test func parsesRequestLineHeadersInOrderAndTarget() throws {
        let head = try parse(
            "PUT /v1/items/a%2Fb/c%20d?kind=file&x=1+2&flag HTTP/1.1\r\nHost: h\r\nX-A: 1\r\nx-a:  2 \r\nContent-Length: 3\r\n\r\n"
        )
        #expect(head.method == .put)
        #expect(head.version == .http1_1)
        #expect(head.path == "/v1/items/a%2Fb/c%20d")
        #expect(head.pathSegments == ["v1", "items", "a/b", "c d"])
        #expect(
            head.queryItems == [
                HTTPQueryItem(name: "kind", value: "file"), HTTPQueryItem(name: "x", value: "1 2"),
                HTTPQueryItem(name: "flag", value: nil),
            ]
        )
        #expect(head.headers.values(for: "X-A") == ["1", "2"])
        #expect(head.headers["CONTENT-length"] == "3")
        #expect(head.headers.map(\.name) == ["Host", "X-A", "x-a", "Content-Length"])
        #expect(head.framing == .contentLength(3))
        #expect(head.isKeepAlive)
    }

    @Test func returnsNilUntilTheHeadIsCompleteEvenByteByByte() throws {
        let text = Array("GET / HTTP/1.1\r\nHost: a\r\n\r\nNEXT".utf8)
        var parser = RequestHeadParser()
        for end in 0..<(text.count - 5) {
            #expect(try parser.parse(Array(text[..<end])) == nil)
        }
        let result = try #require(try parser.parse(text))
        #expect(result.length == text.count - 4)
        #expect(result.head.method == .get)
    }

    @Test func acceptsBareLineFeedsAndLeadingEmptyLines() throws {
        let head = try parse("\r\n\nGET /x HTTP/1.1\nHost: a\n\n")
        #expect(head.path == "/x")
    }

    @Test func keepAliveRulesFollowTheVersion() throws {
        #expect(try parse("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n").isKeepAlive == false)
        #expect(try parse("GET / HTTP/1.0\r\n\r\n").isKeepAlive == false)
        #expect(try parse("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").isKeepAlive)
        #expect(try parse("GET / HTTP/1.1\r\nHost: a\r\nConnection: upgrade, close\r\n\r\n").isKeepAlive == false)
    }

    @Test func expectContinueIsIgnoredForHTTP10() throws {
        #expect(
            try parse("PUT / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\n").expectsContinue
        )
        #expect(
            try parse("PUT / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\n").expectsContinue == false
        )
    }

    @Test func higherMinorVersionIsServedAsHTTP11() throws {
        #expect(try parse("GET / HTTP/1.7\r\nHost: a\r\n\r\n").version == .http1_1)
    }

    @Test func acceptsAbsoluteFormAndAsteriskForm() throws {
        #expect(
            try parse("GET http://example.com:8080/a/b?q=1 HTTP/1.1\r\nHost: a\r\n\r\n").pathSegments == ["a", "b"]
        )
        #expect(try parse("GET http://example.com HTTP/1.1\r\nHost: a\r\n\r\n").path == "/")
        #expect(try parse("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n").path == "*")
    }

    @Test func identicalRepeatedContentLengthsAreAccepted() throws {
        #expect(
            try parse("PUT / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\n").framing
                == .contentLength(5)
        )
        #expect(try parse("PUT / HTTP/1.1\r\nHost: a\r\nContent-Length: 5, 5\r\n\r\n").framing == .contentLength(5))
    }

    @Test func chunkedFramingIsRecognisedCaseInsensitively() throws {
        #expect(try parse("PUT / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: Chunked\r\n\r\n").framing == .chunked)
    }

    @Test func headerValuesThatAreNotUTF8AreReadAsLatin1() throws {
        var bytes = Array("GET / HTTP/1.1\r\nHost: a\r\nX-Name: caf".utf8)
        bytes += [0xE9] + Array("\r\n\r\n".utf8)
        var parser = RequestHeadParser()
        let head = try #require(try parser.parse(bytes)).head
        #expect(head.headers["X-Name"] == "café")
    }

    struct Malformed: CustomTestStringConvertible, Sendable {
        let input: String
        let code: HTTPParseError.Code
        var testDescription: String { "\(code.name): \(input.debugDescription.prefix(60))" }
    }

    static let malformed: [Malformed] = [
        Malformed(input: "GET  / HTTP/1.1\r\nHost: a\r\n\r\n", code: .malformedRequestLine),
        Malformed(input: "GET / HTTP/1.1 extra\r\nHost: a\r\n\r\n", code: .invalidVersion),
        Malformed(input: "GET /\r\nHost: a\r\n\r\n", code: .malformedRequestLine),
        Malformed(input: "GET\r\n\r\n", code: .malformedRequestLine),
        Malformed(input: "G(T / HTTP/1.1\r\nHost: a\r\n\r\n", code: .invalidMethod),
        Malformed(input: "GET / HTTP/1.10\r\nHost: a\r\n\r\n", code: .invalidVersion),
        Malformed(input: "GET / FOO/1.1\r\nHost: a\r\n\r\n", code: .invalidVersion),
        Malformed(input: "GET / http/1.1\r\nHost: a\r\n\r\n", code: .invalidVersion),
        Malformed(input: "GET / HTTP/2.0\r\nHost: a\r\n\r\n", code: .unsupportedVersion),
        Malformed(input: "GET / HTTP/0.9\r\nHost: a\r\n\r\n", code: .unsupportedVersion),
        Malformed(input: "GET a/b HTTP/1.1\r\nHost: a\r\n\r\n", code: .invalidTarget),
        Malformed(input: "GET /a#frag HTTP/1.1\r\nHost: a\r\n\r\n", code: .invalidTarget),
        Malformed(input: "GET /a\u{7F} HTTP/1.1\r\nHost: a\r\n\r\n", code: .invalidTarget),
        Malformed(input: "GET /caf\u{E9} HTTP/1.1\r\nHost: a\r\n\r\n", code: .invalidTarget),
        Malformed(input: "GET /a%zz HTTP/1.1\r\nHost: a\r\n\r\n", code: .invalidPathEncoding),
        Malformed(input: "GET /a%2 HTTP/1.1\r\nHost: a\r\n\r\n", code: .invalidPathEncoding),
        Malformed(input: "GET /a%FF HTTP/1.1\r\nHost: a\r\n\r\n", code: .invalidPathEncoding),
        Malformed(input: "GET /a?x=%G1 HTTP/1.1\r\nHost: a\r\n\r\n", code: .invalidPathEncoding),
        Malformed(input: "GET / HTTP/1.1\r\n\r\n", code: .missingHost),
        Malformed(input: "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", code: .duplicateHost),
        Malformed(input: "GET / HTTP/1.1\r\nHost: a\r\nNoColon\r\n\r\n", code: .malformedHeader),
        Malformed(input: "GET / HTTP/1.1\r\nHost: a\r\nBad Name: x\r\n\r\n", code: .malformedHeader),
        Malformed(input: "GET / HTTP/1.1\r\nHost: a\r\nName : x\r\n\r\n", code: .malformedHeader),
        Malformed(input: "GET / HTTP/1.1\r\nHost: a\r\n: x\r\n\r\n", code: .malformedHeader),
        Malformed(input: "GET / HTTP/1.1\r\nHost: a\r\nX: a\u{0}b\r\n\r\n", code: .malformedHeader),
        Malformed(input: "GET / HTTP/1.1\r\nHost: a\r\nX: a\rb\r\n\r\n", code: .malformedHeader),
        Malformed(input: "GET / HTTP/1.1\r\nHost: a\r\nX: a\r\n folded\r\n\r\n", code: .obsoleteLineFolding),
        Malformed(
            input: "PUT / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n",
            code: .conflictingContentLength
        ),
        Malformed(input: "PUT / HTTP/1.1\r\nHost: a\r\nContent-Length: 5, 6\r\n\r\n", code: .conflictingContentLength),
        Malformed(input: "PUT / HTTP/1.1\r\nHost: a\r\nContent-Length: -5\r\n\r\n", code: .invalidContentLength),
        Malformed(input: "PUT / HTTP/1.1\r\nHost: a\r\nContent-Length: 0x10\r\n\r\n", code: .invalidContentLength),
        Malformed(input: "PUT / HTTP/1.1\r\nHost: a\r\nContent-Length:\r\n\r\n", code: .invalidContentLength),
        Malformed(
            input: "PUT / HTTP/1.1\r\nHost: a\r\nContent-Length: 1234567890123456789\r\n\r\n",
            code: .invalidContentLength
        ),
        Malformed(
            input: "PUT / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n",
            code: .contentLengthWithTransferEncoding
        ),
        Malformed(
            input: "PUT / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
            code: .unsupportedTransferCoding
        ),
        Malformed(
            input: "PUT / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: identity\r\n\r\n",
            code: .unsupportedTransferCoding
        ),
        Malformed(
            input: "PUT / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n",
            code: .invalidTransferEncoding
        ),
        Malformed(input: "PUT / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding:\r\n\r\n", code: .invalidTransferEncoding),
        // Found by fuzzing (Tests/Fuzz/crashes/http-parser): ";" used to crash the process, ";chunked" read as chunked.
        Malformed(input: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: ;\r\n\r\n", code: .invalidTransferEncoding),
        Malformed(input: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: ;chunked\r\n\r\n", code: .invalidTransferEncoding),
        Malformed(input: "PUT / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", code: .invalidTransferEncoding),
    ]

    @Test(arguments: malformed)
    func refusesMalformedInput(_ example: Malformed) {
        let error = parseError(example.input)
        #expect(error?.code == example.code)
        #expect(error?.message.isEmpty == false)
    }

    @Test func statusesOfTheErrorCodesMatchTheContract() {
        #expect(HTTPParseError.Code.conflictingContentLength.status == 400)
        #expect(HTTPParseError.Code.conflictingContentLength.problemCode == "bad_request")
        #expect(HTTPParseError.Code.unsupportedTransferCoding.status == 501)
        #expect(HTTPParseError.Code.unsupportedVersion.status == 505)
        #expect(HTTPParseError.Code.requestLineTooLong.status == 414)
        #expect(HTTPParseError.Code.headersTooLarge.problemCode == "headers_too_large")
        #expect(HTTPParseError.Code.tooManyHeaders.status == 431)
        #expect(HTTPParseError.Code.lengthRequired.problemCode == "length_required")
        #expect(HTTPParseError.Code.payloadTooLarge.problemCode == "payload_too_large")
    }
}
