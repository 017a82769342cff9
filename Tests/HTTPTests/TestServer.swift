import Foundation
import Synchronization
import TestSupport

@testable import HTTP

/// A server on 127.0.0.1 port 0 running ``TestResponder`` with the given limits, recording its logs.
final class TestServer: Sendable {
    let server: HTTPServer
    let logs = Logs()
    let port: Int
    let host: String

    init(
        host: String = "127.0.0.1",
        maxConnections: Int = 256,
        limits configure: (inout HTTPLimits) -> Void = { _ in },
        responder: (any HTTPResponder)? = nil
    ) throws {
        var configuration = HTTPServerConfiguration(host: host, port: 0)
        configuration.maxConnections = maxConnections
        configure(&configuration.limits)
        let logs = self.logs
        configuration.accessLog = { entry in logs.access.withLock { $0.append(entry) } }
        configuration.errorLog = { line in logs.errors.withLock { $0.append(line) } }
        server = HTTPServer(configuration: configuration, responder: responder ?? TestResponder())
        try server.start()
        port = try unwrap(server.port)
        self.host = host
    }

    func client(keepAlive: Bool = true) -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.keepAlive = keepAlive
        configuration.readTimeout = .seconds(20)
        return HTTPClient(host: host, port: port, configuration: configuration)
    }

    func raw() throws -> TCPConnection {
        try TCPConnection(host: host, port: port, timeout: .seconds(5))
    }

    /// Sends raw bytes on a new connection and returns everything received until the server closes it.
    func exchangeRaw(_ bytes: [UInt8], halfClose: Bool = false, timeout: Duration = .seconds(10)) throws -> [UInt8] {
        let connection = try raw()
        defer { connection.close() }
        try? connection.send(bytes)
        if halfClose { connection.shutdownWrite() }
        return connection.receiveUntilClosed(timeout: timeout)
    }

    func stop(grace: Duration = .milliseconds(200)) {
        server.shutdown(grace: grace)
    }
}

private func unwrap<T>(_ value: T?) throws -> T {
    guard let value else { throw TestFailure("unexpected nil") }
    return value
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// What the server logged.
final class Logs: Sendable {
    let access = Mutex<[HTTPAccessLogEntry]>([])
    let errors = Mutex<[String]>([])

    /// The access log, once it has at least `count` entries (a line is written just after its response is
    /// sent, so a client can be a moment ahead of the log); waits at most 5 s.
    func accessEntries(atLeast count: Int = 1) -> [HTTPAccessLogEntry] {
        waitFor { access.withLock { $0.count >= count } }
        return access.withLock { $0 }
    }

    var accessEntries: [HTTPAccessLogEntry] { accessEntries(atLeast: 1) }

    var errorLines: [String] {
        waitFor { errors.withLock { !$0.isEmpty } }
        return errors.withLock { $0 }
    }
}

/// Splits a byte stream into the responses it holds (as a pipelining client would read them).
func parseResponses(_ bytes: [UInt8], requestMethods: [HTTPMethod]? = nil) throws -> [HTTPClientResponse] {
    let input = MemoryInput(bytes)
    var responses: [HTTPClientResponse] = []
    var index = 0
    while !input.buffered.isEmpty {
        let head = try ResponseReader.readHead(from: input, deadline: .now)
        let method = requestMethods.map { $0[min(index, $0.count - 1)] } ?? .get
        let framing = try ResponseReader.bodyFraming(of: head, requestMethod: method)
        var body: [UInt8] = []
        let trailers = try ResponseReader.readBody(from: input, framing: framing, deadline: { .now }) { body += $0 }
        if head.status.code >= 200 {
            responses.append(HTTPClientResponse(head: head, body: body, trailers: trailers))
            index += 1
        }
    }
    return responses
}

/// Checks a body is a problem document of the contract's shape; returns its `code`.
func problemCode(of response: HTTPClientResponse) throws -> String {
    guard response.headers["Content-Type"] == "application/problem+json" else {
        throw TestFailure("Content-Type is \(response.headers["Content-Type"] ?? "missing")")
    }
    guard let object = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] else {
        throw TestFailure("not a JSON object")
    }
    let expectedKeys: Set<String> =
        response.status.code == 500
        ? ["type", "title", "status", "code", "detail", "requestId"] : ["type", "title", "status", "code", "detail"]
    guard Set(object.keys) == expectedKeys, object["type"] as? String == "about:blank",
        object["title"] as? String == HTTPStatus.reasonPhrase(response.status.code),
        object["status"] as? Int == response.status.code, let code = object["code"] as? String, !code.isEmpty,
        let detail = object["detail"] as? String, detail.count > 10
    else {
        throw TestFailure("not the contract's problem shape: \(response.text)")
    }
    return code
}
