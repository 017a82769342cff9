/// The whole content of a namespace: folders and items, each sorted by path in code-point order.
public struct ContentListing: Sendable, Equatable, Codable {
    public var folders: [Folder]
    public var items: [Item]

    public init(folders: [Folder], items: [Item]) {
        self.folders = folders
        self.items = items
    }
}
