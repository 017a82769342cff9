/// The request-target of a request line (RFC 9112 §3.2) split into path and query, both decoded.
public struct HTTPRequestTarget: Sendable, Equatable {
    /// The target exactly as sent, e.g. `/v1/items/a%2Fb?kind=file`.
    public var raw: String
    /// The path as sent, still percent-encoded, e.g. `/v1/items/a%2Fb`; `*` for `OPTIONS *`.
    public var path: String
    /// The path split on `/` and then percent-decoded one segment at a time, so an encoded `%2F` stays inside
    /// its segment: `/v1/items/a%2Fb` → `["v1", "items", "a/b"]`. `/` gives `[]`; a trailing slash gives a
    /// final empty segment (`/a/` → `["a", ""]`). Dot segments are not resolved (RFC 3986 §5.2.4): the
    /// application refuses `.` and `..` where they matter.
    public var pathSegments: [String]
    /// The query as sent, without `?`; nil when the target has no `?`.
    public var rawQuery: String?
    /// The decoded query items in order (see ``HTTPQueryItem/parse(_:)``).
    public var queryItems: [HTTPQueryItem]

    /// Parses a request-target in origin form (`/path?query`), absolute form (`http://host/path?query`,
    /// which RFC 9112 §3.2.2 says a server must accept) or asterisk form (`*`).
    ///
    /// - Throws: ``HTTPParseError`` `invalidTarget` for other forms, bytes outside visible ASCII or a `#`;
    ///   `invalidPathEncoding` for a malformed `%` escape or a segment that is not UTF-8 once decoded.
    public init(parsing raw: String) throws(HTTPParseError) {
        self.raw = raw
        guard !raw.isEmpty, raw.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "#") }) else {
            throw HTTPParseError(
                .invalidTarget,
                "The request target '\(Self.printable(raw))' contains a space, a control character, a '#' "
                    + "or a byte outside ASCII; percent-encode them."
            )
        }
        if raw == "*" {
            self.path = "*"
            self.pathSegments = []
            self.rawQuery = nil
            self.queryItems = []
            return
        }
        var originForm = Substring(raw)
        if !raw.hasPrefix("/") {
            // Absolute form: scheme "://" authority path-abempty [ "?" query ].
            let lowered = raw.lowercased()
            let schemeLength = lowered.hasPrefix("http://") ? 7 : lowered.hasPrefix("https://") ? 8 : 0
            guard schemeLength > 0 else {
                throw HTTPParseError(
                    .invalidTarget,
                    "The request target '\(Self.printable(raw))' must start with '/' (origin form)."
                )
            }
            let afterAuthority = raw.dropFirst(schemeLength)
            if let slash = afterAuthority.firstIndex(where: { $0 == "/" || $0 == "?" }) {
                originForm = afterAuthority[slash...]
                if originForm.hasPrefix("?") { originForm = "/" + originForm }
            } else {
                originForm = "/"
            }
        }
        let pathPart: Substring
        if let question = originForm.firstIndex(of: "?") {
            pathPart = originForm[..<question]
            rawQuery = String(originForm[originForm.index(after: question)...])
        } else {
            pathPart = originForm
            rawQuery = nil
        }
        self.path = String(pathPart)
        var segments: [String] = []
        if pathPart != "/" {
            for encoded in pathPart.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
                guard let segment = PercentEncoding.decode(encoded) else {
                    throw HTTPParseError(
                        .invalidPathEncoding,
                        "The path segment '\(encoded)' has a malformed percent-escape or does not decode to UTF-8."
                    )
                }
                segments.append(segment)
            }
        }
        self.pathSegments = segments
        if let rawQuery {
            guard let items = HTTPQueryItem.parse(rawQuery) else {
                throw HTTPParseError(
                    .invalidPathEncoding,
                    "The query '\(rawQuery)' has a malformed percent-escape or does not decode to UTF-8."
                )
            }
            self.queryItems = items
        } else {
            self.queryItems = []
        }
    }

    /// At most 200 characters of untrusted input, with anything unprintable escaped, for use in messages.
    static func printable(_ text: some StringProtocol) -> String {
        var out = ""
        for scalar in text.unicodeScalars.prefix(200) {
            if scalar.value < 0x20 || scalar.value == 0x7F {
                out += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return text.unicodeScalars.count > 200 ? out + "…" : out
    }
}
