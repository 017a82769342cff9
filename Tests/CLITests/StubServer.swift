import Foundation
import HTTP
import Synchronization

@testable import CLI

/// An in-process stand-in for the nsbackup server that follows spec/api.md for what the client uses, so the
/// client's commands can be exercised end to end over real HTTP before the real server exists. It records the
/// requests it gets, and can be told to misbehave (cut a download, fail a backup, answer slowly).
final class StubServer: Sendable {
    static let token = "stub-admin-token"

    struct Backup {
        var id: String
        var name: String
        var namespaceID: String?
        var namespaceName: String
        var createdAt: String
        var status: String
        var archive: [UInt8]
        var origin = "created"
        var error: String?
        var pollsUntilDone = 0
        var sha256: String { DownloadSink.sha256Hex(of: archive) }
        var fileName: String { "\(name)_2021-03-11_15-47.zip" }
    }

    struct Restore {
        var id: String
        var backupID: String
        var namespaceID: String
        var status = "running"
        var pollsUntilDone = 1
        var safetyBackup: Bool
    }

    struct Recorded {
        var method: HTTPMethod
        var path: String
        var query: [HTTPQueryItem]
        var headers: HTTPHeaders
        var body: [UInt8]
    }

    struct State {
        var namespaces: [(id: String, name: String)] = []
        var backups: [Backup] = []
        var restores: [Restore] = []
        /// Tokens as JSON objects (the secret never stored).
        var tokens: [Data] = []
        var requests: [Recorded] = []
        /// GETs of a new backup that still answer `creating`.
        var creationPolls = 1
        /// New backups end `failed` with this error.
        var creationError: String?
        /// The next archive download stops after this many bytes (the connection is dropped).
        var cutArchiveAfter: Int?
        /// Pause between 64 KiB pieces of an archive (to watch a progress bar).
        var archivePause: Double = 0
        /// The file name the archive's Content-Disposition offers instead of the backup's `fileName`.
        var dispositionName: String?
    }

    let state = Mutex(State())
    private let server: HTTPServer
    let url: String

    init() throws {
        var configuration = HTTPServerConfiguration(host: "127.0.0.1", port: 0)
        configuration.accessLog = { _ in }
        configuration.errorLog = { _ in }
        let box = StateBox()
        server = HTTPServer(configuration: configuration) { request, writer in
            try box.stub?.handle(request, writer)
        }
        try server.start()
        url = "http://127.0.0.1:\(server.port ?? 0)"
        box.stub = self
    }

    func stop() {
        server.shutdown(grace: .milliseconds(100))
    }

    /// The environment a client run uses to reach this stub.
    var environment: [String: String] {
        ["NSBACKUP_URL": url, "NSBACKUP_TOKEN": Self.token]
    }

    @discardableResult
    func addNamespace(_ name: String) -> String {
        let id = UUID().uuidString.lowercased()
        state.withLock { $0.namespaces.append((id, name)) }
        return id
    }

    @discardableResult
    func addBackup(_ name: String, namespace: String, archive: [UInt8], status: String = "ready") -> Backup {
        state.withLock { state in
            let owner = state.namespaces.first { $0.name == namespace }
            let backup = Backup(
                id: UUID().uuidString.lowercased(),
                name: name,
                namespaceID: owner?.id,
                namespaceName: namespace,
                createdAt: "2021-03-11T15:47:11.000Z",
                status: status,
                archive: archive
            )
            state.backups.append(backup)
            return backup
        }
    }

    var requests: [Recorded] { state.withLock { $0.requests } }

    // MARK: - Routing

