import Foundation

/// Rules for the metadata stored next to paths: content types and folder permissions. The contract does not
/// restrict them; these limits keep them storable and printable (documented in openapi.yaml by the API).
public enum ContentRules {
    /// Stored when a PUT gives no content type.
    public static let defaultContentType = "application/octet-stream"
    public static let maxContentTypeBytes = 255
    public static let maxPrincipalCharacters = 200

    /// The content type to store: `nil` or blank → ``defaultContentType``; otherwise trimmed, at most 255 bytes,
    /// no control characters.
    public static func contentType(_ raw: String?) throws -> String {
        let value = NameRules.trimmed(raw ?? "")
        if value.isEmpty { return defaultContentType }
        guard value.utf8.count <= maxContentTypeBytes else {
            throw ContentError.invalidContentType(value, reason: "it is longer than \(maxContentTypeBytes) bytes")
        }
        if let control = NameRules.firstControlCharacter(in: value) {
            throw ContentError.invalidContentType(
                value, reason: "it contains the control character \(NameText.codePoint(control.scalar))")
        }
        return value
    }

    /// Checks folder permissions: every principal 1–200 characters, not blank, no control characters. The list
    /// is kept as given (order and duplicates), because a restore must bring back exactly what was backed up.
    public static func validate(permissions: [Permission]) throws {
        for permission in permissions {
            let principal = permission.principal
            if NameRules.trimmed(principal).isEmpty {
                throw ContentError.invalidPermission(principal: principal, reason: "the principal is blank")
            }
            let count = principal.unicodeScalars.count
            if count > maxPrincipalCharacters {
                throw ContentError.invalidPermission(
                    principal: principal, reason: "the principal is \(count) characters; at most \(maxPrincipalCharacters) are allowed")
            }
            if let control = NameRules.firstControlCharacter(in: principal) {
                throw ContentError.invalidPermission(
                    principal: principal, reason: "the principal contains the control character \(NameText.codePoint(control.scalar))")
            }
        }
    }
}

/// Folder permissions as the `jsonb` array the `folders.permissions` column holds.
enum PermissionsJSON {
    /// The same text as `folders.jsonl`'s `permissions` (``JSONLineBuffer/permissions(_:)``), which is what
    /// `JSONEncoder` gives with `[.sortedKeys, .withoutEscapingSlashes]`, without building an encoder per folder.
    static func encode(_ permissions: [Permission]) -> String {
        var buffer = JSONLineBuffer(capacity: 2 + 48 * permissions.count)
        buffer.permissions(permissions)
        return String(decoding: buffer.bytes, as: UTF8.self)
    }

    static func decode(_ text: String) throws -> [Permission] {
        try JSONDecoder().decode([Permission].self, from: Data(text.utf8))
    }
}
