import Foundation
import HTTP

#if canImport(Glibc)
    import Glibc
#endif

/// One backup archive being saved to a file through `<file>.part`: resumes a partial file with
/// `Range: bytes=N-` guarded by `If-Range: "<sha256>"` (the archive's ETag), so a 206 is only ever the rest of
/// the same archive and a changed archive comes whole (200) and overwrites the partial file.
struct FileDownload {
    enum Outcome: Equatable {
        case complete
        /// 416: the partial file is longer than the archive; the caller removes it and tries once more.
        case rangeNotSatisfiable
    }

    struct Saved {
        var path: String
        var size: Int64
        var sha256: String
    }

    let backup: BackupResource
    let isExplicitPath: Bool
    let force: Bool
    let console: any Console
    /// The file the archive ends up in: `-o`, else the server's `Content-Disposition` name (or the backup's
    /// `fileName` until the response says otherwise).
    private(set) var finalPath: String
    /// Where bytes go until verified; named after the file first chosen, so a rerun finds it.
    let partPath: String
    /// Bytes of the partial file that were kept (0 when the download started from scratch).
    private(set) var resumedFrom: Int64 = 0
    private var sink: DownloadSink?

    /// Where names chosen from the server go (nil: the current directory).
    let directory: String?

    init(backup: BackupResource, explicitPath: String?, force: Bool, console: any Console, directory: String? = nil) {
        self.backup = backup
        self.isExplicitPath = explicitPath != nil
        self.force = force
        self.console = console
        self.directory = directory
        let serverName = backup.fileName.flatMap(ContentDisposition.safeFileName)
        finalPath = explicitPath ?? Self.locate(serverName ?? "\(backup.id).zip", in: directory)
        partPath = finalPath + ".part"
    }

    private static func locate(_ name: String, in directory: String?) -> String {
        guard let directory else { return name }
        return directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    /// Refuses to overwrite `path` without `--force`.
    func checkTarget(_ path: String) throws {
        guard !force, FileManager.default.fileExists(atPath: path) else { return }
        throw CommandFailure(
            "'\(path)' already exists. Pass --force to overwrite it, or -o <file> to save elsewhere.",
            code: "file_exists"
        )
    }

    /// Requests the archive (or its missing end) and streams it into the partial file.
    mutating func attempt(api: APIClient) throws -> Outcome {
        var offset = Self.fileSize(partPath) ?? 0
        if let size = backup.sizeBytes, offset > size { offset = 0 }
        if offset > 0, offset == backup.sizeBytes {
            // Complete already (an earlier run stopped after the last byte): only verification is left.
            sink = try DownloadSink(path: partPath, continuingAt: offset)
            resumedFrom = offset
            return .complete
        }
        var request = HTTPClientRequest(method: .get, target: APIClient.path("v1", "backups", backup.id, "archive"))
        request.headers.add(name: "Accept", value: "application/zip, application/problem+json")
        if offset > 0 {
            request.headers.add(name: "Range", value: "bytes=\(offset)-")
            if let sha256 = backup.sha256 { request.headers.add(name: "If-Range", value: "\"\(sha256)\"") }
        }
        var status = HTTPStatus.ok
        var errorBody: [UInt8] = []
        var sink: DownloadSink?
        var progress: ProgressReporter?
        var finalPath = self.finalPath
        let partPath = self.partPath
        do {
            try api.http.execute(
                request,
                onHead: { head in
                    status = head.status
                    let start: Int64
                    let total: Int64?
                    switch head.status.code {
                    case 206:
                        guard let range = head.headers["Content-Range"].flatMap(ContentRange.init),
                            range.first == offset
                        else {
                            throw CommandFailure(
                                "The server answered the resumed download with an unexpected Content-Range "
                                    + "'\(head.headers["Content-Range"] ?? "")'; remove '\(partPath)' and try again.",
                                code: "invalid_response"
                            )
                        }
                        start = offset
                        total = range.completeLength
                    case 200:
                        start = 0
                        total = head.headers.contentLength
                    default:
                        return
                    }
                    if !self.isExplicitPath,
                        let offered = head.headers["Content-Disposition"]
                            .flatMap(ContentDisposition.fileName(from:)).flatMap(ContentDisposition.safeFileName)
                            .map({ Self.locate($0, in: self.directory) }),
                        offered != finalPath
                    {
                        try self.checkTarget(offered)
                        finalPath = offered
                    }
                    sink = try DownloadSink(path: partPath, continuingAt: start)
                    progress = ProgressReporter(
                        console: self.console,
                        total: total ?? self.backup.sizeBytes,
                        startingAt: start
                    )
                },
                onBody: { piece in
                    if let sink {
                        try sink.write(piece)
                        progress?.update(sink.size)
                    } else if errorBody.count < 65536 {
                        errorBody.append(contentsOf: piece)
                    }
                }
            )
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            progress = nil
            let cause = api.failure(for: error)
            guard let sink, sink.size > 0 else { throw cause }
            throw CommandFailure(
                "The download of backup \"\(backup.name)\" stopped after \(ByteFormat.size(sink.size)): \(cause.message) "
                    + "Run the same command again to resume from '\(partPath)'.",
                code: cause.code
            )
        }
        if status.code == 416 { return .rangeNotSatisfiable }
        guard status.code == 200 || status.code == 206 else {
            throw APIClient.failure(status: status, body: errorBody)
        }
        progress?.finish()
        if status.code == 206 {
            resumedFrom = offset
            console.printError("Resumed '\(partPath)' at \(ByteFormat.size(offset)).")
        }
        self.finalPath = finalPath
        self.sink = sink
        return .complete
    }

    /// Checks size and SHA-256 against the backup and renames the partial file into place; a file that does not
    /// match is removed, so the next run starts clean.
    mutating func verifyAndSave() throws -> Saved {
        guard let sink else {
            throw CommandFailure("The download of \"\(backup.name)\" produced no file.", code: "download_failed")
        }
        let sha256 = try sink.finish()
        self.sink = nil
        if let expected = backup.sizeBytes, sink.size != expected {
            try? FileManager.default.removeItem(atPath: partPath)
            throw CommandFailure(
                "The downloaded archive has \(sink.size) bytes but backup \"\(backup.name)\" has \(expected); "
                    + "the partial file was removed. Run the command again.",
                code: "size_mismatch"
            )
        }
        if let expected = backup.sha256?.lowercased(), expected != sha256 {
            try? FileManager.default.removeItem(atPath: partPath)
            throw CommandFailure(
                "The downloaded archive's SHA-256 is \(sha256) but backup \"\(backup.name)\" has \(expected); "
                    + "the partial file was removed. Run the command again.",
                code: "checksum_mismatch"
            )
        }
        try checkTarget(finalPath)
        guard rename(partPath, finalPath) == 0 else {
            let reason = String(cString: strerror(errno))
            throw CommandFailure("Could not rename '\(partPath)' to '\(finalPath)': \(reason).", code: "file_error")
        }
        return Saved(path: finalPath, size: sink.size, sha256: sha256)
    }

    /// The size of a regular file at `path`, nil when there is none.
    static func fileSize(_ path: String) -> Int64? {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int64(info.st_size)
    }
}
