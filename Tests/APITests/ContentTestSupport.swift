import API
import Foundation
import HTTP
import Testing
import TestSupport

/// Helpers for the namespace and content route tests.
extension TestApp {
    /// Creates a namespace through the API (as the global admin) and returns its id.
    func createNamespaceThroughAPI(_ name: String) throws -> String {
        let response = try admin(.post, "/v1/namespaces", json: try jsonString(["name": name]))
        guard response.head.status == .created, let id = try response.jsonObject()["id"] as? String else {
            throw TestFailure("creating namespace \(name) failed: \(response.head.status) \(response.text)")
        }
        return id
    }

    /// `/v1/namespaces/{id}/<collection>/<each segment percent-encoded>`, plus an optional query.
    func contentTarget(_ namespace: String, _ collection: String, _ segments: [String], query: String? = nil) -> String {
        "/v1/namespaces/\(namespace)/\(collection)" + PercentEncoding.encodePath(segments) + (query.map { "?" + $0 } ?? "")
    }

    /// `PUT …/items/{path}?kind=` with raw bytes.
    func putItem(
        _ namespace: String, _ segments: [String], kind: String = "file", bytes: [UInt8], contentType: String? = nil,
        token: String? = nil
    ) throws -> HTTPClientResponse {
        var headers: HTTPHeaders = ["Authorization": "Bearer \(token ?? adminToken)"]
        if let contentType { headers.add(name: "Content-Type", value: contentType) }
        return try client.execute(HTTPClientRequest(
            method: .put, target: contentTarget(namespace, "items", segments, query: "kind=\(kind)"), headers: headers,
            body: .bytes(bytes)))
    }

    /// `PUT …/folders/{path}` with an optional JSON body.
    func putFolder(_ namespace: String, _ segments: [String], json: String? = nil, token: String? = nil) throws -> HTTPClientResponse {
        try request(.put, contentTarget(namespace, "folders", segments), token: token ?? adminToken, json: json)
    }
}

/// A JSON text for a small object of strings (escaping done by JSONSerialization).
func jsonString(_ object: [String: String]) throws -> String {
    String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
}

/// Checks a problem document's status, code and shape, and returns its `detail`.
@discardableResult
func expectContentProblem(
    _ response: HTTPClientResponse, _ status: Int, _ code: String, sourceLocation: SourceLocation = #_sourceLocation
) -> String {
    #expect(response.head.status.code == status, "\(response.text)", sourceLocation: sourceLocation)
    #expect(response.head.headers["Content-Type"] == "application/problem+json", sourceLocation: sourceLocation)
    let object = (try? response.jsonObject()) ?? [:]
    #expect(object["code"] as? String == code, "\(response.text)", sourceLocation: sourceLocation)
    #expect(object["type"] as? String == "about:blank", sourceLocation: sourceLocation)
    #expect(object["status"] as? Int == status, sourceLocation: sourceLocation)
    let detail = object["detail"] as? String ?? ""
    #expect(!detail.isEmpty, sourceLocation: sourceLocation)
    return detail
}
