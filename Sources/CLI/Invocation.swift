import Foundation

/// One run of a leaf command: what was parsed, the settings, the console, and (made on first use) the
/// API client. Handlers receive it.
///
/// Not thread-safe; it lives on the thread that runs the command.
final class Invocation {
    let command: ParsedCommand
    let settings: ClientSettings
    let console: any Console
    private var client: APIClient?
    private var namespaceCache: [NamespaceResource]?

    init(command: ParsedCommand, settings: ClientSettings, console: any Console) {
        self.command = command
        self.settings = settings
        self.console = console
    }

    /// Whether `--json` was given.
    var json: Bool { settings.json }

    /// The API client, made on first use.
    ///
    /// - Throws: ``UsageError`` when no token is configured or the URL is malformed.
    func api() throws(UsageError) -> APIClient {
        if let client { return client }
        guard let token = settings.token else {
            throw command.usageError("No token given: pass --token <token> or set NSBACKUP_TOKEN.")
        }
        let made = try APIClient(url: settings.url, token: token, commandPath: command.path)
        client = made
        return made
    }

    /// The namespaces the token may see (fetched once per run).
    func namespaces() throws -> [NamespaceResource] {
        if let namespaceCache { return namespaceCache }
        let (list, _) = try api().get("/v1/namespaces", as: NamespaceList.self)
        namespaceCache = list.namespaces
        return list.namespaces
    }

    /// The namespace `nameOrID` names: an exact name match first, then an id (names are unique, so this is
    /// never ambiguous).
    ///
    /// - Throws: ``CommandFailure`` `namespace_not_found` with a sentence saying how to list them.
    func resolveNamespace(_ nameOrID: String) throws -> NamespaceResource {
        let all = try namespaces()
        if let match = NamespaceResolution.match(nameOrID, in: all) { return match }
        throw CommandFailure(
            "No namespace named or with id \"\(nameOrID)\" is visible to this token. "
                + "Run 'nsbackup namespaces list' to see the namespaces you may use.",
            code: "namespace_not_found"
        )
    }

    /// Prints a JSON body as the server sent it, on one line of standard output.
    func printJSON(_ response: APIResponse) {
        printJSON(response.body)
    }

    func printJSON(_ body: [UInt8]) {
        var text = String(decoding: body, as: UTF8.self)
        while text.last?.isNewline == true { text.removeLast() }
        console.print(text)
    }

    /// Prints a JSON object made here (for commands whose answer has no body, such as deletes).
    func printJSONObject(_ object: [String: Any]) throws {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        printJSON(Array(data))
    }

    /// Asks for confirmation of a destructive action unless `--yes` was given (see ``Confirmation``).
    func confirm(_ question: String, refusal: String) throws {
        try Confirmation.require(question, refusal: refusal, assumeYes: command.flag("yes"), console: console)
    }
}

/// Matching a namespace given by name or id (a pure function, unit-tested).
enum NamespaceResolution {
    /// The namespace whose name is exactly `nameOrID`, else the one whose id equals it (case-insensitively, ids
    /// being UUIDs), else nil.
    static func match(_ nameOrID: String, in namespaces: [NamespaceResource]) -> NamespaceResource? {
        if let byName = namespaces.first(where: { $0.name == nameOrID }) { return byName }
        let id = nameOrID.lowercased()
        return namespaces.first { $0.id.lowercased() == id }
    }
}
