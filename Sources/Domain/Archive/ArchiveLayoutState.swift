/// The layout rules that span lines: unique paths, no folder and item on one path, no item under an item,
/// each content entry named by one item. Fault sentences complete "Entry 'items.jsonl' line N: …".
///
/// Memory: the paths and entry names of the archive (a set of strings), which the duplicate and conflict
/// checks need; bounded by ``ArchiveLimits/maxEntries`` for items.
struct ArchiveLayoutState {
    private(set) var folderPaths: Set<String> = []
    private(set) var itemPaths: Set<String> = []
    /// Folders some item or folder lies under that the archive does not list.
    private(set) var impliedFolders: Set<String> = []
    private(set) var entries: Set<String> = []
    private(set) var totalBytes: Int64 = 0

    mutating func add(_ folder: ArchiveFolder) throws(LineFault) {
        if let fault = ContentPathRules.fault(in: folder.path) {
            throw LineFault("the path '\(ContentPathRules.display(folder.path))' \(fault)")
        }
        guard folderPaths.insert(folder.path).inserted else {
            throw LineFault("the folder '\(ContentPathRules.display(folder.path))' is listed twice.")
        }
        for permission in folder.permissions where permission.principal.isEmpty || permission.principal.count > 1024 {
            throw LineFault("the folder '\(ContentPathRules.display(folder.path))' has a permission whose principal is empty or longer than 1,024 characters.")
        }
    }

    /// Called once all folders were added: folders above listed folders that are not listed themselves.
    mutating func finishFolders() {
        for path in folderPaths {
            for ancestor in ContentPathRules.ancestors(of: path) where !folderPaths.contains(ancestor) {
                impliedFolders.insert(ancestor)
            }
        }
    }

    mutating func add(_ item: ArchiveItem, limits: ArchiveLimits) throws(LineFault) {
        let shown = ContentPathRules.display(item.path)
        if let fault = ContentPathRules.fault(in: item.path) { throw LineFault("the path '\(shown)' \(fault)") }
        if itemPaths.contains(item.path) { throw LineFault("the item '\(shown)' is listed twice.") }
        if folderPaths.contains(item.path) { throw LineFault("the path '\(shown)' is both a folder and an item.") }
        if impliedFolders.contains(item.path) { throw LineFault("the item '\(shown)' has folders or items under it.") }
        for ancestor in ContentPathRules.ancestors(of: item.path) {
            if itemPaths.contains(ancestor) {
                throw LineFault("the item '\(shown)' lies under the item '\(ContentPathRules.display(ancestor))'.")
            }
            if !folderPaths.contains(ancestor) { impliedFolders.insert(ancestor) }
        }
        try Self.checkFields(of: item, limits: limits)
        guard entries.insert(item.entry).inserted else {
            throw LineFault("the item '\(shown)' names the entry '\(ContentPathRules.display(item.entry))', which another item names too.")
        }
        itemPaths.insert(item.path)
        totalBytes += item.size
    }

    /// Sorted folders the archive implies but does not list.
    var missingParentFolders: [String] { impliedFolders.sorted() }

    private static func checkFields(of item: ArchiveItem, limits: ArchiveLimits) throws(LineFault) {
        let shown = ContentPathRules.display(item.path)
        guard item.size >= 0 else { throw LineFault("the item '\(shown)' has a negative size.") }
        guard item.size <= limits.maxItemSize else {
            throw LineFault("the item '\(shown)' has \(item.size) bytes, more than the \(limits.maxItemSize) an item may have.")
        }
        guard isSHA256(item.sha256) else {
            throw LineFault("the item '\(shown)' has a sha256 that is not 64 lowercase hexadecimal digits.")
        }
        guard !item.contentType.isEmpty, item.contentType.utf8.count <= 255,
              !item.contentType.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw LineFault("the item '\(shown)' has a contentType that is empty, longer than 255 bytes or has control characters.")
        }
        guard item.entry.hasPrefix(ArchiveFormat.contentPrefix), !item.entry.hasSuffix("/"),
              item.entry.utf8.count > ArchiveFormat.contentPrefix.utf8.count else {
            throw LineFault("the item '\(shown)' names the entry '\(ContentPathRules.display(item.entry))', which is not a file under '\(ArchiveFormat.contentPrefix)'.")
        }
    }

    private static func isSHA256(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}

/// A fault of one metadata line, as a sentence.
struct LineFault: Error {
    var sentence: String
    init(_ sentence: String) { self.sentence = sentence }
}
