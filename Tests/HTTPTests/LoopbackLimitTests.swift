import Foundation
import TestSupport
import Testing

@testable import HTTP

@Suite(.timeLimit(.minutes(1))) struct LoopbackLimitTests {
    struct Refusal: CustomTestStringConvertible, Sendable {
        let name: String
        let request: String
        let status: Int
        let code: String
        var testDescription: String { name }
    }

    static let refusals: [Refusal] = [
        Refusal(name: "garbage", request: "\u{1}\u{2}\u{3} hello\r\n\r\n", status: 400, code: "bad_request"),
        Refusal(name: "no Host", request: "GET /hello HTTP/1.1\r\n\r\n", status: 400, code: "bad_request"),
        Refusal(
            name: "bad header",
            request: "GET /hello HTTP/1.1\r\nHost: x\r\nBad Header: 1\r\n\r\n",
            status: 400,
            code: "bad_request"
        ),
        Refusal(
            name: "conflicting Content-Length",
            request: "PUT /count HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",
            status: 400,
            code: "bad_request"
        ),
        Refusal(
            name: "Content-Length with Transfer-Encoding",
            request:
                "PUT /count HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            status: 400,
            code: "bad_request"
        ),
        Refusal(
            name: "bad chunk hex",
            request: "PUT /count HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nXYZ\r\nabc\r\n0\r\n\r\n",
            status: 400,
            code: "bad_request"
        ),
        Refusal(
            name: "unknown transfer coding",
            request: "PUT /count HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n",
            status: 501,
            code: "not_implemented"
        ),
        Refusal(
            name: "HTTP/2.0",
            request: "GET /hello HTTP/2.0\r\nHost: x\r\n\r\n",
            status: 505,
            code: "http_version_not_supported"
        ),
        Refusal(
            name: "request line too long",
            request: "GET /" + String(repeating: "a", count: 9000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
            status: 414,
            code: "uri_too_long"
        ),
        Refusal(
            name: "headers too large",
            request: "GET /hello HTTP/1.1\r\nHost: x\r\nX-Big: " + String(repeating: "b", count: 40_000) + "\r\n\r\n",
            status: 431,
            code: "headers_too_large"
        ),
        Refusal(
            name: "too many headers",
            request: "GET /hello HTTP/1.1\r\nHost: x\r\n" + (0..<101).map { "X-\($0): 1\r\n" }.joined() + "\r\n",
            status: 431,
            code: "headers_too_large"
        ),
        Refusal(
            name: "length required",
            request: "PUT /upload HTTP/1.1\r\nHost: x\r\n\r\n",
            status: 411,
            code: "length_required"
        ),
        Refusal(
            name: "declared body over the route's limit",
            request: "PUT /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000\r\n\r\n",
            status: 413,
            code: "payload_too_large"
        ),
        Refusal(
            name: "chunked body over the route's limit",
            request: "PUT /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + String(repeating: "10000\r\n" + String(repeating: "z", count: 0x10000) + "\r\n", count: 17)
                + "0\r\n\r\n",
            status: 413,
            code: "payload_too_large"
        ),
        Refusal(
            name: "default body limit (1 MiB)",
            request: "POST /hello HTTP/1.1\r\nHost: x\r\nContent-Length: 1048577\r\n\r\n",
            status: 413,
            code: "payload_too_large"
        ),
    ]

    @Test(arguments: refusals)
    func serverErrorsAreContractProblemsAndCloseTheConnection(_ refusal: Refusal) throws {
        let server = try TestServer()
        defer { server.stop() }
        // Another request follows on the same connection: it must not be answered (the connection closes),
        // except after 411, which leaves the connection in a clean state.
        let bytes = try server.exchangeRaw(
            Array((refusal.request + "GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").utf8)
        )
        let responses = try parseResponses(bytes)
        let response = try #require(responses.first)
        #expect(response.status.code == refusal.status)
        #expect(try problemCode(of: response) == refusal.code)
        if refusal.status == 411 {
            #expect(responses.count == 2)
        } else {
            #expect(responses.count == 1)
            #expect(response.headers["Connection"] == "close")
        }
        let entry = try #require(server.logs.accessEntries.first)
        #expect(entry.status == refusal.status)
    }

    @Test func oversizedUploadWithExpectContinueIsRefusedBeforeTheBodyIsSent() throws {
        let server = try TestServer()
        defer { server.stop() }
        var produced = 0
        let response = try server.client().execute(
            HTTPClientRequest(
                method: .put,
                target: "/upload",
                body: .stream(length: 50_000_000) {
                    produced += 1
                    return Pattern.block(0)
                },
                expectContinue: true
            )
        )
        #expect(response.status.code == 413)
        #expect(try problemCode(of: response) == "payload_too_large")
        #expect(produced == 0)
    }

    @Test func slowlorisClientIsDroppedWhenTheHeadDeadlinePasses() throws {
        let server = try TestServer(limits: { $0.headTimeout = .milliseconds(500) })
        defer { server.stop() }
        let connection = try server.raw()
        defer { connection.close() }
        try connection.send(Array("GET /hello HTTP/1.1\r\nHost: x\r\n".utf8))
        var sent = 0
        var received: [UInt8] = []
        // One header byte every 50 ms would take 5 s; the server must give up long before.
        while sent < 100 {
            do {
                try connection.send([UInt8(ascii: "X")])
            } catch {
                break
            }
            sent += 1
            if let bytes = try? connection.receive(timeout: .milliseconds(50)) {
                received += bytes
                break
            }
        }
        received += connection.receiveUntilClosed(timeout: .seconds(5))
        #expect(sent < 100)
        let response = try #require(try parseResponses(received).first)
        #expect(response.status.code == 408)
        #expect(try problemCode(of: response) == "request_timeout")
    }

    @Test func silentNewConnectionIsClosedAfterTheHeadTimeout() throws {
        let server = try TestServer(limits: { $0.headTimeout = .milliseconds(300) })
        defer { server.stop() }
        let connection = try server.raw()
        defer { connection.close() }
        #expect(try connection.receive(timeout: .seconds(5)) == nil)
    }

    @Test func idleKeepAliveConnectionIsClosedAfterTheIdleTimeout() throws {
        let server = try TestServer(limits: { $0.idleTimeout = .milliseconds(300) })
        defer { server.stop() }
        let connection = try server.raw()
        defer { connection.close() }
        try connection.send(Array("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
        let received = connection.receiveUntilClosed(timeout: .seconds(5))
        #expect(try parseResponses(received).first?.text == "hello")
        #expect(waitFor { server.server.connectionCount == 0 })
    }

    @Test func stalledBodyTimesOutWith408() throws {
        let server = try TestServer(limits: { $0.readTimeout = .milliseconds(300) })
        defer { server.stop() }
        let connection = try server.raw()
        defer { connection.close() }
        try connection.send(Array("PUT /count HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc".utf8))
        let response = try #require(try parseResponses(connection.receiveUntilClosed(timeout: .seconds(5))).first)
        #expect(response.status.code == 408)
        #expect(try problemCode(of: response) == "request_timeout")
    }

    @Test func clientVanishingMidBodyDoesNotDisturbTheServer() throws {
        let server = try TestServer()
        defer { server.stop() }
        let connection = try server.raw()
        try connection.send(Array("PUT /count HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\nabc".utf8))
        connection.close()
        #expect(waitFor { server.server.connectionCount == 0 })
        #expect(try server.client().get("/hello").text == "hello")
    }

    @Test func bodyPolicyIsDecidedPerRequest() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let small = (0..<4).flatMap { Pattern.block($0) }
        let accepted = try client.execute(HTTPClientRequest(method: .put, target: "/upload", body: .bytes(small)))
        #expect(accepted.status == .ok)
        #expect(accepted.text.contains("\"intact\":true"))
        // /count allows any size: 2 MiB is fine there, while /upload allows 1 MiB.
        let big = (0..<32).flatMap { Pattern.block($0) }
        #expect(try client.execute(HTTPClientRequest(method: .put, target: "/count", body: .bytes(big))).status == .ok)
        #expect(
            try server.client().execute(HTTPClientRequest(method: .put, target: "/upload", body: .bytes(big))).status
                .code == 413
        )
    }
}
