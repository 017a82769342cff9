import Testing

@testable import HTTP

/// Decodes `input` fed in pieces of `step` bytes (as a socket might deliver it), like the server does:
/// unconsumed bytes stay at the front of the buffer.
private func decode(_ input: [UInt8], step: Int = .max, limits: HTTPLimits = HTTPLimits()) throws(HTTPParseError) -> (
    body: [UInt8], trailers: HTTPHeaders, rest: [UInt8]
) {
    var decoder = ChunkedDecoder(limits: limits)
    var buffer: [UInt8] = []
    var fed = 0
    var body: [UInt8] = []
    while true {
        let result = buffer.withUnsafeBytes { raw in Result { () throws(HTTPParseError) in try decoder.next(raw) } }
        let (next, consumed) = try result.get()
        switch next {
        case .data(let range): body += buffer[range]
        case .needMore:
            guard fed < input.count else { throw HTTPParseError(.incompleteBody, "ran out in test") }
        case .end(let trailers):
            buffer.removeFirst(consumed)
            return (body, trailers, buffer + input[fed...])
        }
        buffer.removeFirst(consumed)
        if case .needMore = next {
            let end = min(input.count, fed + step)
            buffer += input[fed..<end]
            fed = end
        }
    }
}

private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

@Suite struct ChunkedDecoderTests {
    @Test(arguments: [1, 2, 3, 7, 1000])
    func decodesChunksFedInAnyPieces(step: Int) throws {
        let (body, trailers, rest) = try decode(
            bytes("5\r\nhello\r\n1;ext=1\r\n \r\nA\r\n0123456789\r\n0\r\n\r\nGET"),
            step: step
        )
        #expect(body == bytes("hello 0123456789"))
        #expect(trailers.isEmpty)
        #expect(rest == bytes("GET"))
    }

    @Test func acceptsExtensionsWithQuotedValuesAndWhitespace() throws {
        let (body, _, _) = try decode(bytes("3 ;name=\"a b\";flag\r\nabc\r\n0;last\r\n\r\n"))
        #expect(body == bytes("abc"))
    }

    @Test func returnsTrailerFields() throws {
        let (body, trailers, rest) = try decode(bytes("2\r\nhi\r\n0\r\nX-Checksum: abc\r\nX-Other: 1\r\n\r\n"))
        #expect(body == bytes("hi"))
        #expect(trailers["x-checksum"] == "abc")
        #expect(trailers.count == 2)
        #expect(rest.isEmpty)
    }

    @Test func zeroSizeBodyEndsImmediately() throws {
        let (body, trailers, _) = try decode(bytes("0\r\n\r\n"))
        #expect(body.isEmpty)
        #expect(trailers.isEmpty)
    }

    @Test func leadingZerosAndUppercaseHexAreAccepted() throws {
        let (body, _, _) = try decode(bytes("000A\r\n0123456789\r\n000\r\n\r\n"))
        #expect(body.count == 10)
    }

    @Test func bareLineFeedsAreAccepted() throws {
        let (body, _, _) = try decode(bytes("3\nabc\n0\n\n"))
        #expect(body == bytes("abc"))
    }

    @Test(arguments: [
        "zz\r\nabc\r\n0\r\n\r\n",  // not hex
        "\r\nabc\r\n0\r\n\r\n",  // empty size
        "-3\r\nabc\r\n0\r\n\r\n",  // sign
        "0x3\r\nabc\r\n0\r\n\r\n",  // prefix
        "3 4\r\nabc\r\n0\r\n\r\n",  // garbage after size
        "1000000000000000\r\n",  // 16 digits: overflow
        "3\r\nabcd\r\n0\r\n\r\n",  // data longer than the size
        "3\r\nabcX\n0\r\n\r\n",
        "3\r\nabc\rX0\r\n\r\n",
        "3;\u{1}\r\nabc\r\n0\r\n\r\n",  // control character in an extension
    ])
    func refusesBadChunkFraming(_ input: String) {
        #expect(throws: HTTPParseError.self) { try decode(bytes(input)) }
        do {
            _ = try decode(bytes(input))
        } catch {
            #expect(error.code == .malformedChunk)
        }
    }

    @Test func refusesAnOverlongChunkLineBeforeItEnds() {
        var limits = HTTPLimits()
        limits.maxChunkLineBytes = 32
        let input = bytes("5;" + String(repeating: "x", count: 100))
        var decoder = ChunkedDecoder(limits: limits)
        #expect(throws: HTTPParseError.self) {
            try input.withUnsafeBytes { raw in _ = try decoder.next(raw) }
        }
    }

    @Test func refusesMalformedAndOversizedTrailers() {
        #expect(throws: HTTPParseError.self) { try decode(bytes("0\r\nBad Trailer\r\n\r\n")) }
        var limits = HTTPLimits()
        limits.maxHeaderCount = 2
        #expect(throws: HTTPParseError.self) { try decode(bytes("0\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n"), limits: limits) }
    }

    @Test func limitsDataStepsToMaxData() throws {
        var decoder = ChunkedDecoder()
        let input = bytes("a\r\n0123456789\r\n0\r\n\r\n")
        let (step, consumed) = try input.withUnsafeBytes { raw in try decoder.next(raw, maxData: 4) }
        #expect(step == .data(3..<7))
        #expect(consumed == 7)
    }

    @Test func largeChunkSizeIsHandledWithoutAllocating() throws {
        // 15 hex digits is the most accepted; the decoder hands out data as it arrives, never buffering the chunk.
        var decoder = ChunkedDecoder()
        let input = bytes("FFFFFFFFFFFFFFF\r\nabc")
        let (step, consumed) = try input.withUnsafeBytes { raw in try decoder.next(raw) }
        #expect(step == .data(17..<20))
        #expect(consumed == 20)
    }
}
