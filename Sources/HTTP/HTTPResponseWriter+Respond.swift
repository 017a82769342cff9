import Foundation

extension HTTPResponseWriter {
    /// Sends a complete response whose body is in memory, with a `Content-Length`; head and body leave
    /// together when they fit 64 KiB.
    public func respond(status: HTTPStatus, headers: HTTPHeaders = HTTPHeaders(), body: UnsafeRawBufferPointer) throws {
        try writeHead(status: status, headers: headers, contentLength: status.forbidsBody ? nil : Int64(body.count))
        if !status.forbidsBody { try write(body) }
        try finish()
    }

    public func respond(status: HTTPStatus, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) throws {
        try body.withUnsafeBytes { try respond(status: status, headers: headers, body: $0) }
    }

    public func respond(status: HTTPStatus, headers: HTTPHeaders = HTTPHeaders(), body: Data) throws {
        try body.withUnsafeBytes { try respond(status: status, headers: headers, body: $0) }
    }

    /// Sends a UTF-8 text body.
    public func respond(status: HTTPStatus, headers: HTTPHeaders = HTTPHeaders(), text: String) throws {
        try respond(status: status, headers: headers, body: Array(text.utf8))
    }

    /// Sends a problem document (`application/problem+json`).
    public func respond(problem: HTTPProblem, headers: HTTPHeaders = HTTPHeaders()) throws {
        var headers = headers
        headers.replaceOrAdd(name: "Content-Type", value: HTTPProblem.mediaType)
        try respond(status: problem.status, headers: headers, body: problem.json)
    }

    /// Streams a body of known length: writes the head, lets `body` write exactly `contentLength` bytes
    /// through this writer, then finishes.
    public func respond(
        status: HTTPStatus,
        headers: HTTPHeaders = HTTPHeaders(),
        contentLength: Int64,
        body: (HTTPResponseWriter) throws -> Void
    ) throws {
        try writeHead(status: status, headers: headers, contentLength: contentLength)
        try body(self)
        try finish()
    }

    /// Streams a chunked body: writes the head, lets `body` write any number of bytes, then finishes.
    public func respondChunked(
        status: HTTPStatus,
        headers: HTTPHeaders = HTTPHeaders(),
        body: (HTTPResponseWriter) throws -> Void
    ) throws {
        try writeHead(status: status, headers: headers, contentLength: nil)
        try body(self)
        try finish()
    }
}
