internal import CLibPQ

/// Receives the server's NOTICE/WARNING messages for one connection.
final class NoticeSink: Sendable {
    let handler: @Sendable (String) -> Void
    init(_ handler: @escaping @Sendable (String) -> Void) { self.handler = handler }
}

/// Owns one `PGconn`; being non-copyable guarantees exactly one `PQfinish`, also when connecting failed.
/// It also keeps the notice sink alive for as long as libpq may call it.
struct ConnectionHandle: ~Copyable {
    let raw: OpaquePointer
    let notices: NoticeSink

    init(raw: OpaquePointer, notices: NoticeSink) {
        self.raw = raw
        self.notices = notices
        // libpq would print NOTICEs to stderr; route them to our logger instead.
        PQsetNoticeProcessor(raw, { context, message in
            guard let context, let message else { return }
            let sink = Unmanaged<NoticeSink>.fromOpaque(context).takeUnretainedValue()
            var text = String(cString: message)
            while text.last == "\n" { text.removeLast() }
            sink.handler(text)
        }, Unmanaged.passUnretained(notices).toOpaque())
    }

    deinit { PQfinish(raw) }

    var errorMessage: String {
        guard let message = PQerrorMessage(raw) else { return "unknown libpq error" }
        return String(cString: message).trimmingWhitespace()
    }

    var isBad: Bool { PQstatus(raw) == CONNECTION_BAD }
}

extension String {
    func trimmingWhitespace() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