    private func handle(_ request: HTTPRequest, _ writer: HTTPResponseWriter) throws {
        let body = request.method == .get ? [] : try request.body.collect(upTo: 64 << 20)
        state.withLock {
            $0.requests.append(
                Recorded(
                    method: request.method,
                    path: request.path,
                    query: request.queryItems,
                    headers: request.headers,
                    body: body
                )
            )
        }
        guard request.headers["Authorization"] == "Bearer \(Self.token)" else {
            return try problem(writer, 401, "unauthorized", "The bearer token is missing or unknown.")
        }
        let json = body.isEmpty ? [:] : (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:]
        let segments = Array(request.pathSegments.dropFirst())  // after "v1"
        switch (request.method, segments.count, segments.first) {
        case (.get, 1, "namespaces"):
            let list = state.withLock { $0.namespaces.sorted { $0.name < $1.name }.map(Self.namespaceJSON) }
            try respond(writer, 200, ["namespaces": list])
        case (.post, 1, "namespaces"):
            try createNamespace(json["name"] as? String ?? "", writer)
        case (.delete, 2, "namespaces"):
            let removed = state.withLock { state in
                let before = state.namespaces.count
                state.namespaces.removeAll { $0.id == segments[1] }
                return before != state.namespaces.count
            }
            guard removed else {
                return try problem(writer, 404, "namespace_not_found", "No namespace \(segments[1]).")
            }
            try writer.respond(status: .noContent)
        case (.post, 3, "namespaces") where segments[2] == "backups":
            try createBackup(
                namespaceID: segments[1],
                name: json["name"] as? String ?? "",
                wait: request.query("wait"),
                writer
            )
        case (.post, 4, "namespaces") where segments[2] == "backups" && segments[3] == "upload":
            try upload(namespaceID: segments[1], request: request, body: body, writer)
        case (.post, 3, "namespaces") where segments[2] == "restore":
            try restore(namespaceID: segments[1], json: json, writer)
        case (.get, 1, "backups"):
            let filter = request.query("namespaceId")
            let list = state.withLock {
                $0.backups.filter { filter == nil || $0.namespaceID == filter }.map(Self.backupJSON)
            }
            try respond(writer, 200, ["backups": list])
        case (.get, 2, "backups"):
            guard let backup = pollBackup(segments[1]) else { return try backupNotFound(writer, segments[1]) }
            try respond(writer, 200, Self.backupJSON(backup))
        case (.delete, 2, "backups"):
            let removed = state.withLock { state in
                let before = state.backups.count
                state.backups.removeAll { $0.id == segments[1] }
                return before != state.backups.count
            }
            guard removed else { return try backupNotFound(writer, segments[1]) }
            try writer.respond(status: .noContent)
        case (.get, 3, "backups") where segments[2] == "archive":
            try archive(segments[1], request: request, writer)
        case (.get, 2, "restores"):
            try getRestore(segments[1], writer)
        case (.get, 1, "tokens"):
            let tokens = try state.withLock { $0.tokens }.map { try JSONSerialization.jsonObject(with: $0) }
            try respond(writer, 200, ["tokens": tokens])
        case (.post, 1, "tokens"):
            var token: [String: Any] = [
                "id": UUID().uuidString.lowercased(), "name": json["name"] ?? "", "role": json["role"] ?? "",
                "namespaces": json["namespaces"] ?? [], "createdAt": "2021-03-11T15:47:11.000Z",
            ]
            let stored = try JSONSerialization.data(withJSONObject: token)
            state.withLock { $0.tokens.append(stored) }
            token["token"] = "nsb_secret_for_tests"
            try respond(writer, 201, token)
        case (.delete, 2, "tokens"):
            let removed = state.withLock { state in
                let before = state.tokens.count
                state.tokens.removeAll { data in
                    let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
                    return object?["id"] as? String == segments[1]
                }
                return before != state.tokens.count
            }
            guard removed else { return try problem(writer, 404, "token_not_found", "No token \(segments[1]).") }
            try writer.respond(status: .noContent)
        default:
            try problem(writer, 404, "not_found", "No route for \(request.method) \(request.path).")
        }
    }
}

/// Lets the handler closure reach the stub, which is made after its server.
private final class StateBox: Sendable {
    private let reference = Mutex<StubServer?>(nil)

    var stub: StubServer? {
        get { reference.withLock { $0 } }
        set { reference.withLock { $0 = newValue } }
    }
}
