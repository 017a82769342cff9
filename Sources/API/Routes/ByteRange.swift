import Foundation

/// A single-range `Range: bytes=…` request header (RFC 9110 §14.1.2), against a body of known size.
enum ByteRange {
    enum Outcome: Equatable {
        /// Serve these bytes (inclusive) with 206.
        case satisfiable(ClosedRange<Int64>)
        /// No byte of the range exists: 416 with `Content-Range: bytes */size`.
        case unsatisfiable
        /// Not a single byte range this server serves (malformed, several ranges, another unit): serve the whole
        /// body with 200, as RFC 9110 §14.2 allows.
        case ignored
    }

    static func parse(_ header: String, size: Int64) -> Outcome {
        let trimmed = header.trimmingCharacters(in: .whitespaces)
        guard trimmed.lowercased().hasPrefix("bytes="), size > 0 else { return .ignored }
        let spec = trimmed.dropFirst("bytes=".count).trimmingCharacters(in: .whitespaces)
        guard !spec.contains(","), let dash = spec.firstIndex(of: "-") else { return .ignored }
        let first = spec[..<dash].trimmingCharacters(in: .whitespaces)
        let last = spec[spec.index(after: dash)...].trimmingCharacters(in: .whitespaces)
        guard first.allSatisfy(\.isASCIIDigit), last.allSatisfy(\.isASCIIDigit), first.count <= 18, last.count <= 18 else {
            return .ignored
        }
        if first.isEmpty {
            // A suffix: the last N bytes.
            guard let count = Int64(last) else { return .ignored }
            guard count > 0 else { return .unsatisfiable }
            return .satisfiable(max(0, size - count)...(size - 1))
        }
        guard let start = Int64(first) else { return .ignored }
        let end = last.isEmpty ? Int64.max : (Int64(last) ?? -1)
        guard end >= start else { return .ignored }   // "5-3" is not a valid range: ignored, per RFC 9110 §14.1.1
        guard start < size else { return .unsatisfiable }
        return .satisfiable(start...min(end, size - 1))
    }

    /// `If-Range` (RFC 9110 §13.1.5): the range applies only if the validator is the current strong ETag; a date
    /// or another tag means "send it all".
    static func ifRangeAllows(_ ifRange: String?, etag: String) -> Bool {
        guard let ifRange else { return true }
        return ifRange.trimmingCharacters(in: .whitespaces) == etag
    }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
