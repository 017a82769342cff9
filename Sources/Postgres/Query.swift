/// A SQL statement whose values travel as bound parameters, never as SQL text.
///
/// Interpolating a value appends `$n` and binds the value (postgres-nio's idea):
///
///     try db.query("SELECT id FROM namespaces WHERE name = \(name)")   // name is sent as $1
///
/// Literal text in the string is SQL. SQL that must be assembled from non-literal text (DDL in
/// migrations, test schema names) goes through the visibly unsafe `Query(unsafeSQL:)`, so review
/// can find every such place with grep.
public struct Query: Sendable, ExpressibleByStringInterpolation, CustomStringConvertible {
    public private(set) var sql: String
    public private(set) var bindings: [PostgresValue]

    /// SQL text used verbatim. Never build it from user input.
    public init(unsafeSQL sql: String, bindings: [PostgresValue] = []) {
        self.sql = sql
        self.bindings = bindings
    }

    public init(stringLiteral value: String) {
        self.init(unsafeSQL: value)
    }

    public init(stringInterpolation: StringInterpolation) {
        self.init(unsafeSQL: stringInterpolation.sql, bindings: stringInterpolation.bindings)
    }

    /// The SQL text only; values are not printed, so logging a query never leaks data.
    public var description: String { sql }

    public struct StringInterpolation: StringInterpolationProtocol, Sendable {
        var sql = ""
        var bindings: [PostgresValue] = []

        public init(literalCapacity: Int, interpolationCount: Int) {
            sql.reserveCapacity(literalCapacity + interpolationCount * 3)
            bindings.reserveCapacity(interpolationCount)
        }

        public mutating func appendLiteral(_ literal: String) {
            sql += literal
        }

        /// Binds `value` as the next parameter.
        public mutating func appendInterpolation(_ value: some PostgresEncodable) {
            bindings.append(value.postgresValue)
            sql += "$\(bindings.count)"
        }

        /// Binds an optional value; `nil` becomes SQL NULL.
        public mutating func appendInterpolation(_ value: (some PostgresEncodable)?) {
            bindings.append(value?.postgresValue ?? .null)
            sql += "$\(bindings.count)"
        }

        /// Binds an already-encoded value.
        public mutating func appendInterpolation(_ value: PostgresValue) {
            bindings.append(value)
            sql += "$\(bindings.count)"
        }
    }
}
