/// Where the client connects and how it prints, from the global options and the environment
/// (an option wins over its environment variable).
struct ClientSettings: Sendable {
    static let defaultURL = "http://127.0.0.1:8080"

    /// `http://host:port[/base]` without a trailing `/`.
    var url: String
    /// The bearer token; nil when neither `--token` nor `NSBACKUP_TOKEN` gives one.
    var token: String?
    /// `--json`: print the server's JSON objects.
    var json: Bool

    init(url: String, token: String?, json: Bool) {
        self.url = url.hasSuffix("/") ? String(url.dropLast()) : url
        self.token = token
        self.json = json
    }

    init(_ command: ParsedCommand, environment: [String: String]) {
        let url = command.value("url") ?? environment["NSBACKUP_URL"].flatMap { $0.isEmpty ? nil : $0 }
        let token = command.value("token") ?? environment["NSBACKUP_TOKEN"]
        self.init(
            url: url ?? Self.defaultURL,
            token: token.flatMap { $0.isEmpty ? nil : $0 },
            json: command.flag("json")
        )
    }
}
