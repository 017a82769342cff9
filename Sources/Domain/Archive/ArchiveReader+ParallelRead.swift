import ZipArchive

extension ArchiveReader where Source: Sendable {
    /// ``read(verifyContent:folders:items:)`` with the bytes of items `items` does not read checked on
    /// `parallelism` worker threads (``ArchiveContentVerifier``) while this thread reads the metadata: the same
    /// checks, the same first fault reported, every worker joined before this returns or throws.
    ///
    /// - Parameter parallelism: worker threads checking contents; 0 checks them on this thread.
    public func read(
        verifyContent: Bool = true,
        parallelism: Int,
        folders: (ArchiveFolder) throws -> Void,
        items: (ArchiveItem, ArchiveItemContent<Source>) throws -> Void
    ) throws -> ArchiveSummary {
        try readFolders(folders)
        try readItems(verifyContent: verifyContent, parallelism: parallelism, items)
        return try finish()
    }

    /// ``readItems(verifyContent:_:)`` with unread contents checked on `parallelism` worker threads; when it
    /// returns, every item was checked.
    public func readItems(
        verifyContent: Bool = true, parallelism: Int, _ body: (ArchiveItem, ArchiveItemContent<Source>) throws -> Void
    ) throws {
        guard verifyContent, parallelism > 0 else { return try readItems(verifyContent: verifyContent, body) }
        try ArchiveContentVerifier.run(zip: zip, workers: parallelism) { verifier in
            try readItems(verifyContent: true, verify: verifier.submit, body)
        }
    }
}
