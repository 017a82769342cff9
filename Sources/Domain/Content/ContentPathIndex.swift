#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The paths a bulk load has seen, to refuse what the database's keys alone would not: a folder and an item at
/// one path, an item inside an item, or the same path twice. Also collects the enclosing folders that the stream
/// did not contain, to be created afterwards. Memory: one dictionary entry per path (about 10 MB for 100,000
/// items with long paths).
///
/// Paths are given in their stored form, already valid (``ContentPath/check(stored:)``); enclosing folders are
/// the prefixes of that text at each `/`, so no segment array or path is built per ancestor.
///
/// Why ancestors can stop early: a path that is a folder or an implied folder never becomes an item (``addItem``
/// refuses it), and when it entered the index its own ancestors were checked and entered too. So the walk over
/// a path's ancestors goes innermost first and stops at the first one already known; and when a path has the
/// same parent as the previous one (archives list paths in order), there is nothing to walk at all.
struct ContentPathIndex {
    private enum Node { case folder, item, implied }

    private var nodes: [PathKey: Node] = [:]
    /// The parent of the last path added, known to be in `nodes` as a folder or implied folder.
    private var lastParent = ""

    /// Adds a listed folder. On a throw, the index is as before.
    mutating func addFolder(stored path: String) throws {
        let key = PathKey(path)
        switch nodes[key] {
        case .folder?:
            throw ContentError.pathConflict(path: path, attempted: .folder, conflictingPath: path, existing: .folder)
        case .item?:
            throw ContentError.pathConflict(path: path, attempted: .folder, conflictingPath: path, existing: .item)
        case .implied?, nil:
            try addAncestors(of: path, attempted: .folder)
            nodes[key] = .folder
        }
    }

    /// Adds an item. On a throw, the index is as before.
    mutating func addItem(stored path: String) throws {
        let key = PathKey(path)
        switch nodes[key] {
        case .item?:
            throw ContentError.pathConflict(path: path, attempted: .item, conflictingPath: path, existing: .item)
        case .folder?, .implied?:
            throw ContentError.pathConflict(path: path, attempted: .item, conflictingPath: path, existing: .folder)
        case nil:
            try addAncestors(of: path, attempted: .item)
            nodes[key] = .item
        }
    }

    /// The enclosing folders that no folder of the stream provided, sorted by path.
    var missingFolders: [String] {
        nodes.compactMap { $0.value == .implied ? $0.key.text : nil }.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// Enters the enclosing folders of `path` that are not known yet as implied; on a throw, nothing changed.
    private mutating func addAncestors(of path: String, attempted: ContentNodeKind) throws {
        var text = path
        try text.withUTF8 { bytes in
            guard let parentEnd = bytes.lastIndex(of: UInt8(ascii: "/")), parentEnd > 0 else { return }  // top level
            let sameParent = lastParent.withUTF8 { last in
                last.count == parentEnd && memcmp(last.baseAddress!, bytes.baseAddress!, parentEnd) == 0
            }
            if sameParent { return }
            func prefix(_ end: Int) -> String {
                String(decoding: UnsafeBufferPointer(rebasing: bytes[..<end]), as: UTF8.self)
            }
            func previousSlash(before end: Int) -> Int {
                UnsafeBufferPointer(rebasing: bytes[..<end]).lastIndex(of: UInt8(ascii: "/")) ?? 0
            }
            // Look first: innermost out, up to the first known ancestor (an item there is a conflict)…
            var known = parentEnd
            while known > 0 {
                let ancestor = prefix(known)
                guard let node = nodes[PathKey(ancestor)] else { known = previousSlash(before: known); continue }
                if node == .item {
                    throw ContentError.pathConflict(
                        path: path, attempted: attempted, conflictingPath: ancestor, existing: .item)
                }
                break  // known as a folder: its own ancestors are known too
            }
            // …then enter those below it.
            var end = parentEnd
            while end > known {
                nodes[PathKey(prefix(end))] = .implied
                end = previousSlash(before: end)
            }
            lastParent = prefix(parentEnd)
        }
    }
}
