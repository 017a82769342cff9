import HTTP

/// `nsbackup backups upload FILE --namespace N [--name NAME]`: streams a backup archive to
/// `POST /v1/namespaces/{id}/backups/upload` with `Expect: 100-continue`, so a refusal (401, 413) costs no upload.
enum UploadCommand {
    static let spec = CommandSpec(
        name: "upload",
        abstract: "Upload a backup archive (.zip) and list it under a namespace.",
        discussion: """
            The backup's name defaults to the file's name without .zip. The file is streamed, never held in
            memory, with a progress bar on a terminal; the server validates the whole archive before it answers.
            An uploaded backup changes nothing until it is restored ('nsbackup restore').
            """,
        options: [
            .value("namespace", help: "The namespace to list the backup under (name or id).", required: true),
            .value("name", help: "The backup's name (default: the file's name without .zip)."),
        ],
        arguments: [ArgumentSpec(name: "file", help: "The archive to upload.")],
        handler: run
    )

    static func run(_ run: Invocation) throws {
        let path = run.command.argument(0)
        guard let size = FileDownload.fileSize(path) else {
            throw CommandFailure("'\(path)' is not a file that can be uploaded.", code: "file_error")
        }
        let namespace = try run.resolveNamespace(run.command.value("namespace")!)
        let fileName = path.split(separator: "/").last.map(String.init) ?? path
        var query = [HTTPQueryItem(name: "filename", value: fileName)]
        if let name = run.command.value("name") { query.append(HTTPQueryItem(name: "name", value: name)) }

        let source = try FileSource(path: path)
        let progress = ProgressReporter(console: run.console, total: size)
        var spinner: Spinner?
        defer { spinner?.stop() }
        let console = run.console
        var request = HTTPClientRequest(
            method: .post,
            target: APIClient.target(
                APIClient.path("v1", "namespaces", namespace.id, "backups", "upload"),
                query: query
            ),
            body: .stream(
                length: size,
                next: {
                    let piece = try source.next()
                    progress?.update(source.offset)
                    if piece == nil, progress != nil {
                        progress?.finish()
                        spinner = Spinner.start("Validating the archive on the server…", console: console)
                    }
                    return piece
                }
            ),
            expectContinue: true
        )
        request.headers.add(name: "Content-Type", value: "application/zip")

        let api = try run.api()
        // A streamed body can't be sent twice, so don't start it on a kept-alive connection the server may have
        // closed meanwhile; and the answer only comes once the whole archive is validated.
        api.http.close()
        api.http.configuration.readTimeout = .seconds(3600)
        let response = try api.execute(request)
        spinner?.stop()
        if run.json { return run.printJSON(response) }
        run.console.write(BackupCommands.table([try response.decode(BackupResource.self)]).render())
    }
}
