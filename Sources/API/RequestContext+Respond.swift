import HTTP

extension RequestContext {
    /// Answers with `value` as JSON (`application/json; charset=utf-8`, contract conventions, see ``JSON``).
    public func respond(_ status: HTTPStatus = .ok, json value: some Encodable, headers: HTTPHeaders = HTTPHeaders())
        throws
    {
        var headers = headers
        headers.replaceOrAdd(name: "Content-Type", value: JSON.mediaType)
        if !headers.contains("Cache-Control") { headers.add(name: "Cache-Control", value: "no-store") }
        try writer.respond(status: status, headers: headers, body: try JSON.encode(value))
    }

    /// Answers `204 No Content`.
    public func respondNoContent(headers: HTTPHeaders = HTTPHeaders()) throws {
        try writer.respond(status: .noContent, headers: headers)
    }

    /// Answers with a problem document (most handlers throw the ``Problem`` instead).
    public func respond(problem: Problem) throws {
        try writer.respond(problem: problem.httpProblem, headers: problem.headers)
    }

    /// Streams a body of known length: writes the head, lets `body` write exactly `contentLength` bytes through
    /// the writer (`try writer.write(bytes)`, in pieces), then finishes. For `HEAD` the bytes are counted, not sent.
    ///
    /// Once the head is out, an error can no longer become a problem document: the connection is closed, so the
    /// client sees a short body (never a wrong one). Check everything that can fail before calling this.
    public func respond(
        status: HTTPStatus = .ok,
        headers: HTTPHeaders,
        contentLength: Int64,
        body: (HTTPResponseWriter) throws -> Void
    ) throws {
        try writer.respond(status: status, headers: headers, contentLength: contentLength, body: body)
    }

    /// Streams a body of unknown length with chunked transfer coding (same error rule as above).
    public func respondChunked(
        status: HTTPStatus = .ok,
        headers: HTTPHeaders,
        body: (HTTPResponseWriter) throws -> Void
    ) throws {
        try writer.respondChunked(status: status, headers: headers, body: body)
    }
}
