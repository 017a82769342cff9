import Foundation

extension ContentError {
    /// A sentence a person can act on: what failed, for which input, what to do next. Never SQL or server paths.
    public var message: String {
        switch self {
        case .namespaceNotFound(let reference):
            return "No namespace with \(reference) exists."
        case .namespaceExists(let name):
            return "A namespace named \(NameText.quoted(name)) already exists. Pick another name or delete it first."
        case .folderNotFound(let path):
            return "No folder exists at \(NameText.quoted(path))."
        case .itemNotFound(let path):
            return "No item exists at \(NameText.quoted(path))."
        case .pathConflict(let path, let attempted, let conflictingPath, let existing):
            let target = NameText.quoted(path)
            let other = NameText.quoted(conflictingPath)
            if path.utf8.elementsEqual(conflictingPath.utf8) {
                if attempted == existing {
                    return "The \(attempted) path \(target) appears twice; every path must be unique."
                }
                return "Cannot put \(article(attempted)) at \(target): \(article(existing)) is already there. "
                    + "Delete the \(existing) first or choose another path."
            }
            return "Cannot put \(article(attempted)) at \(target): \(other) is an item, and an item cannot hold "
                + "folders or items. Delete the item \(other) first or choose another path."
        case .invalidName(let error):
            return error.message
        case .invalidContentType(let value, let reason):
            return "The content type \(NameText.quoted(value)) cannot be stored: \(reason)."
        case .invalidPermission(let principal, let reason):
            return "The permission for principal \(NameText.quoted(principal)) cannot be stored: \(reason)."
        case .itemTooLarge(let path, let limit):
            return "The item \(NameText.quoted(path)) is larger than the limit of \(limit) bytes"
                + (limit >= 1 << 20 ? " (\(ByteCountText.mebibytes(limit)))." : ".")
        case .namespaceBusy(let id, let waited):
            return "The namespace \(id.uuidString.lowercased()) stayed locked by another write or a restore for "
                + "\(waited); try again shortly."
        case .itemContentMismatch(let path, let reason):
            return "The bytes of item \(NameText.quoted(path)) do not match its metadata: \(reason)."
        }
    }

    private func article(_ kind: ContentNodeKind) -> String {
        kind == .item ? "an item" : "a folder"
    }
}

enum ByteCountText {
    /// `64 MiB`, or `1.5 MiB`.
    static func mebibytes(_ bytes: Int64) -> String {
        let mib = Double(bytes) / 1_048_576
        if mib == mib.rounded() { return "\(Int64(mib)) MiB" }
        return "\((mib * 10).rounded() / 10) MiB"
    }
}
