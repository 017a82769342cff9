import Foundation
import HTTP
import TestSupport
import Testing

/// A real `nsbackup serve` on a fresh test database and a runner for the real client binary against it.
struct EndToEnd {
    let server: ServerProcess

    /// Runs `body` with a server on a fresh database (stopped afterwards).
    @discardableResult
    static func withServer<R>(_ body: (ServerProcess, EndToEnd) throws -> R) throws -> R {
        try TestDatabase.withTestDatabase { database in
            let server = try ServerProcess(databaseURL: database.conninfo)
            defer { server.stop() }
            return try body(server, EndToEnd(server: server))
        }
    }

    /// Runs the client with no terminal (admin token unless `token` is given).
    func callAsFunction(_ arguments: String..., token: String? = nil, in directory: URL? = nil) throws
        -> Subprocess.Result
    {
        try NsbackupBinary.client(arguments, url: server.url, token: token ?? server.adminToken, directory: directory)
    }

    /// A JSON object from `--json` output.
    func json(_ arguments: String...) throws -> [String: Any] {
        let result = try NsbackupBinary.client(arguments + ["--json"], url: server.url, token: server.adminToken)
        guard result.status == 0,
            let object = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any]
        else { throw ServerStartFailure("\(arguments) failed: \(result.status) \(result.error)") }
        return object
    }

    /// `PUT /v1/namespaces/{id}/items/{path}?kind=service` with the admin token (content comes from the API).
    func putItem(namespace: String, path: [String], bytes: [UInt8]) throws {
        let client = try HTTPClient(url: server.url)
        var headers: HTTPHeaders = ["Authorization": "Bearer \(server.adminToken)"]
        let namespaces = try JSONSerialization.jsonObject(
            with: Data(client.get("/v1/namespaces", headers: headers).body)
        )
        let id = try #require(
            ((namespaces as? [String: Any])?["namespaces"] as? [[String: Any]])?
                .first { $0["name"] as? String == namespace }?["id"] as? String
        )
        headers.add(name: "Content-Type", value: "application/xml")
        let target = "/v1/namespaces/\(id)/items" + PercentEncoding.encodePath(path) + "?kind=service"
        let response = try client.execute(
            HTTPClientRequest(method: .put, target: target, headers: headers, body: .bytes(bytes))
        )
        #expect((200..<300).contains(response.status.code), "PUT item: \(response.text)")
    }
}

