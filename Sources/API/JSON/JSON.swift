import Foundation

/// JSON in and out, per the contract's conventions (shared/spec/api.md "Conventions").
///
/// ```swift
/// let bytes = try JSON.encode(namespace)                       // camelCase as declared, dates RFC 3339 .123Z,
///                                                              // lowercase UUIDs, nil → null
/// let request = try JSON.decode(CreateTokenRequest.self, from: body)   // throws a 400 Problem naming the field
/// ```
///
/// Route handlers normally use ``RequestContext/decode(_:)`` and ``RequestContext/respond(_:json:headers:)``,
/// which add the media-type checks and the body limit.
public enum JSON {
    /// The media type of every JSON response.
    public static let mediaType = "application/json; charset=utf-8"

    /// Encodes `value` as compact UTF-8 JSON (see ``JSONTreeEncoder`` for the conventions applied).
    ///
    /// - Throws: `EncodingError` for a non-finite floating-point number (a bug, answered as a 500).
    public static func encode(_ value: some Encodable) throws -> [UInt8] {
        let root = try JSONTreeEncoder.value(of: value, codingPath: [])
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        JSONNode.serialize(root, into: &out)
        return out
    }

    /// Decodes a request body.
    ///
    /// Timestamps are read as RFC 3339 (any offset, fraction optional); UUIDs in either case; unknown members
    /// are ignored (a client may send more than this server knows).
    ///
    /// - Throws: ``Problem`` 400 `bad_request` whose detail says what is wrong and names the field:
    ///   malformed JSON, a missing required field, a wrong type (`Field 'role' must be a string.`), a null where a
    ///   value is required, or a value a type refused (`Field 'createdAt' is invalid: …`).
    public static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws(Problem) -> T {
        guard bytes.contains(where: { !Self.isWhitespace($0) }) else {
            throw Problem.badRequest("The request body is empty; this endpoint takes a JSON body.")
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = RFC3339.parse(text) else {
                throw DecodingError.dataCorruptedError(
                    in: container,
                    debugDescription: "'\(text)' is not an RFC 3339 timestamp such as 2021-03-11T15:47:11.123Z"
                )
            }
            return date
        }
        do {
            return try decoder.decode(T.self, from: Data(bytes))
        } catch let problem as Problem {
            throw problem
        } catch let error as DecodingError {
            throw Problem.badRequest(describe(error))
        } catch {
            throw Problem.badRequest("The request body is not valid JSON.")
        }
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// A sentence for a person, naming the field (`namespaces[1]`, `permissions[0].access`).
    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, let context):
            return "Field '\(path(context.codingPath + [key]))' is required."
        case .valueNotFound(let type, let context):
            if context.codingPath.isEmpty { return "The request body must be \(jsonType(type)), not null." }
            return "Field '\(path(context.codingPath))' must be \(jsonType(type)), not null."
        case .typeMismatch(let type, let context):
            if context.codingPath.isEmpty { return "The request body must be \(jsonType(type))." }
            return "Field '\(path(context.codingPath))' must be \(jsonType(type))."
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                return "The request body is not valid JSON" + underlyingReason(context) + "."
            }
            let field = path(context.codingPath)
            // Foundation's message for an enum case it does not know names a Swift type: say it plainly.
            if context.debugDescription.hasPrefix("Cannot initialize") {
                return "Field '\(field)' has a value that is not allowed here."
            }
            return "Field '\(field)' is invalid: \(context.debugDescription)"
        @unknown default:
            return "The request body could not be read as the JSON this endpoint takes."
        }
    }

    /// Foundation's reason for a syntax error ("Unexpected character 'x' around line 1, column 2."), trimmed.
    private static func underlyingReason(_ context: DecodingError.Context) -> String {
        guard let underlying = context.underlyingError else { return "" }
        let text = (underlying as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? ""
        let trimmed = text.trimmingCharacters(in: CharacterSet(charactersIn: ". \n"))
        guard !trimmed.isEmpty, trimmed.count < 200 else { return "" }
        return ": " + trimmed
    }

    /// `a.b[2].c` from a coding path.
    static func path(_ codingPath: [any CodingKey]) -> String {
        var out = ""
        for key in codingPath {
            if let index = key.intValue {
                out += "[\(index)]"
            } else {
                out += out.isEmpty ? key.stringValue : "." + key.stringValue
            }
        }
        return out.isEmpty ? "(body)" : out
    }

    /// "a string", "a number", … for the Swift type a decoder expected.
    static func jsonType(_ type: Any.Type) -> String {
        switch type {
        case is String.Type, is Substring.Type, is UUID.Type, is Date.Type, is URL.Type: return "a string"
        case is Bool.Type: return "a boolean (true or false)"
        case is Int.Type, is Int8.Type, is Int16.Type, is Int32.Type, is Int64.Type, is UInt.Type, is UInt8.Type,
            is UInt16.Type, is UInt32.Type, is UInt64.Type:
            return "an integer"
        case is Double.Type, is Float.Type: return "a number"
        default:
            let name = String(describing: type)
            if name.hasPrefix("Array<") || name.hasPrefix("Set<") || name.hasPrefix("[") { return "an array" }
            if name.hasPrefix("Dictionary<") { return "an object" }
            return "an object"
        }
    }
}
