import API
import Foundation
import HTTP
import TestSupport
import Testing

/// Every error the frame produces, through real HTTP on port 0, has the contract's problem shape.
@Suite(.enabled(if: TestDatabase.isConfigured, "DATABASE_URL is not set: run scripts/test"), .timeLimit(.minutes(2)))
struct FrameResponseTests {
    /// Checks the problem document's shape and returns it.
    @discardableResult
    func expectProblem(
        _ response: HTTPClientResponse,
        _ status: Int,
        _ code: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> [String: Any] {
        #expect(response.head.status.code == status, "\(response.text)", sourceLocation: sourceLocation)
        #expect(response.head.headers["Content-Type"] == "application/problem+json", sourceLocation: sourceLocation)
        let object = try response.jsonObject()
        #expect(object["type"] as? String == "about:blank", sourceLocation: sourceLocation)
        #expect(object["title"] as? String == HTTPStatus.reasonPhrase(status), sourceLocation: sourceLocation)
        #expect(object["status"] as? Int == status, sourceLocation: sourceLocation)
        #expect(object["code"] as? String == code, sourceLocation: sourceLocation)
        #expect(((object["detail"] as? String) ?? "").count > 10, sourceLocation: sourceLocation)
        return object
    }

    @Test func malformedJSONIs400SayingSo() throws {
        try TestApp.with { app in
            let object = try expectProblem(
                app.admin(.post, "/v1/test/echo", json: #"{"name": "x", "count": 1"#),
                400,
                "bad_request"
            )
            #expect((object["detail"] as? String)?.contains("not valid JSON") == true)
        }
    }

    @Test func wrongFieldTypeIs400NamingTheField() throws {
        try TestApp.with { app in
            let object = try expectProblem(
                app.admin(.post, "/v1/test/echo", json: #"{"name": "x", "count": 1, "nested": {"flag": 1}}"#),
                400,
                "bad_request"
            )
            #expect(object["detail"] as? String == "Field 'nested.flag' must be a boolean (true or false).")
            let missing = try expectProblem(
                app.admin(.post, "/v1/test/echo", json: #"{"count": 1}"#),
                400,
                "bad_request"
            )
            #expect(missing["detail"] as? String == "Field 'name' is required.")
        }
    }

    @Test func jsonBodiesRoundTripWithAnyJSONMediaTypeOrNone() throws {
        try TestApp.with { app in
            let body = #"{"name":"Jane's","count":2,"nested":null,"when":"2021-03-11T16:47:11.5+01:00"}"#
            for contentType in ["application/json; charset=utf-8", "application/vnd.nsbackup+json", nil] {
                var headers: HTTPHeaders = ["Authorization": "Bearer \(app.adminToken)"]
                if let contentType { headers.add(name: "Content-Type", value: contentType) }
                let response = try app.client.execute(
                    HTTPClientRequest(
                        method: .post,
                        target: "/v1/test/echo",
                        headers: headers,
                        body: .bytes(Array(body.utf8))
                    )
                )
                #expect(response.head.status == .ok)
                #expect(response.head.headers["Content-Type"] == "application/json; charset=utf-8")
                #expect(
                    response.text == #"{"name":"Jane's","count":2,"nested":null,"when":"2021-03-11T15:47:11.500Z"}"#
                )
            }
        }
    }

    @Test func nonJSONMediaTypeIs415() throws {
        try TestApp.with { app in
            let response = try app.request(
                .post,
                "/v1/test/echo",
                token: app.adminToken,
                json: #"{"name":"x","count":1}"#,
                headers: ["Content-Type": "text/plain"]
            )
            try expectProblem(response, 415, "unsupported_media_type")
        }
    }

    @Test func missingOrUnknownTokenIs401WithChallenge() throws {
        try TestApp.with { app in
            for token in [nil, "nsb_not-a-real-token", "has space"] as [String?] {
                let response = try app.request(.get, "/v1/tokens", token: token)
                try expectProblem(response, 401, "unauthorized")
                #expect(response.head.headers["WWW-Authenticate"]?.hasPrefix("Bearer") == true)
            }
            let basic = try app.request(.get, "/v1/tokens", token: nil, headers: ["Authorization": "Basic YTpi"])
            try expectProblem(basic, 401, "unauthorized")
        }
    }

    @Test func roleTooLowIs403() throws {
        try TestApp.with { app in
            let reader = try app.createToken(role: "reader", namespaces: #""*""#)
            try expectProblem(app.request(.get, "/v1/test/global", token: reader), 403, "forbidden")
        }
    }

    @Test func unknownPathIs404AndWrongMethodIs405WithAllow() throws {
        try TestApp.with { app in
            try expectProblem(app.admin(.get, "/v1/nothing-here"), 404, "not_found")
            let response = try app.admin(.put, "/v1/tokens", json: "{}")
            try expectProblem(response, 405, "method_not_allowed")
            #expect(response.head.headers["Allow"] == "GET, HEAD, POST")
        }
    }

    @Test func headGetsTheGetHeadersWithoutBody() throws {
        try TestApp.with { app in
            let get = try app.admin(.get, "/v1/tokens")
            let head = try app.admin(.head, "/v1/tokens")
            #expect(head.head.status == .ok)
            #expect(head.body.isEmpty)
            #expect(head.head.headers["Content-Length"] == get.head.headers["Content-Length"])
            #expect(head.head.headers["Content-Type"] == "application/json; charset=utf-8")
        }
    }

    @Test func uploadWithoutLengthIs411() throws {
        try TestApp.with { app in
            let connection = try TCPConnection(host: "127.0.0.1", port: app.app.port!)
            defer { connection.close() }
            try connection.send(
                Array(
                    "PUT /v1/test/upload HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(app.adminToken)\r\nConnection: close\r\n\r\n"
                        .utf8
                )
            )
            let response = try HTTPClientResponse(parsing: connection.receiveUntilClosed())
            try expectProblem(response, 411, "length_required")
        }
    }

    @Test func bodyOverTheRouteLimitIs413() throws {
        try TestApp.with { app in
            let ok = try app.client.execute(
                HTTPClientRequest(
                    method: .put,
                    target: "/v1/test/upload",
                    headers: ["Authorization": "Bearer \(app.adminToken)"],
                    body: .bytes([UInt8](repeating: 7, count: 1024))
                )
            )
            #expect(ok.text == #"{"bytes":1024}"#)
            let tooLarge = try app.client.execute(
                HTTPClientRequest(
                    method: .put,
                    target: "/v1/test/upload",
                    headers: ["Authorization": "Bearer \(app.adminToken)"],
                    body: .bytes([UInt8](repeating: 7, count: 1025))
                )
            )
            try expectProblem(tooLarge, 413, "payload_too_large")
            let chunked = try app.client.execute(
                HTTPClientRequest(
                    method: .put,
                    target: "/v1/test/upload",
                    headers: ["Authorization": "Bearer \(app.adminToken)"],
                    body: .stream(length: nil, next: { [UInt8](repeating: 1, count: 600) })
                )
            )
            try expectProblem(chunked, 413, "payload_too_large")
        }
    }

    @Test func jsonBodyOverOneMebibyteIs413() throws {
        try TestApp.with { app in
            let big = #"{"name":""# + String(repeating: "a", count: 1 << 20) + #"","count":1}"#
            try expectProblem(app.admin(.post, "/v1/test/echo", json: big), 413, "payload_too_large")
        }
    }

    @Test func oversizedHeadersAre431() throws {
        try TestApp.with { app in
            let response = try app.request(
                .get,
                "/v1/tokens",
                token: app.adminToken,
                headers: ["X-Filler": String(repeating: "x", count: 40 * 1024)]
            )
            try expectProblem(response, 431, "headers_too_large")
        }
    }

    @Test("A 500 carries the request id, which the log has with the cause; nothing internal is in the body")
    func internalErrorsAreOpaque() throws {
        try TestApp.with { app in
            let response = try app.admin(.get, "/v1/test/boom")
            let object = try expectProblem(response, 500, "internal")
            let requestID = try #require(object["requestId"] as? String)
            #expect(response.head.headers["X-Request-Id"] == requestID)
            #expect((object["detail"] as? String)?.contains(requestID) == true)
            for secret in ["secret_table", "/var/lib", "SELECT", "42P01", "PostgresError"] {
                #expect(!response.text.contains(secret))
            }
            let logged = app.log.contents.filter {
                $0.contains("request_id=\(requestID)") && $0.contains("level=error")
            }
            #expect(logged.count == 1)
            #expect(logged.first?.contains("secret_table") == true)
        }
    }

    @Test func everyV1RequestIs503WhenTheDatabaseIsUnreachable() throws {
        try TestApp.withUnreachableDatabase { app in
            for target in ["/v1/tokens", "/v1/test/global"] {
                let response = try app.request(.get, target, token: "nsb_whatever")
                try expectProblem(response, 503, "unavailable")
                #expect(response.head.headers["Retry-After"] == "5")
                #expect(!response.text.contains("nonexistent"))
            }
            #expect(app.log.contents.contains { $0.contains("level=warning") && $0.contains("nonexistent") })
        }
    }
}
