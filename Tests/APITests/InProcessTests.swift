import API
import HTTP
import TestSupport
import Testing

/// Calling the app without a socket (Hummingbird's `.router` mode): an `HTTPRequest` value in, the recorded
/// response out. Route tests that need no HTTP framing can work this way.
@Suite("In-process requests")
struct InProcessTests {
    func respond(_ app: App, _ method: HTTPMethod, _ target: String, headers: HTTPHeaders = HTTPHeaders()) throws
        -> HTTPClientResponse
    {
        let request = HTTPRequest(
            head: HTTPRequestHead(method: method, target: try HTTPRequestTarget(parsing: target), headers: headers)
        )
        let recorder = HTTPResponseRecorder()
        try app.responder.respond(to: request, writer: HTTPResponseWriter(recordingInto: recorder, for: request))
        return try recorder.response()
    }

    func makeApp() throws -> App {
        let configuration = try TestApp.configuration(conninfo: "host=/nonexistent port=1", adminToken: nil)
        return try App(
            configuration: configuration,
            logger: Logger(label: "test", sink: .discard),
            routeGroups: RouteGroups.all + [TestRoutes()]
        )
    }

    @Test func routesWithoutASocket() throws {
        let app = try makeApp()
        let response = try respond(app, .get, "/v1/test/items/a%2Fb/c")
        #expect(response.head.status == .ok)
        #expect(response.text == #"{"segments":["a/b","c"]}"#)
        let missing = try respond(app, .get, "/v1/test/nothing")
        #expect(missing.problemCode == "not_found")
        let unauthenticated = try respond(app, .get, "/v1/tokens")
        #expect(unauthenticated.problemCode == "unauthorized")
        #expect(unauthenticated.head.headers["WWW-Authenticate"] == "Bearer realm=\"nsbackup\"")
    }
}
