import API
import Foundation
import HTTP
import Postgres
import TestSupport
import Testing

/// Health, the OpenAPI document and the web page: no token needed.
@Suite(.enabled(if: TestDatabase.isConfigured, "DATABASE_URL is not set: run scripts/test"), .timeLimit(.minutes(2)))
struct ServiceRoutesTests {
    @Test func healthReportsTheSchemaVersion() throws {
        try TestApp.with { app in
            let response = try app.request(.get, "/healthz", token: nil)
            #expect(response.head.status == .ok)
            let object = try response.jsonObject()
            #expect(object["status"] as? String == "ok")
            #expect(object["database"] as? String == "ok")
            #expect(object["schemaVersion"] as? Int == (try TestDatabase.migrations().last?.version))
            #expect(object["version"] as? String == NSBackupVersion.current)
        }
    }

    @Test func healthIs503WhenTheDatabaseIsUnreachable() throws {
        try TestApp.withUnreachableDatabase { app in
            let response = try app.request(.get, "/healthz", token: nil)
            #expect(response.head.status == .serviceUnavailable)
            #expect(response.head.headers["Retry-After"] == "5")
            #expect(response.head.headers["Content-Type"] == "application/json; charset=utf-8")
            #expect(
                response.text
                    == #"{"status":"unavailable","database":"unreachable","schemaVersion":null,"version":"\#(NSBackupVersion.current)"}"#
            )
        }
    }

    @Test(arguments: [
        ("/", "index.html", "text/html; charset=utf-8"),
        ("/web/app.js", "app.js", "text/javascript; charset=utf-8"),
        ("/web/app.css", "app.css", "text/css; charset=utf-8"),
    ])
    func webPageIsServedWithStrictHeaders(path: String, file: String, contentType: String) throws {
        try TestApp.withUnreachableDatabase { app in
            let response = try app.request(.get, path, token: nil)
            #expect(response.head.status == .ok)
            let expected = try Data(contentsOf: TestPaths.packageRoot.appendingPathComponent("Sources/API/Web/\(file)"))
            #expect(response.body == [UInt8](expected))
            let headers = response.head.headers
            #expect(headers["Content-Type"] == contentType)
            #expect(
                headers["Content-Security-Policy"] == """
                    default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; \
                    frame-ancestors 'none'; base-uri 'none'; form-action 'none'
                    """
            )
            #expect(headers["X-Content-Type-Options"] == "nosniff")
            #expect(headers["Referrer-Policy"] == "no-referrer")
            #expect(headers["Cache-Control"] == "no-cache")
            let etag = try #require(headers["ETag"])
            let revalidated = try app.request(
                .get,
                path,
                token: nil,
                headers: ["If-None-Match": "W/\"other\", \(etag)"]
            )
            #expect(revalidated.head.status == .notModified)
            #expect(revalidated.body.isEmpty)
            #expect(revalidated.head.headers["ETag"] == etag)
            #expect(revalidated.head.headers["Content-Security-Policy"] != nil)
            let changed = try app.request(.get, path, token: nil, headers: ["If-None-Match": "\"stale\""])
            #expect(changed.head.status == .ok)
        }
    }

    @Test func openAPIDocumentIsServedWithoutToken() throws {
        try TestApp.withUnreachableDatabase { app in
            let response = try app.request(.get, "/v1/openapi.yaml", token: nil)
            #expect(response.head.status == .ok)
            #expect(response.head.headers["Content-Type"] == "application/yaml; charset=utf-8")
            #expect(response.text.hasPrefix("openapi: 3.1.0"))
            #expect(response.text.contains("/v1/tokens:"))
        }
    }

    @Test("Every route the app serves is in openapi.yaml")
    func everyRouteIsDocumented() throws {
        try TestApp.withUnreachableDatabase { app in
            let document = try String(
                contentsOf: TestPaths.packageRoot.appendingPathComponent("openapi.yaml"),
                encoding: .utf8
            )
            for route in app.app.router.routes where !route.pattern.template.hasPrefix("/v1/test/") {
                let template = route.pattern.template.replacingOccurrences(of: "...}", with: "}")
                #expect(document.contains("\n  \(template):\n"), "\(route.method) \(template) is not in openapi.yaml")
                #expect(document.contains("operationId:"))
            }
        }
    }

    @Test func catchAllSegmentsArriveDecodedOneByOne() throws {
        try TestApp.withUnreachableDatabase { app in
            let response = try app.request(.get, "/v1/test/items/Orders/a%2Fb/Jane%27s%20Service", token: nil)
            #expect(response.text == #"{"segments":["Orders","a/b","Jane's Service"]}"#)
        }
    }
}
