/// The rules for an archive's metadata lines, the same a restore's bulk load applies (``ContentPath``,
/// ``ContentRules``, ``ContentPathIndex``), so that an upload that passes validation also restores: valid paths,
/// each once; no folder and item on one path; no item under an item; storable permissions and content types;
/// sizes within the item limit; SHA-256 in lowercase hex; each content entry named by one item.
///
/// Paths and entry names are compared by their UTF-8 bytes (``PathKey``), as the database's keys are: `é` and
/// `e` + U+0301 are two paths. Memory: the archive's paths and entry names (a set of strings), which these checks
/// need; bounded by ``ArchiveLimits/maxEntries`` for items.
struct ArchiveLayoutState {
    private var paths = ContentPathIndex()
    private(set) var entries: Set<PathKey> = []
    private(set) var totalBytes: Int64 = 0
    private(set) var missingParentFolders: [String] = []

    mutating func add(_ folder: ArchiveFolder) throws(LineFault) {
        do {
            try ContentPath.check(stored: folder.path)
            try paths.addFolder(stored: folder.path)
            try ContentRules.validate(permissions: folder.permissions)
        } catch let error as NameError {
            throw LineFault(error.message)
        } catch let error as ContentError {
            throw LineFault(error.message)
        } catch {
            throw LineFault("the folder \(NameText.quoted(folder.path)) cannot be read.")
        }
    }

    mutating func add(_ item: ArchiveItem, limits: ArchiveLimits) throws(LineFault) {
        // The quoted path is for messages only: built when one is thrown, not for every line.
        var shown: String { NameText.quoted(item.path) }
        do {
            try ContentPath.check(stored: item.path)
            try paths.addItem(stored: item.path)
            guard try ContentRules.contentType(item.contentType) == item.contentType else {
                throw LineFault("the item \(shown) has the content type \(NameText.quoted(item.contentType)), which is blank or has surrounding spaces.")
            }
        } catch let error as NameError {
            throw LineFault(error.message)
        } catch let error as ContentError {
            throw LineFault(error.message)
        } catch let fault as LineFault {
            throw fault
        } catch {
            throw LineFault("the item \(shown) cannot be read.")
        }
        guard item.size >= 0 else { throw LineFault("the item \(shown) has a negative size.") }
        guard item.size <= limits.maxItemSize else {
            throw LineFault("the item \(shown) has \(item.size) bytes, more than the \(limits.maxItemSize) an item may have.")
        }
        guard Self.isSHA256(item.sha256) else {
            throw LineFault("the item \(shown) has a sha256 that is not 64 lowercase hexadecimal digits.")
        }
        guard item.entry.hasPrefix(ArchiveFormat.contentPrefix), !item.entry.hasSuffix("/"),
              item.entry.utf8.count > ArchiveFormat.contentPrefix.utf8.count else {
            throw LineFault("the item \(shown) names the entry \(NameText.quoted(item.entry)), which is not a file under '\(ArchiveFormat.contentPrefix)'.")
        }
        guard entries.insert(PathKey(item.entry)).inserted else {
            throw LineFault("the item \(shown) names the entry \(NameText.quoted(item.entry)), which another item names too.")
        }
        totalBytes += item.size
    }

    /// Called once every line was read: the folders some folder or item lies in that the archive does not list.
    mutating func finish() {
        missingParentFolders = paths.missingFolders
    }

    /// Whether some item names this entry.
    func isNamed(_ entry: String) -> Bool { entries.contains(PathKey(entry)) }

    /// 64 bytes of `0-9a-f`, checked on the contiguous UTF-8 (a generic `allSatisfy` over the view cost more).
    private static func isSHA256(_ text: String) -> Bool {
        var copy = text
        return copy.withUTF8 { bytes in
            bytes.count == 64 && !bytes.contains { !((48...57).contains($0) || (97...102).contains($0)) }
        }
    }
}

/// A fault of one metadata line, as a sentence.
struct LineFault: Error {
    var sentence: String
    init(_ sentence: String) { self.sentence = sentence }
}
