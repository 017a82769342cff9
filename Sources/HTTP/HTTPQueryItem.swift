/// One `name[=value]` member of a query string, percent-decoded.
public struct HTTPQueryItem: Sendable, Equatable, CustomStringConvertible {
    public var name: String
    /// nil for a bare `?flag`, "" for `?flag=`.
    public var value: String?

    public init(name: String, value: String?) {
        self.name = name
        self.value = value
    }

    public var description: String { value.map { "\(name)=\($0)" } ?? name }

    /// Parses a raw query string (without `?`): members split on `&`, then on the first `=`,
    /// each side percent-decoded with `+` read as a space. Empty members (`a=1&&b=2`) are skipped.
    ///
    /// - Returns: the items in order, or nil when an escape is malformed or decodes to invalid UTF-8.
    public static func parse(_ query: some StringProtocol) -> [HTTPQueryItem]? {
        var items: [HTTPQueryItem] = []
        for member in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = member.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = PercentEncoding.decode(parts[0], plusAsSpace: true) else { return nil }
            if parts.count == 2 {
                guard let value = PercentEncoding.decode(parts[1], plusAsSpace: true) else { return nil }
                items.append(HTTPQueryItem(name: name, value: value))
            } else {
                items.append(HTTPQueryItem(name: name, value: nil))
            }
        }
        return items
    }
}

extension Array where Element == HTTPQueryItem {
    /// The value of the first item named `name` (nil when absent or bare).
    public func value(for name: String) -> String? {
        first { $0.name == name }?.value ?? nil
    }
}
