internal import CLibPQ

extension PostgresConnection {
    /// A keyword/value connection string with the settings this connection actually used (after URI
    /// expansion and `PG*` defaults), with `overrides` applied. Used to hand another process the same
    /// server with another database. Contains the password if one was used: never log it.
    public func conninfoString(overriding overrides: [String: String] = [:]) -> String {
        var pairs: [(String, String)] = []
        withRawHandle { raw in
            guard let options = PQconninfo(raw) else { return }
            defer { PQconninfoFree(options) }
            var index = 0
            while let keyword = options[index].keyword {
                defer { index += 1 }
                guard let value = options[index].val else { continue }
                let key = String(cString: keyword)
                // Not meaningful to pass on: these are derived or process-specific.
                if ["replication", "fallback_application_name"].contains(key) { continue }
                pairs.append((key, String(cString: value)))
            }
        }
        var merged = pairs.filter { overrides[$0.0] == nil }
        merged += overrides.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        return merged.filter { !$0.1.isEmpty }.map { "\($0.0)=\(Self.quoteConninfoValue($0.1))" }.joined(separator: " ")
    }

    /// Quotes a value for a keyword/value connection string (libpq §34.1.1): single quotes, with `\` and `'`
    /// escaped by a backslash.
    static func quoteConninfoValue(_ value: String) -> String {
        var quoted = "'"
        for character in value {
            if character == "'" || character == "\\" { quoted.append("\\") }
            quoted.append(character)
        }
        return quoted + "'"
    }
}
