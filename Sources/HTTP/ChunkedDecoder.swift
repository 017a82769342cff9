#if canImport(Glibc)
    import Glibc
#endif

/// Decodes a chunked body (RFC 9112 §7.1) from bytes, without I/O and without copying the data.
///
/// Call ``next(_:)`` with the unread input; it consumes framing bytes and points at body bytes inside the
/// input. Chunk extensions are accepted and ignored (§7.1.1); trailer fields are parsed, checked and
/// returned at the end (§7.1.2). A chunk-size line longer than ``HTTPLimits/maxChunkLineBytes`` is refused, so
/// a hostile client cannot make the caller buffer without bound.
public struct ChunkedDecoder: Sendable {
    /// What the decoder found next in the input.
    public enum Step: Equatable, Sendable {
        /// Body bytes at this range of the input.
        case data(Range<Int>)
        /// The input ends inside framing; call again with more bytes appended after the unconsumed ones.
        case needMore
        /// The last chunk and trailer section were read; these are the trailer fields (often none).
        case end(trailers: HTTPHeaders)
    }

    private enum State: Sendable {
        case sizeLine
        case data(remaining: Int64)
        case dataEnd
        case trailers(HeadScanner)
        case done(HTTPHeaders)
    }

    private var state = State.sizeLine
    private let limits: HTTPLimits

    public init(limits: HTTPLimits = HTTPLimits()) {
        self.limits = limits
    }

    /// Whether the final chunk and its trailers have been read.
    public var isFinished: Bool {
        if case .done = state { return true }
        return false
    }

    /// Decodes from the start of `input`.
    ///
    /// - Parameter maxData: the most body bytes one `.data` step may cover (the caller's buffer size).
    /// - Returns: the next step and how many bytes of `input` it consumed; unconsumed bytes must be passed again.
    /// - Throws: ``HTTPParseError`` `malformedChunk` (bad hex, size overflow, garbage after the data, a line over
    ///   the limit) or `headersTooLarge` / `tooManyHeaders` / `malformedHeader` for the trailer section.
    public mutating func next(_ input: UnsafeRawBufferPointer, maxData: Int = .max) throws(HTTPParseError) -> (
        step: Step, consumed: Int
    ) {
        var offset = 0
        while true {
            let available = input.count - offset
            switch state {
            case .sizeLine:
                guard available > 0, let base = input.baseAddress,
                    let found = memchr(base + offset, 0x0A, available)
                else {
                    guard available <= limits.maxChunkLineBytes else {
                        throw HTTPParseError(
                            .malformedChunk,
                            "A chunk-size line is longer than \(limits.maxChunkLineBytes) bytes."
                        )
                    }
                    return (.needMore, offset)
                }
                let lf = base.distance(to: UnsafeRawPointer(found))
                guard lf - offset <= limits.maxChunkLineBytes else {
                    throw HTTPParseError(
                        .malformedChunk,
                        "A chunk-size line is longer than \(limits.maxChunkLineBytes) bytes."
                    )
                }
                var end = lf
                if end > offset && input[end - 1] == 0x0D { end -= 1 }
                let size = try Self.parseSizeLine(UnsafeRawBufferPointer(rebasing: input[offset..<end]))
                offset = lf + 1
                state = size == 0 ? .trailers(trailerScanner()) : .data(remaining: size)
            case .data(let remaining):
                guard available > 0 else { return (.needMore, offset) }
                let count = Int(min(remaining, Int64(min(available, max(1, maxData)))))
                state = remaining == Int64(count) ? .dataEnd : .data(remaining: remaining - Int64(count))
                return (.data(offset..<offset + count), offset + count)
            case .dataEnd:
                guard available > 0 else { return (.needMore, offset) }
                if input[offset] == 0x0A {
                    offset += 1
                } else if input[offset] == 0x0D {
                    guard available > 1 else { return (.needMore, offset) }
                    guard input[offset + 1] == 0x0A else { throw dataOverrun() }
                    offset += 2
                } else {
                    throw dataOverrun()
                }
                state = .sizeLine
            case .trailers(var scanner):
                let rest = UnsafeRawBufferPointer(rebasing: input[offset...])
                guard let length = try scanner.scan(rest) else {
                    state = .trailers(scanner)
                    return (.needMore, offset)
                }
                var trailers = HTTPHeaders()
                for (index, line) in scanner.fieldLines.enumerated() {
                    let field = try FieldLineParser.parseField(
                        UnsafeRawBufferPointer(rebasing: rest[line]),
                        number: index + 1
                    )
                    trailers.add(name: field.name, value: field.value)
                }
                state = .done(trailers)
                return (.end(trailers: trailers), offset + length)
            case .done(let trailers):
                return (.end(trailers: trailers), offset)
            }
        }
    }

    /// `chunk-size [ chunk-ext ]`: 1–15 hex digits (so the size fits an `Int64`), then optional white space
    /// and `;`-introduced extensions made of visible characters.
    static func parseSizeLine(_ line: UnsafeRawBufferPointer) throws(HTTPParseError) -> Int64 {
        var size: Int64 = 0
        var digits = 0
        while digits < line.count, let value = PercentEncoding.hexValue(line[digits]) {
            digits += 1
            guard digits <= 15 else {
                throw HTTPParseError(
                    .malformedChunk,
                    "The chunk size '\(FieldLineParser.printable(line))' is too large."
                )
            }
            size = size << 4 | Int64(value)
        }
        guard digits > 0 else {
            throw HTTPParseError(
                .malformedChunk,
                "The chunk-size line '\(FieldLineParser.printable(line))' does not start with a hexadecimal size."
            )
        }
        var rest = digits
        while rest < line.count && (line[rest] == 0x20 || line[rest] == 0x09) { rest += 1 }
        guard rest == line.count || line[rest] == UInt8(ascii: ";") else {
            throw HTTPParseError(
                .malformedChunk,
                "The chunk-size line '\(FieldLineParser.printable(line))' has characters after the hexadecimal size."
            )
        }
        guard line[rest...].allSatisfy(FieldLineParser.isFieldValueByte) else {
            throw HTTPParseError(.malformedChunk, "A chunk extension contains a control character.")
        }
        return size
    }

    private func trailerScanner() -> HeadScanner {
        HeadScanner(
            startLineLimit: 0,
            fieldBytesLimit: limits.maxHeaderBytes,
            fieldCountLimit: limits.maxHeaderCount,
            hasStartLine: false
        )
    }

    private func dataOverrun() -> HTTPParseError {
        HTTPParseError(.malformedChunk, "A chunk's data is longer than its declared size (no CRLF after the data).")
    }
}
