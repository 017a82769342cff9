import Foundation
import Testing

@testable import HTTP

private func request(
    _ method: HTTPMethod = .get,
    _ target: String = "/",
    version: HTTPVersion = .http1_1,
    headers: HTTPHeaders = ["Host": "a"]
) throws -> HTTPRequest {
    HTTPRequest(
        head: HTTPRequestHead(
            method: method,
            target: try HTTPRequestTarget(parsing: target),
            version: version,
            headers: headers
        ),
        requestID: "req123"
    )
}

@Suite struct HTTPResponseWriterTests {
    @Test func wholeResponseHasContentLengthDateAndRequestID() throws {
        let recorder = HTTPResponseRecorder()
        let writer = HTTPResponseWriter(recordingInto: recorder, for: try request())
        try writer.respond(
            status: .ok,
            headers: ["Content-Type": "text/plain", "Content-Length": "999"],
            text: "hello"
        )
        let response = try recorder.response()
        #expect(response.status == .ok)
        #expect(response.text == "hello")
        #expect(response.headers["Content-Length"] == "5")
        #expect(response.headers.values(for: "Content-Length").count == 1)
        #expect(response.headers["X-Request-Id"] == "req123")
        #expect(response.headers["Date"]?.hasSuffix(" GMT") == true)
        #expect(writer.isFinished)
        #expect(writer.bodyBytesWritten == 5)
    }

    @Test func chunkedStreamingWithTrailers() throws {
        let recorder = HTTPResponseRecorder()
        let writer = HTTPResponseWriter(recordingInto: recorder, for: try request())
        try writer.writeHead(status: .ok, contentLength: nil)
        for piece in ["ab", "", "cde", String(repeating: "z", count: 100_000)] { try writer.write(Array(piece.utf8)) }
        try writer.finish(trailers: ["X-Sum": "42"])
        let text = String(decoding: recorder.bytes, as: UTF8.self)
        #expect(text.contains("Transfer-Encoding: chunked\r\n"))
        #expect(text.hasSuffix("0\r\nX-Sum: 42\r\n\r\n"))
        let response = try recorder.response()
        #expect(response.body.count == 100_005)
        #expect(response.trailers["x-sum"] == "42")
    }

    @Test func streamedBodyWithKnownLengthMustMatchIt() throws {
        let recorder = HTTPResponseRecorder()
        let writer = HTTPResponseWriter(recordingInto: recorder, for: try request())
        try writer.writeHead(status: .ok, contentLength: 4)
        try writer.write([1, 2, 3])
        #expect(throws: HTTPResponseError.self) { try writer.write([4, 5]) }
        let short = HTTPResponseWriter(recordingInto: HTTPResponseRecorder(), for: try request())
        try short.writeHead(status: .ok, contentLength: 4)
        try short.write([1])
        #expect(throws: HTTPResponseError.self) { try short.finish() }
        #expect(short.isBroken)
    }

    @Test func headResponsesKeepTheLengthButSendNoBody() throws {
        let recorder = HTTPResponseRecorder()
        let writer = HTTPResponseWriter(recordingInto: recorder, for: try request(.head))
        try writer.respond(status: .ok, text: "hello")
        let text = String(decoding: recorder.bytes, as: UTF8.self)
        #expect(text.contains("Content-Length: 5\r\n"))
        #expect(text.hasSuffix("\r\n\r\n"))
        #expect(try recorder.response().body.isEmpty)
    }

    @Test func noContentHasNoFramingAndRefusesABody() throws {
        let recorder = HTTPResponseRecorder()
        let writer = HTTPResponseWriter(recordingInto: recorder, for: try request(.delete))
        try writer.respond(status: .noContent)
        let text = String(decoding: recorder.bytes, as: UTF8.self)
        #expect(!text.contains("Content-Length") && !text.contains("Transfer-Encoding"))
        let other = HTTPResponseWriter(recordingInto: HTTPResponseRecorder(), for: try request())
        try other.writeHead(status: .noContent, contentLength: nil)
        #expect(throws: HTTPResponseError.self) { try other.write([1]) }
    }

