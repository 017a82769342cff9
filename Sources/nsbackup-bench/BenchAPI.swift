import Foundation
import HTTP

/// The REST calls the benchmark makes, over the HTTP module's client, with the admin token. One connection, kept
/// alive; the read timeout covers `?wait=300`.
final class BenchAPI {
    struct Namespace: Decodable {
        var id: String
        var name: String
        var folderCount: Int?
        var itemCount: Int?
        var totalBytes: Int64?
    }

    struct Backup: Decodable {
        var id: String
        var status: String
        var sizeBytes: Int64?
        var itemCount: Int?
        var folderCount: Int?
        var error: String?
    }

    struct Restore: Decodable {
        var id: String
        var status: String
        var error: String?
    }

    private struct RestoreRequest: Encodable {
        var backupId: String
        var safetyBackup = false
    }

    private let client: HTTPClient

    init(baseURL: String, token: String) throws {
        var configuration = HTTPClient.Configuration()
        configuration.readTimeout = .seconds(330)
        configuration.writeTimeout = .seconds(120)
        configuration.defaultHeaders.add(name: "Authorization", value: "Bearer \(token)")
        client = try HTTPClient(url: baseURL, configuration: configuration)
    }

    func createNamespace(named name: String) throws -> Namespace {
        try call(.post, "/v1/namespaces", json: ["name": name], expect: [201])
    }

    func namespace(_ id: String) throws -> Namespace {
        try call(.get, "/v1/namespaces/\(id)", expect: [200])
    }

    func deleteNamespace(_ id: String) throws {
        try send(.delete, "/v1/namespaces/\(id)", expect: [204])
    }

    /// `POST /v1/namespaces/{id}/backups?wait=300`: returns when the backup is ready (201) or failed.
    func createBackup(of namespaceID: String, name: String) throws -> Backup {
        try call(.post, "/v1/namespaces/\(namespaceID)/backups?wait=300", json: ["name": name], expect: [201])
    }

    func deleteBackup(_ id: String) throws {
        try send(.delete, "/v1/backups/\(id)", expect: [204])
    }

    /// `POST /v1/namespaces/{id}/restore?wait=300`: returns when the restore succeeded (200).
    func restore(_ backupID: String, into namespaceID: String) throws -> Restore {
        let body = try JSONEncoder().encode(RestoreRequest(backupId: backupID))
        return try call(.post, "/v1/namespaces/\(namespaceID)/restore?wait=300", body: [UInt8](body), expect: [200])
    }

    /// `GET /v1/backups/{id}/archive`, each piece handed to `consume`; returns the byte count.
    func download(_ backupID: String, consume: (UnsafeRawBufferPointer) throws -> Void) throws -> Int64 {
        var total: Int64 = 0
        var expected: Int64?
        let head = try client.execute(HTTPClientRequest(method: .get, target: "/v1/backups/\(backupID)/archive"),
                                      onHead: { head in expected = head.headers["Content-Length"].flatMap(Int64.init) },
                                      onBody: { piece in
                                          total += Int64(piece.count)
                                          try consume(piece)
                                      })
        guard head.status.code == 200 else {
            throw BenchError(.api, "GET /v1/backups/\(backupID)/archive answered \(head.status)")
        }
        guard expected == nil || expected == total else {
            throw BenchError(.check, "the download brought \(total) bytes, Content-Length said \(expected!)")
        }
        return total
    }

    /// `POST /v1/namespaces/{id}/backups/upload?name=…` with the file as body: returns when it is validated (201).
    func upload(file path: String, into namespaceID: String, name: String) throws -> Backup {
        let target = "/v1/namespaces/\(namespaceID)/backups/upload?name=" + PercentEncoding.encodeQueryComponent(name)
        let request = HTTPClientRequest(method: .post, target: target, headers: ["Content-Type": "application/zip"],
                                        body: .file(path: path), expectContinue: true)
        let response = try client.execute(request)
        return try decode(response, expect: [201], what: "POST \(target)")
    }

    // MARK: - Plumbing

    private func call<Answer: Decodable>(_ method: HTTPMethod, _ target: String, json: [String: String],
                                         expect: Set<Int>) throws -> Answer {
        try call(method, target, body: [UInt8](try JSONEncoder().encode(json)), expect: expect)
    }

    private func call<Answer: Decodable>(_ method: HTTPMethod, _ target: String, body: [UInt8]? = nil,
                                         expect: Set<Int>) throws -> Answer {
        let response = try client.execute(request(method, target, body: body))
        return try decode(response, expect: expect, what: "\(method.rawValue) \(target)")
    }

    private func send(_ method: HTTPMethod, _ target: String, expect: Set<Int>) throws {
        let response = try client.execute(request(method, target, body: nil))
        try check(response, expect: expect, what: "\(method.rawValue) \(target)")
    }

    private func request(_ method: HTTPMethod, _ target: String, body: [UInt8]?) -> HTTPClientRequest {
        guard let body else { return HTTPClientRequest(method: method, target: target) }
        return HTTPClientRequest(method: method, target: target, headers: ["Content-Type": "application/json"],
                                 body: .bytes(body))
    }

    private func decode<Answer: Decodable>(_ response: HTTPClientResponse, expect: Set<Int>, what: String) throws -> Answer {
        try check(response, expect: expect, what: what)
        do {
            return try JSONDecoder().decode(Answer.self, from: Data(response.body))
        } catch {
            throw BenchError(.api, "\(what) answered JSON the benchmark cannot read (\(error)): \(response.text.prefix(500))")
        }
    }

    /// Any answer but the expected ones stops the run (a 404 or 405 too: every route the benchmark calls exists).
    private func check(_ response: HTTPClientResponse, expect: Set<Int>, what: String) throws {
        guard !expect.contains(response.status.code) else { return }
        throw BenchError(.api, "\(what) answered \(response.status), expected \(expect.sorted()): "
            + "\(response.text.prefix(1000))")
    }
}
