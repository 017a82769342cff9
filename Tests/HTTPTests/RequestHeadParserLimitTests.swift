import Testing

@testable import HTTP

@Suite struct RequestHeadParserLimitTests {
    private var limits: HTTPLimits {
        var limits = HTTPLimits()
        limits.maxRequestLineBytes = 64
        limits.maxHeaderBytes = 128
        limits.maxHeaderCount = 4
        return limits
    }

    private func code(_ bytes: [UInt8], limits: HTTPLimits) -> HTTPParseError.Code? {
        var parser = RequestHeadParser(limits: limits)
        do {
            _ = try parser.parse(bytes)
            return nil
        } catch {
            return error.code
        }
    }

    @Test func requestLineAtTheLimitIsAcceptedOneMoreIs414() {
        let line = "GET /" + String(repeating: "a", count: 64 - 14) + " HTTP/1.1"
        #expect(line.utf8.count == 64)
        #expect(code(Array((line + "\r\nHost: a\r\n\r\n").utf8), limits: limits) == nil)
        let longer = "GET /" + String(repeating: "a", count: 64 - 13) + " HTTP/1.1"
        #expect(code(Array((longer + "\r\nHost: a\r\n\r\n").utf8), limits: limits) == .requestLineTooLong)
    }

    @Test func overlongRequestLineIsRefusedBeforeItEnds() {
        // No line end yet: the parser must not wait for more bytes it would have to buffer.
        let partial = Array(("GET /" + String(repeating: "a", count: 200)).utf8)
        #expect(code(partial, limits: limits) == .requestLineTooLong)
    }

    @Test func defaultRequestLineLimitIs8KiB() {
        let target = "/" + String(repeating: "x", count: 8 * 1024)
        #expect(
            code(Array("GET \(target) HTTP/1.1\r\nHost: a\r\n\r\n".utf8), limits: HTTPLimits()) == .requestLineTooLong
        )
    }

    @Test func headerBytesOverTheLimitAre431EvenWhileIncomplete() {
        let big = "GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + String(repeating: "b", count: 200)
        #expect(code(Array(big.utf8), limits: limits) == .headersTooLarge)
        #expect(code(Array((big + "\r\n\r\n").utf8), limits: limits) == .headersTooLarge)
    }

    @Test func defaultHeaderBytesLimitIs32KiB() {
        let fields = (0..<40).map { "X-\($0): " + String(repeating: "v", count: 1000) + "\r\n" }.joined()
        #expect(
            code(Array("GET / HTTP/1.1\r\nHost: a\r\n\(fields)\r\n".utf8), limits: HTTPLimits()) == .headersTooLarge
        )
    }

    @Test func headerCountOverTheLimitIs431() {
        let four = "GET / HTTP/1.1\r\nHost: a\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n"
        #expect(code(Array(four.utf8), limits: limits) == nil)
        let five = "GET / HTTP/1.1\r\nHost: a\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n"
        #expect(code(Array(five.utf8), limits: limits) == .tooManyHeaders)
    }

    @Test func defaultHeaderCountLimitIs100() {
        let fields = (0..<100).map { "X-\($0): v\r\n" }.joined()
        #expect(code(Array("GET / HTTP/1.1\r\nHost: a\r\n\(fields)\r\n".utf8), limits: HTTPLimits()) == .tooManyHeaders)
    }

    @Test func endlessEmptyLinesBeforeTheRequestAreBounded() {
        #expect(code(Array(String(repeating: "\r\n", count: 100).utf8), limits: limits) == .requestLineTooLong)
    }
}
