import Foundation
import Testing

@testable import HTTP

@Suite(.timeLimit(.minutes(1))) struct LoopbackBasicsTests {
    @Test func keepAliveServesManyRequestsOnOneConnection() throws {
        let server = try TestServer()
        defer { server.stop() }
        let connection = try server.raw()
        defer { connection.close() }
        for _ in 0..<5 {
            try connection.send(Array("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
            var received: [UInt8] = []
            while !String(decoding: received, as: UTF8.self).hasSuffix("hello") {
                received += try #require(try connection.receive(timeout: .seconds(5)))
            }
            let response = try #require(try parseResponses(received).first)
            #expect(response.status == .ok)
            #expect(response.headers["Connection"] == nil)
        }
        #expect(server.logs.accessEntries(atLeast: 5).count == 5)
    }

    @Test func clientReusesItsConnection() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        for _ in 0..<20 { #expect(try client.get("/hello").text == "hello") }
        let remotes = Set(server.logs.accessEntries(atLeast: 20).map(\.remoteAddress))
        #expect(remotes.count == 1)
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() throws {
        let server = try TestServer()
        defer { server.stop() }
        let requests =
            "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n"
            + "PUT /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nabcde"
            + "HEAD /hello HTTP/1.1\r\nHost: x\r\n\r\n"
            + "PUT /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nxyz\r\n0\r\n\r\n"
            + "GET /segments/a%2Fb HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        let bytes = try server.exchangeRaw(Array(requests.utf8))
        let responses = try parseResponses(bytes, requestMethods: [.get, .put, .head, .put, .get])
        #expect(responses.count == 5)
        #expect(responses.map(\.status.code) == [200, 200, 200, 200, 200])
        #expect(responses[0].text == "hello")
        #expect(responses[1].text == "abcde")
        #expect(responses[1].trailers["X-Bytes"] == "5")
        #expect(responses[2].body.isEmpty && responses[2].headers["Content-Length"] == "5")
        #expect(responses[3].text == "xyz")
        #expect(responses[4].text.contains("a\\/b") || responses[4].text.contains("a/b"))
        #expect(responses[4].headers["Connection"] == "close")
    }

    @Test func http10WithoutKeepAliveIsClosedAfterTheResponse() throws {
        let server = try TestServer()
        defer { server.stop() }
        let bytes = try server.exchangeRaw(Array("GET /hello HTTP/1.0\r\n\r\n".utf8))
        let response = try #require(try parseResponses(bytes).first)
        #expect(response.text == "hello")
        #expect(response.headers["Connection"] == "close")
    }

    @Test func pathSegmentsQueryAndRepeatedHeadersReachTheHandler() throws {
        let server = try TestServer()
        defer { server.stop() }
        let target =
            PercentEncoding.encodePath(["segments", "Jane's Services", "a/b", "100%", "été"])
            + "?name=" + PercentEncoding.encodeQueryComponent("ACME Corp.") + "&flag"
        let response = try server.client().execute(
            HTTPClientRequest(target: target, headers: ["Accept": "a", "accept": "b"])
        )
        let object = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
        #expect(object["segments"] as? [String] == ["segments", "Jane's Services", "a/b", "100%", "été"])
        #expect(object["accept"] as? [String] == ["a", "b"])
        let query = try #require(object["query"] as? [[Any]])
        #expect(query.first?.last as? String == "ACME Corp.")
        #expect(query.last?.last is NSNull)
    }

    @Test func requestIDIsExposedToHandlerHeaderAndLog() throws {
        let server = try TestServer()
        defer { server.stop() }
        let response = try server.client().get("/id")
        #expect(response.text.count == 12)
        #expect(response.headers["X-Request-Id"] == response.text)
        let entry = try #require(server.logs.accessEntries.first)
        #expect(entry.requestID == response.text)
        #expect(entry.method == "GET" && entry.path == "/id" && entry.status == 200 && entry.bytesSent == 12)
        #expect(entry.line.contains("request_id=\(response.text) method=GET path=/id status=200 bytes=12 duration_ms="))
    }

    @Test func handlerErrorsBecomeA500WithTheRequestIDAndNothingInternal() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        for path in ["/throw", "/noop"] {
            let response = try client.get(path)
            #expect(response.status == .internalServerError)
            #expect(try problemCode(of: response) == "internal")
            let requestID = try #require(response.headers["X-Request-Id"])
            #expect(response.text.contains(requestID))
            #expect(!response.text.contains("SELECT") && !response.text.contains("/srv"))
            #expect(server.logs.errorLines.contains { $0.contains(requestID) })
        }
        #expect(server.logs.errorLines.contains { $0.contains("SomeInternalFailure") })
        // The connection survives a handler error.
        #expect(try client.get("/hello").text == "hello")
    }

    @Test func failureAfterTheHeadClosesTheConnectionWithATruncatedBody() throws {
        let server = try TestServer()
        defer { server.stop() }
        #expect(throws: HTTPClientError.self) { try server.client().get("/partial") }
        #expect(server.logs.errorLines.contains { $0.contains("after its response head") })
    }

    @Test func unreadBodiesAreDrainedSoTheConnectionStaysUsable() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let rejected = try client.execute(
            HTTPClientRequest(method: .put, target: "/reject", body: .bytes(Array(repeating: 1, count: 200_000)))
        )
        #expect(rejected.status == .forbidden)
        #expect(rejected.headers["Connection"] == nil)
        #expect(try client.get("/hello").text == "hello")
        #expect(Set(server.logs.accessEntries(atLeast: 2).map(\.remoteAddress)).count == 1)
    }

    @Test func ipv6LoopbackWorks() throws {
        let server: TestServer
        do {
            server = try TestServer(host: "::1")
        } catch {
            return  // no IPv6 on this machine
        }
        defer { server.stop() }
        #expect(try server.client().get("/hello").text == "hello")
        #expect(server.logs.accessEntries.first?.remoteAddress.hasPrefix("[::1]:") == true)
        let client = try HTTPClient(url: "http://[::1]:\(server.port)")
        #expect(try client.get("/hello").status == .ok)
    }

    @Test func streamedChunkedUploadFromAClosure() throws {
        let server = try TestServer()
        defer { server.stop() }
        var index = 0
        let response = try server.client().execute(
            HTTPClientRequest(
                method: .put,
                target: "/count",
                body: .stream(length: nil) {
                    defer { index += 1 }
                    return index < 20 ? Pattern.block(index) : nil
                }
            )
        )
        #expect(response.text.contains("\"bytes\":\(20 * Pattern.blockSize)"))
        #expect(response.text.contains("\"intact\":true"))
    }

    @Test func fileUploadAndChunkedDownload() throws {
        let server = try TestServer()
        defer { server.stop() }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("nsbackup-http-\(UUID()).bin").path
        let data = (0..<8).flatMap { Pattern.block($0) }
        _ = FileManager.default.createFile(atPath: path, contents: Data(data))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let client = server.client()
        let upload = try client.execute(HTTPClientRequest(method: .put, target: "/count", body: .file(path: path)))
        #expect(upload.text.contains("\"blocks\":8,\"intact\":true"))
        let verifier = PatternVerifier()
        var sawLength: String?
        let head = try client.execute(
            HTTPClientRequest(target: "/download?blocks=8&chunked=1"),
            onHead: { sawLength = $0.headers["Transfer-Encoding"] }
        ) { verifier.feed($0) }
        #expect(head.status == .ok)
        #expect(sawLength == "chunked")
        #expect(verifier.blocks == 8 && verifier.isIntact)
    }
}
