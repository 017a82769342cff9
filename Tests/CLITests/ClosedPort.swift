import HTTP

/// A loopback port where nothing listens: bound by a server that is then stopped.
enum ClosedPort {
    static func make() throws -> Int {
        let server = HTTPServer(configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0)) { _, writer in
            try writer.respond(status: .ok, text: "")
        }
        try server.start()
        guard let port = server.port else { throw ParseExpectation("server has no port") }
        server.shutdown(grace: .milliseconds(10))
        return port
    }
}
