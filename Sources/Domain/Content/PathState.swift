import Foundation
import Postgres

/// What occupies a path and its enclosing paths, read in one statement (under the namespace lock when it decides
/// a write, without it for an early refusal).
struct PathState {
    /// The namespace exists.
    let namespaceExists: Bool
    /// A folder is at the path.
    let folderExists: Bool
    /// An item is at the path.
    let itemExists: Bool
    /// The outermost item at an enclosing path, if any.
    let itemAbove: String?


    static func load(_ path: ContentPath, in namespaceID: UUID, on connection: PostgresConnection) throws -> PathState {
        let ancestors = path.ancestors.map(\.string)
        // min(path) in COLLATE "C" is the shortest, i.e. outermost, of the enclosing paths.
        let rows = try connection.query("""
            SELECT EXISTS (SELECT 1 FROM namespaces WHERE id = \(namespaceID)),
                   EXISTS (SELECT 1 FROM folders WHERE namespace_id = \(namespaceID) AND path = \(path.string)),
                   EXISTS (SELECT 1 FROM items WHERE namespace_id = \(namespaceID) AND path = \(path.string)),
                   (SELECT min(path) FROM items WHERE namespace_id = \(namespaceID) AND path = ANY(\(ancestors)::text[]))
            """)
        return PathState(namespaceExists: try rows[0].decode(Bool.self, 0), folderExists: try rows[0].decode(Bool.self, 1),
                         itemExists: try rows[0].decode(Bool.self, 2), itemAbove: try rows[0].decode(String?.self, 3))
    }

    /// Refuses to put `attempted` at `path` when that breaks "a folder and an item never share a path".
    func checkCanPut(_ attempted: ContentNodeKind, at path: ContentPath) throws {
        if let itemAbove {
            throw ContentError.pathConflict(path: path.string, attempted: attempted, conflictingPath: itemAbove, existing: .item)
        }
        switch attempted {
        case .folder where itemExists:
            throw ContentError.pathConflict(path: path.string, attempted: .folder, conflictingPath: path.string, existing: .item)
        case .item where folderExists:
            throw ContentError.pathConflict(path: path.string, attempted: .item, conflictingPath: path.string, existing: .folder)
        default:
            break
        }
    }
}
