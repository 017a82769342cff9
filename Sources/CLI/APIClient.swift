import Foundation
import HTTP

/// The REST client of spec/api.md: JSON requests with the bearer token, answers checked, problems turned into
/// ``CommandFailure``s carrying the server's `detail` and `code`.
///
/// Not thread-safe (one ``HTTPClient`` connection, kept alive between requests).
final class APIClient {
    /// The server's URL as given (for messages).
    let url: String
    let http: HTTPClient

    /// - Throws: ``UsageError`` when `url` is not an `http://host[:port]` URL.
    init(url: String, token: String, commandPath: [String]) throws(UsageError) {
        var configuration = HTTPClient.Configuration()
        configuration.connectTimeout = .seconds(10)
        configuration.readTimeout = .seconds(60)
        configuration.defaultHeaders.add(name: "Authorization", value: "Bearer \(token)")
        configuration.defaultHeaders.add(name: "Accept", value: "application/json")
        configuration.defaultHeaders.add(name: "User-Agent", value: "nsbackup-cli")
        do {
            http = try HTTPClient(url: url, configuration: configuration)
        } catch {
            throw UsageError(
                "Invalid server URL '\(url)': it must look like http://host:port (check --url or NSBACKUP_URL).",
                commandPath: commandPath
            )
        }
        self.url = url
    }

    /// Sends a request and returns its 2xx answer.
    ///
    /// - Parameters:
    ///   - path: the percent-encoded path, e.g. `/v1/backups/…` (see ``path(_:)``).
    ///   - json: a JSON object body (from `JSONSerialization`-compatible values), if any.
    /// - Throws: ``CommandFailure`` with the problem's `detail` and `code` for a non-2xx answer, or a sentence
    ///   about the transport (``failure(for:)``).
    func send(
        _ method: HTTPMethod,
        _ path: String,
        query: [HTTPQueryItem] = [],
        json: [String: Any]? = nil
    ) throws -> APIResponse {
        var headers = HTTPHeaders()
        var body = HTTPClientRequest.Body.none
        if let json {
            let data = try JSONSerialization.data(withJSONObject: json)
            body = .bytes(Array(data))
            headers.add(name: "Content-Type", value: "application/json")
        }
        let request = HTTPClientRequest(
            method: method,
            target: Self.target(path, query: query),
            headers: headers,
            body: body
        )
        return try execute(request)
    }

    /// Sends `request` (any body) and returns its 2xx answer; errors as ``send(_:_:query:json:)``.
    func execute(_ request: HTTPClientRequest) throws -> APIResponse {
        let response: HTTPClientResponse
        do {
            response = try http.execute(request, maxBodyBytes: 64 << 20)
        } catch {
            throw failure(for: error)
        }
        guard (200..<300).contains(response.status.code) else {
            throw Self.failure(status: response.head.status, body: response.body)
        }
        return APIResponse(head: response.head, body: response.body)
    }

    /// `GET path`, decoded.
    func get<T: Decodable>(_ path: String, query: [HTTPQueryItem] = [], as type: T.Type) throws -> (T, APIResponse) {
        let response = try send(.get, path, query: query)
        return (try response.decode(T.self), response)
    }

    /// A path from unencoded segments: `["v1", "namespaces", id]` → `/v1/namespaces/<id>`.
    static func path(_ segments: String...) -> String {
        PercentEncoding.encodePath(segments)
    }

    static func target(_ path: String, query: [HTTPQueryItem]) -> String {
        query.isEmpty ? path : path + "?" + PercentEncoding.encodeQuery(query)
    }
}
