import API
import Dispatch
import Foundation
import HTTP
import Synchronization
import Testing
import TestSupport

/// Issue 5's "time to insert 10,000 items × 20 KiB through HTTP". Not a unit test: runs only with
/// NSBACKUP_BENCH=1 and prints its figures.
///
///     NSBACKUP_BENCH=1 swift test -c release --filter ContentBenchmarkRoutesTests
@Suite("Content routes benchmark (NSBACKUP_BENCH=1)", .serialized,
       .enabled(if: TestDatabase.isConfigured && ProcessInfo.processInfo.environment["NSBACKUP_BENCH"] == "1",
                "set NSBACKUP_BENCH=1 (and DATABASE_URL) to run the benchmarks"))
struct ContentBenchmarkRoutesTests {
    static let itemCount = 10_000
    static let itemBytes = 20 << 10

    static func document(_ seed: Int) -> [UInt8] {
        var text = Array("<?xml version=\"1.0\"?>\n<service id=\"\(seed)\">\n".utf8)
        var line = 0
        while text.count < itemBytes {
            text.append(contentsOf: "  <field name=\"f\(line % 97)\" value=\"\(line &* 7919 % 100_003)\">order line \(seed)</field>\n".utf8)
            line += 1
        }
        return Array(text.prefix(itemBytes))
    }

    @Test(arguments: [1, 4])
    func putThroughHTTP(clients: Int) throws {
        try TestApp.with(configure: { $0.database.poolSize = 8 }) { app in
            let ns = try app.createNamespaceThroughAPI("bench")
            let documents = (0..<100).map(Self.document)
            let port = app.app.port!
            let token = app.adminToken
            let failures = Atomic<Int>(0)
            let start = ContinuousClock.now
            let group = DispatchGroup()
            for client in 0..<clients {
                group.enter()
                Thread {
                    defer { group.leave() }
                    let http = HTTPClient(host: "127.0.0.1", port: port)
                    defer { http.close() }
                    for index in stride(from: client, to: Self.itemCount, by: clients) {
                        let request = HTTPClientRequest(
                            method: .put, target: "/v1/namespaces/\(ns)/items/folder%20\(index / 100)/item%20\(index)?kind=service",
                            headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/xml"],
                            body: .bytes(documents[index % documents.count]))
                        let status = (try? http.execute(request).head.status.code) ?? 0
                        if status != 201 { failures.add(1, ordering: .relaxed) }
                    }
                }.start()
            }
            group.wait()
            let elapsed = ContinuousClock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            print(String(format: "BENCH PUT through HTTP, %d client(s): %.2f s, %.0f items/s, %.1f MB/s", clients, seconds,
                         Double(Self.itemCount) / seconds, Double(Self.itemCount * Self.itemBytes) / 1e6 / seconds))
            #expect(failures.load(ordering: .relaxed) == 0)
            let namespace = try app.admin(.get, "/v1/namespaces/\(ns)").jsonObject()
            #expect(namespace["itemCount"] as? Int == Self.itemCount)
        }
    }
}
