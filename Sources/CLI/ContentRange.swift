/// A `Content-Range: bytes first-last/complete` response header (RFC 9110 §14.4), as a 206 answer carries it.
struct ContentRange: Equatable, Sendable {
    var first: Int64
    var last: Int64
    /// The whole representation's length; nil for `*`.
    var completeLength: Int64?

    init(first: Int64, last: Int64, completeLength: Int64?) {
        self.first = first
        self.last = last
        self.completeLength = completeLength
    }

    /// Parses `bytes 100-199/1000` (or `/*`); nil for anything else, including `bytes */1000` (a 416's form).
    init?(_ header: String) {
        let text = header.trimmingSpaces()
        guard text.lowercased().hasPrefix("bytes ") else { return nil }
        let spec = text.dropFirst(6).trimmingSpaces()
        let halves = spec.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard halves.count == 2 else { return nil }
        let bounds = halves[0].split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard bounds.count == 2, let first = Int64(bounds[0]), let last = Int64(bounds[1]), first >= 0, last >= first
        else { return nil }
        self.first = first
        self.last = last
        if halves[1] == "*" {
            completeLength = nil
        } else {
            guard let complete = Int64(halves[1]), complete > last else { return nil }
            completeLength = complete
        }
    }
}

extension StringProtocol {
    fileprivate func trimmingSpaces() -> String {
        guard let start = firstIndex(where: { $0 != " " }), let end = lastIndex(where: { $0 != " " }) else { return "" }
        return String(self[start...end])
    }
}
