import Foundation

/// Sentences for JSON decoding failures in archive metadata, completing "Entry 'items.jsonl' line 3 …".
extension DecodingError {
    var archiveSentence: String {
        switch self {
        case .keyNotFound(let key, let context):
            return "has no \"\(Self.path(context.codingPath + [key]))\"."
        case .valueNotFound(_, let context):
            return "has a null \"\(Self.path(context.codingPath))\"."
        case .typeMismatch(let type, let context):
            return "has \"\(Self.path(context.codingPath))\" of the wrong type (expected \(Self.name(of: type)))."
        case .dataCorrupted(let context):
            guard let last = context.codingPath.last else { return "is not valid JSON." }
            switch last.stringValue {
            case "kind": return "has an invalid \"kind\" (expected one of service, model, form, library, file)."
            case "access": return "has an invalid \"\(Self.path(context.codingPath))\" (expected read, write or admin)."
            default: return "has an invalid \"\(Self.path(context.codingPath))\": \(context.debugDescription.prefix(120))."
            }
        @unknown default:
            return "could not be read."
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            .replacingOccurrences(of: ".[", with: "[")
    }

    private static func name(of type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Int64.Type: "a whole number"
        case is [Any].Type: "a list"
        default: "\(type)"
        }
    }
}
