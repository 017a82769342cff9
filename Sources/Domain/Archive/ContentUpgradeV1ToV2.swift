/// Schema version 1 → 2.
///
/// Version 1 (nsbackup 0.x) kept folder permissions as a map from access to principals and had no item content
/// types:
///
///     folders.jsonl  {"path": "/Orders", "permissions": {"read": ["group:designers"], "admin": ["user:jane"]}, "createdAt", "updatedAt"}
///     items.jsonl    {"path": "/Orders/Order Service", "kind": "service", "size", "sha256", "createdAt", "updatedAt", "entry"}
///
/// Version 2 (current) lists permissions as `[{"principal", "access"}]` and stores each item's content type.
/// Upgrading a folder lists the map's principals in the order read, write, admin, each access in the order given.
/// An item gets the content type Designer gave its kind in version 1: `application/xml` for services, models,
/// forms and libraries; for files, a type from the name's extension (``contentType(forFileNamed:)``), else
/// `application/octet-stream`.
struct ContentUpgradeV1ToV2: ContentUpgrade {
    var from: Int { 1 }

    func upgradeFolder(_ object: inout [String: Any]) throws(ContentUpgradeFault) {
        guard let map = object["permissions"] else {
            throw ContentUpgradeFault(sentence: "has no \"permissions\".")
        }
        guard let permissions = map as? [String: Any] else {
            throw ContentUpgradeFault(sentence: "has \"permissions\" that are not an object of access → principals (schema version 1).")
        }
        var list: [[String: Any]] = []
        for access in ["read", "write", "admin"] {
            guard let value = permissions[access] else { continue }
            guard let principals = value as? [String] else {
                throw ContentUpgradeFault(sentence: "has \"permissions\".\"\(access)\" that is not a list of principals.")
            }
            list += principals.map { ["principal": $0, "access": access] }
        }
        if let unknown = permissions.keys.sorted().first(where: { !["read", "write", "admin"].contains($0) }) {
            throw ContentUpgradeFault(sentence: "has a permission of unknown access '\(unknown.prefix(40))'.")
        }
        object["permissions"] = list
    }

    func upgradeItem(_ object: inout [String: Any]) throws(ContentUpgradeFault) {
        guard let kind = object["kind"] as? String else { throw ContentUpgradeFault(sentence: "has no \"kind\".") }
        guard let path = object["path"] as? String else { throw ContentUpgradeFault(sentence: "has no \"path\".") }
        object["contentType"] = kind == "file" ? Self.contentType(forFileNamed: path) : "application/xml"
    }

    /// The content type for a file's extension, as Designer 0.x guessed it.
    static func contentType(forFileNamed path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "application/octet-stream" }
        switch name[name.index(after: dot)...].lowercased() {
        case "xml": return "application/xml"
        case "json": return "application/json"
        case "txt", "md": return "text/plain"
        case "html", "htm": return "text/html"
        case "css": return "text/css"
        case "js": return "text/javascript"
        case "csv": return "text/csv"
        case "png": return "image/png"
        case "jpg", "jpeg": return "image/jpeg"
        case "gif": return "image/gif"
        case "svg": return "image/svg+xml"
        case "pdf": return "application/pdf"
        case "zip": return "application/zip"
        default: return "application/octet-stream"
        }
    }
}
