/// What a folder deletion removed.
public struct DeletedContent: Sendable, Equatable {
    public let folders: Int
    public let items: Int

    public init(folders: Int, items: Int) {
        self.folders = folders
        self.items = items
    }
}
