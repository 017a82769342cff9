import Foundation
import Testing

@testable import HTTP

@Suite(.timeLimit(.minutes(1))) struct ExpectContinueTests {
    @Test func continueIsSentOnlyWhenTheHandlerStartsReading() throws {
        let server = try TestServer()
        defer { server.stop() }
        let connection = try server.raw()
        defer { connection.close() }
        try connection.send(
            Array("PUT /count HTTP/1.1\r\nHost: x\r\nContent-Length: 65536\r\nExpect: 100-continue\r\n\r\n".utf8)
        )
        let interim = try #require(try connection.receive(timeout: .seconds(5)))
        #expect(String(decoding: interim, as: UTF8.self) == "HTTP/1.1 100 Continue\r\n\r\n")
        try connection.send(Pattern.block(0))
        var received: [UInt8] = []
        while !String(decoding: received, as: UTF8.self).hasSuffix("}") {
            received += try #require(try connection.receive(timeout: .seconds(5)))
        }
        let response = try #require(try parseResponses(received).first)
        #expect(response.text.contains("\"intact\":true,\"continue\":true"))
    }

    @Test func handlerThatRefusesWithoutReadingSendsNoContinueAndCloses() throws {
        let server = try TestServer()
        defer { server.stop() }
        let bytes = try server.exchangeRaw(
            Array("PUT /reject HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\nExpect: 100-continue\r\n\r\n".utf8)
        )
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(!text.contains("100 Continue"))
        #expect(text.hasPrefix("HTTP/1.1 403 Forbidden\r\n"))
        #expect(text.contains("Connection: close\r\n"))
    }

    @Test func clientWaitsForContinueThenUploads() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let blocks = (0..<64).flatMap { Pattern.block($0) }
        let response = try client.execute(
            HTTPClientRequest(method: .put, target: "/count", body: .bytes(blocks), expectContinue: true)
        )
        #expect(response.text.contains("\"blocks\":64,\"intact\":true,\"continue\":true"))
        let echo = try client.execute(
            HTTPClientRequest(method: .post, target: "/echo", body: .bytes(Array("ping".utf8)), expectContinue: true)
        )
        #expect(echo.text == "ping")
    }

    static let curlPath = "/usr/bin/curl"

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: curlPath)))
    func curlUploadWithExpectContinue() throws {
        let server = try TestServer()
        defer { server.stop() }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("nsbackup-curl-\(UUID()).bin").path
        _ = FileManager.default.createFile(atPath: path, contents: Data((0..<48).flatMap { Pattern.block($0) }))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let url = "http://127.0.0.1:\(server.port)/count"
        // `-T` uploads with PUT; curl adds `Expect: 100-continue` by itself for large bodies, we also force it.
        let upload = try runCurl(["-sS", "-v", "-T", path, "-H", "Expect: 100-continue", url])
        #expect(upload.status == 0)
        #expect(upload.stderr.contains("HTTP/1.1 100 Continue"))
        #expect(upload.stdout.contains("\"blocks\":48,\"intact\":true,\"continue\":true"))
        let post = try runCurl([
            "-sS", "-v", "--data-binary", "@" + path, "-H", "Content-Type: application/octet-stream", url,
        ])
        #expect(post.status == 0)
        #expect(post.stdout.contains("\"blocks\":48,\"intact\":true"))
        let refused = try runCurl([
            "-sS", "-v", "-T", path, "-H", "Expect: 100-continue", "http://127.0.0.1:\(server.port)/upload",
        ])
        #expect(refused.stdout.contains("payload_too_large"))
        #expect(!refused.stderr.contains("100 Continue"))
        let chunked = try runCurl(["-sS", "-T", path, "-H", "Transfer-Encoding: chunked", url])
        #expect(chunked.stdout.contains("\"blocks\":48,\"intact\":true"))
    }

    private func runCurl(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.curlPath)
        process.arguments = ["--max-time", "20"] + arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (
            process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self)
        )
    }
}
