import Foundation
import HTTP

#if canImport(Glibc)
    import Glibc
#endif

/// `nsbackup backups download ID [-o FILE]`: streams the archive to `FILE.part`, resuming it with `Range`
/// when it is already there, verifies its size and SHA-256 against the backup, then renames it to `FILE`.
enum DownloadCommand {
    static let spec = CommandSpec(
        name: "download",
        abstract: "Download a backup's archive (.zip).",
        discussion: """
            The file is named as the server names it (<name>_<YYYY-MM-DD>_<HH-MM>.zip) unless -o is given. It is
            written to <file>.part, checked (size and SHA-256) and then renamed; an interrupted download resumes
            from the .part file when the command is run again. A progress bar is drawn when standard error is a
            terminal.
            """,
        options: [
            .value("output", short: "o", valueName: "file", help: "Where to save the archive ('-': standard output)."),
            .flag("force", help: "Overwrite the file if it already exists."),
        ],
        arguments: [ArgumentSpec(name: "backup-id", help: "The backup's id (see 'nsbackup backups list').")],
        handler: run
    )

    static func run(_ run: Invocation) throws {
        let api = try run.api()
        let (backup, _) = try api.get(APIClient.path("v1", "backups", run.command.argument(0)), as: BackupResource.self)
        guard backup.isReady else {
            throw CommandFailure(
                "Backup \"\(backup.name)\" is \(backup.status), not ready: only a ready backup can be downloaded.",
                code: "backup_not_ready"
            )
        }
        let output = run.command.value("output")
        if output == "-" { return try downloadToStandardOutput(backup, run: run, api: api) }
        var download = FileDownload(
            backup: backup,
            explicitPath: output,
            force: run.command.flag("force"),
            console: run.console
        )
        try download.checkTarget(download.finalPath)
        var result = try download.attempt(api: api)
        if result == .rangeNotSatisfiable {
            // The .part file is not a prefix of this archive (longer than it): start over once.
            try? FileManager.default.removeItem(atPath: download.partPath)
            result = try download.attempt(api: api)
        }
        guard result == .complete else {
            throw CommandFailure(
                "The server refused the download of \"\(backup.name)\" twice.",
                code: "download_failed"
            )
        }
        let saved = try download.verifyAndSave()
        if run.json {
            let object: [String: Any] = [
                "id": backup.id, "file": saved.path, "sizeBytes": saved.size, "sha256": saved.sha256,
                "resumedFrom": download.resumedFrom,
            ]
            return try run.printJSONObject(object)
        }
        run.console.print("Saved \"\(saved.path)\" (\(ByteFormat.size(saved.size)), SHA-256 verified).")
    }

    /// `-o -`: the archive on standard output (no resume; verified at the end all the same).
    private static func downloadToStandardOutput(_ backup: BackupResource, run: Invocation, api: APIClient) throws {
        guard isatty(STDOUT_FILENO) == 0 else {
            throw CommandFailure(
                "Not writing a binary archive to the terminal: redirect standard output or use -o <file>.",
                code: "output_is_terminal"
            )
        }
        let sink = DownloadSink(standardOutput: ())
        var request = HTTPClientRequest(method: .get, target: APIClient.path("v1", "backups", backup.id, "archive"))
        request.headers.add(name: "Accept", value: "application/zip, application/problem+json")
        var progress: ProgressReporter?
        var errorBody: [UInt8] = []
        var status = HTTPStatus.ok
        do {
            try api.http.execute(
                request,
                onHead: { head in
                    status = head.status
                    if head.status.code == 200 {
                        progress = ProgressReporter(console: run.console, total: head.headers.contentLength)
                    }
                },
                onBody: { piece in
                    if status.code == 200 {
                        try sink.write(piece)
                        progress?.update(sink.size)
                    } else if errorBody.count < 65536 {
                        errorBody.append(contentsOf: piece)
                    }
                }
            )
        } catch {
            throw api.failure(for: error)
        }
        guard status.code == 200 else { throw APIClient.failure(status: status, body: errorBody) }
        progress?.finish()
        let sha256 = try sink.finish()
        if let expected = backup.sha256, expected.lowercased() != sha256 {
            throw CommandFailure(
                "The archive written to standard output has SHA-256 \(sha256), not the backup's \(expected): "
                    + "discard it and download again.",
                code: "checksum_mismatch"
            )
        }
    }
}

extension HTTPHeaders {
    /// `Content-Length` as a number, when present and valid.
    var contentLength: Int64? {
        self["Content-Length"].flatMap { Int64($0) }
    }
}