    @Test func headerInjectionIsRefused() throws {
        let writer = HTTPResponseWriter(recordingInto: HTTPResponseRecorder(), for: try request())
        #expect(throws: HTTPResponseError.self) {
            try writer.respond(status: .ok, headers: ["X-Evil": "a\r\nSet-Cookie: x=1"], text: "")
        }
        #expect(throws: HTTPResponseError.self) {
            try writer.respond(status: .ok, headers: ["Bad Name": "v"], text: "")
        }
        #expect(!writer.hasWrittenHead)
    }

    @Test func secondHeadAndInterimStatusesAreRefused() throws {
        let writer = HTTPResponseWriter(recordingInto: HTTPResponseRecorder(), for: try request())
        #expect(throws: HTTPResponseError.self) { try writer.writeHead(status: 100, contentLength: 0) }
        try writer.respond(status: .ok)
        #expect(throws: HTTPResponseError.self) { try writer.respond(status: .ok) }
    }

    @Test func http10ClientsGetCloseDelimitedStreamsAndExplicitKeepAlive() throws {
        let recorder = HTTPResponseRecorder()
        let writer = HTTPResponseWriter(
            recordingInto: recorder,
            for: try request(version: .http1_0, headers: ["Connection": "keep-alive"])
        )
        try writer.respond(status: .ok, text: "x")
        #expect(String(decoding: recorder.bytes, as: UTF8.self).contains("Connection: keep-alive\r\n"))
        let streamed = HTTPResponseRecorder()
        let streamWriter = HTTPResponseWriter(recordingInto: streamed, for: try request(version: .http1_0))
        try streamWriter.writeHead(status: .ok, contentLength: nil)
        try streamWriter.write(Array("abc".utf8))
        try streamWriter.finish()
        let text = String(decoding: streamed.bytes, as: UTF8.self)
        #expect(!text.contains("chunked"))
        #expect(text.contains("Connection: close\r\n"))
        #expect(text.hasSuffix("\r\n\r\nabc"))
    }

    @Test func problemDocumentsHaveTheContractShape() throws {
        let recorder = HTTPResponseRecorder()
        let writer = HTTPResponseWriter(recordingInto: recorder, for: try request())
        try writer.respond(problem: HTTPProblem(HTTPParseError(.payloadTooLarge, "The body is \"big\".\n")))
        let response = try recorder.response()
        #expect(response.headers["Content-Type"] == "application/problem+json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
        #expect(Set(object.keys) == ["type", "title", "status", "code", "detail"])
        #expect(object["type"] as? String == "about:blank")
        #expect(object["title"] as? String == "Content Too Large")
        #expect(object["status"] as? Int == 413)
        #expect(object["code"] as? String == "payload_too_large")
        #expect(object["detail"] as? String == "The body is \"big\".\n")
        let internalError = try #require(
            try JSONSerialization.jsonObject(with: Data(HTTPProblem.internalError(requestID: "abc").json))
                as? [String: Any]
        )
        #expect(internalError["requestId"] as? String == "abc")
        #expect(internalError["code"] as? String == "internal")
    }

    @Test func inMemoryRequestBodiesReadLikeSocketOnes() throws {
        let body = HTTPRequestBody(bytes: Array(repeating: 7, count: 100_000))
        #expect(body.expectedLength == 100_000)
        let first = try #require(try body.read(max: 10))
        #expect(first.count == 10)
        let rest = try body.collect(upTo: 1 << 20)
        #expect(rest.count == 99_990)
        #expect(try body.read() == nil)
        #expect(body.isFinished)
        #expect(throws: HTTPParseError.self) { try HTTPRequestBody(bytes: [1, 2, 3]).collect(upTo: 2) }
    }

    @Test func handlersRunWithoutASocket() throws {
        let request = try HTTPRequest(
            method: .put,
            target: "/echo/a%2Fb?x=1",
            headers: ["Content-Type": "application/octet-stream"],
            body: Array("payload".utf8)
        )
        #expect(request.pathSegments == ["echo", "a/b"])
        #expect(request.query("x") == "1")
        let recorder = HTTPResponseRecorder()
        try TestResponder().respond(to: request, writer: HTTPResponseWriter(recordingInto: recorder, for: request))
        let response = try recorder.response()
        #expect(response.status == .ok)
        #expect(response.text == "payload")
        #expect(response.trailers["X-Bytes"] == "7")
    }
}
