#if canImport(Glibc)
    import Glibc
#endif

extension HTTPClient {
    /// One request and its response on `connection`; keeps the connection for reuse when both sides allow.
    func exchange(
        _ request: HTTPClientRequest,
        on connection: TCPConnection,
        onHead: (HTTPClientResponseHead) throws -> Void,
        onBody: (UnsafeRawBufferPointer) throws -> Void
    ) throws -> HTTPClientResponseHead {
        let length = try bodyLength(request.body)
        let expectContinue = request.expectContinue && !request.body.isEmpty
        var head = makeHead(request, contentLength: length, expectContinue: expectContinue)
        var mustClose = !configuration.keepAlive || request.headers.listContains("Connection", token: "close")
        var earlyHead: HTTPClientResponseHead?

        if case .bytes(let bytes) = request.body, !expectContinue, bytes.count <= 64 * 1024 {
            head.append(contentsOf: bytes)
            try connection.send(head)
        } else {
            try connection.send(head)
            if expectContinue {
                earlyHead = try awaitContinue(on: connection)
            }
            if earlyHead == nil {
                do {
                    try sendBody(request.body, length: length, on: connection)
                } catch let error as SocketError where error.code == .connectionClosed {
                    // The server may have answered early (413, 401) and closed: read that answer if it is there.
                    mustClose = true
                    earlyHead = try? readFinalHead(on: connection)
                    if earlyHead == nil { throw error }
                }
            } else if earlyHead!.status.code >= 200 {
                // A final answer instead of 100: the body was not sent, so this connection's framing is done for.
                mustClose = true
            } else {
                earlyHead = nil
                try sendBody(request.body, length: length, on: connection)
            }
        }
        let response = try earlyHead ?? readFinalHead(on: connection)
        try onHead(response)
        let framing = try ResponseReader.bodyFraming(of: response, requestMethod: request.method)
        let readTimeout = configuration.readTimeout
        _ = try ResponseReader.readBody(
            from: connection.stream,
            framing: framing,
            deadline: { .now + readTimeout },
            onBody: onBody
        )
        if !mustClose && response.isKeepAlive && framing != .untilClose {
            self.connectionForReuse(connection)
        } else {
            connection.close()
        }
        return response
    }

    /// Waits up to the expect timeout for the server's first word: `100` (returned, status 100), a final
    /// response (returned), or nothing (nil: send the body anyway).
    private func awaitContinue(on connection: TCPConnection) throws -> HTTPClientResponseHead? {
        do {
            try connection.socket.wait(for: Int16(POLLIN), until: .now + configuration.expectContinueTimeout)
        } catch let error where error.code == .timeout {
            return nil
        }
        return try ResponseReader.readHead(from: connection.stream, deadline: .now + configuration.readTimeout)
    }

    /// Reads heads until a final (non-1xx) one.
    private func readFinalHead(on connection: TCPConnection) throws -> HTTPClientResponseHead {
        while true {
            let head = try ResponseReader.readHead(from: connection.stream, deadline: .now + configuration.readTimeout)
            if !(100..<200).contains(head.status.code) { return head }
        }
    }

    private func makeHead(_ request: HTTPClientRequest, contentLength: Int64?, expectContinue: Bool) -> [UInt8] {
        let hostField = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]:\(port)" : "\(host):\(port)"
        var text = "\(request.method.rawValue) \(basePath)\(request.target) HTTP/1.1\r\n"
        // Defaults give way to the request's own fields of the same name; the request's repeats are kept.
        var headers = configuration.defaultHeaders
        for field in request.headers { headers.remove(name: field.name) }
        for field in request.headers { headers.add(name: field.name, value: field.value) }
        if !headers.contains("Host") { text += "Host: \(hostField)\r\n" }
        for field in headers {
            let name = field.name.lowercased()
            if name == "content-length" || name == "transfer-encoding" || name == "expect" { continue }
            text += "\(field.name): \(field.value)\r\n"
        }
        if let contentLength {
            if contentLength > 0 || request.method == .post || request.method == .put || request.method == .patch {
                text += "Content-Length: \(contentLength)\r\n"
            }
        } else {
            text += "Transfer-Encoding: chunked\r\n"
        }
        if expectContinue { text += "Expect: 100-continue\r\n" }
        if !configuration.keepAlive && !request.headers.contains("Connection") { text += "Connection: close\r\n" }
        return Array((text + "\r\n").utf8)
    }

    /// The Content-Length to send, nil for chunked.
    private func bodyLength(_ body: HTTPClientRequest.Body) throws -> Int64? {
        switch body {
        case .none: return 0
        case .bytes(let bytes): return Int64(bytes.count)
        case .stream(let length, _): return length
        case .file(let path, let offset, let length):
            if let length { return length }
            var info = stat()
            guard stat(path, &info) == 0 else {
                let error = errno
                throw HTTPClientError(.requestBody, "Cannot read '\(path)': \(SocketAddress.reason(error)).")
            }
            return max(0, Int64(info.st_size) - offset)
        }
    }

    private func sendBody(_ body: HTTPClientRequest.Body, length: Int64?, on connection: TCPConnection) throws {
        switch body {
        case .none:
            return
        case .bytes(let bytes):
            try connection.send(bytes)
        case .stream(let declared, let next):
            var sent: Int64 = 0
            while let piece = try next() {
                guard !piece.isEmpty else { continue }
                sent += Int64(piece.count)
                if let declared {
                    guard sent <= declared else {
                        throw HTTPClientError(
                            .requestBody,
                            "The body source produced more than the declared \(declared) bytes."
                        )
                    }
                    try connection.send(piece)
                } else {
                    try connection.send(Array((String(piece.count, radix: 16) + "\r\n").utf8) + piece + [0x0D, 0x0A])
                }
            }
            if let declared, sent != declared {
                throw HTTPClientError(
                    .requestBody,
                    "The body source produced \(sent) of the declared \(declared) bytes."
                )
            }
            if declared == nil { try connection.send(Array("0\r\n\r\n".utf8)) }
        case .file(let path, let offset, _):
            try sendFile(path: path, offset: offset, length: length ?? 0, on: connection)
        }
    }

    private func sendFile(path: String, offset: Int64, length: Int64, on connection: TCPConnection) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let error = errno
            throw HTTPClientError(.requestBody, "Cannot open '\(path)': \(SocketAddress.reason(error)).")
        }
        defer { _ = Glibc.close(fd) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 * 1024, alignment: 16)
        defer { buffer.deallocate() }
        var position = offset
        var remaining = length
        while remaining > 0 {
            let count = pread(fd, buffer.baseAddress, Int(min(Int64(buffer.count), remaining)), off_t(position))
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                throw HTTPClientError(
                    .requestBody,
                    "'\(path)' ended or failed to read after \(position - offset) bytes."
                )
            }
            try connection.send(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
            position += Int64(count)
            remaining -= Int64(count)
        }
    }
}
