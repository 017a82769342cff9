#if canImport(Glibc)
    import Glibc
#endif

/// Finds the lines of a message head (start line, field lines, empty line) in a growing buffer, enforcing the
/// size limits as bytes arrive so a client can never make us buffer more than the limits allow.
///
/// Scanning resumes where the last call stopped, so feeding a head one byte at a time costs linear time.
/// Line ends are CRLF or a bare LF (RFC 9112 §2.2 allows recognising LF alone; the CR is then dropped).
struct HeadScanner: Sendable {
    /// Limits in bytes, excluding line terminators for the start line.
    let startLineLimit: Int
    let fieldBytesLimit: Int
    let fieldCountLimit: Int
    /// False for a trailer section, which has field lines only.
    let hasStartLine: Bool

    private(set) var startLine: Range<Int>?
    private(set) var fieldLines: [Range<Int>] = []
    private var scanned = 0
    private var lineStart = 0
    private var fieldsStart = 0

    init(startLineLimit: Int, fieldBytesLimit: Int, fieldCountLimit: Int, hasStartLine: Bool = true) {
        self.startLineLimit = startLineLimit
        self.fieldBytesLimit = fieldBytesLimit
        self.fieldCountLimit = fieldCountLimit
        self.hasStartLine = hasStartLine
    }

    /// Scans `bytes` (the whole head so far, from its first byte) for the empty line that ends the head.
    ///
    /// - Returns: the number of bytes the head occupies, including the empty line; nil when more are needed.
    /// - Throws: `requestLineTooLong` (414) or `headersTooLarge` / `tooManyHeaders` (431) as soon as a limit is passed.
    mutating func scan(_ bytes: UnsafeRawBufferPointer) throws(HTTPParseError) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        while scanned < bytes.count {
            guard let found = memchr(base + scanned, 0x0A, bytes.count - scanned) else {
                scanned = bytes.count
                try checkPartialLine(length: bytes.count - lineStart, total: bytes.count)
                return nil
            }
            let lf = base.distance(to: UnsafeRawPointer(found))
            var end = lf
            if end > lineStart && bytes[end - 1] == 0x0D { end -= 1 }
            let line = lineStart..<end
            scanned = lf + 1
            lineStart = lf + 1
            if hasStartLine && startLine == nil {
                if line.isEmpty {
                    // RFC 9112 §2.2: ignore empty lines before the request line, within the start line's budget.
                    guard lineStart <= startLineLimit else { throw lineTooLong() }
                    continue
                }
                guard line.count <= startLineLimit else { throw lineTooLong() }
                startLine = line
                fieldsStart = lineStart
                continue
            }
            guard lineStart - fieldsStart <= fieldBytesLimit else { throw fieldsTooLarge() }
            if line.isEmpty { return lineStart }
            fieldLines.append(line)
            guard fieldLines.count <= fieldCountLimit else {
                throw HTTPParseError(
                    .tooManyHeaders,
                    "The request has more than \(fieldCountLimit) header fields; send fewer."
                )
            }
        }
        return nil
    }

    private func checkPartialLine(length: Int, total: Int) throws(HTTPParseError) {
        if hasStartLine && startLine == nil {
            // One more byte than the limit allows for a trailing CR.
            if length > startLineLimit + 1 { throw lineTooLong() }
        } else if total - fieldsStart > fieldBytesLimit {
            throw fieldsTooLarge()
        }
    }

    private func lineTooLong() -> HTTPParseError {
        HTTPParseError(
            .requestLineTooLong,
            "The request line is longer than \(startLineLimit) bytes; shorten the URL."
        )
    }

    private func fieldsTooLarge() -> HTTPParseError {
        HTTPParseError(
            .headersTooLarge,
            "The request's header fields exceed \(fieldBytesLimit) bytes; send smaller headers."
        )
    }
}
