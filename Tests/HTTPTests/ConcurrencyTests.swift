import Foundation
import Synchronization
import Testing

@testable import HTTP

/// Runs `body(index)` on `count` threads at once and returns their results.
private func onThreads<T: Sendable>(_ count: Int, _ body: @escaping @Sendable (Int) -> T) -> [T] {
    let results = Mutex<[Int: T]>([:])
    let group = DispatchGroup()
    for index in 0..<count {
        group.enter()
        let thread = Thread {
            let value = body(index)
            results.withLock { $0[index] = value }
            group.leave()
        }
        thread.stackSize = 512 * 1024
        thread.start()
    }
    group.wait()
    return results.withLock { dictionary in (0..<count).compactMap { dictionary[$0] } }
}

@Suite(.timeLimit(.minutes(1))) struct ConcurrencyTests {
    @Test func twoHundredConcurrentClients() throws {
        let server = try TestServer()
        defer { server.stop() }
        let port = server.port
        let outcomes = onThreads(200) { index -> Bool in
            let client = HTTPClient(host: "127.0.0.1", port: port)
            do {
                for _ in 0..<3 {
                    guard try client.get("/hello").text == "hello" else { return false }
                }
                let echo = try client.execute(
                    HTTPClientRequest(method: .put, target: "/echo", body: .bytes(Array("client \(index)".utf8))))
                return echo.text == "client \(index)"
            } catch {
                return false
            }
        }
        #expect(outcomes.count == 200)
        #expect(outcomes.allSatisfy { $0 })
        #expect(server.logs.accessEntries(atLeast: 800).count == 800)
    }

    @Test func connectionsBeyondTheLimitWaitForAFreeSlot() throws {
        let server = try TestServer(maxConnections: 2)
        defer { server.stop() }
        let port = server.port
        let outcomes = onThreads(12) { _ -> Int in
            let client = HTTPClient(host: "127.0.0.1", port: port)
            client.configuration.keepAlive = false
            return (try? client.get("/slow?ms=20").status.code) ?? 0
        }
        #expect(outcomes == Array(repeating: 200, count: 12))
    }

    @Test func shutdownLetsAnInFlightRequestFinishAndRefusesNewConnections() throws {
        let server = try TestServer()
        let port = server.port
        let response = Mutex<HTTPClientResponse?>(nil)
        let done = DispatchSemaphore(value: 0)
        Thread {
            let client = HTTPClient(host: "127.0.0.1", port: port)
            response.withLock { $0 = try? client.get("/slow?ms=500") }
            done.signal()
        }.start()
        // Wait until the request is being served, then shut down with a grace period longer than it needs.
        #expect(waitFor { server.server.connectionCount == 1 })
        Thread.sleep(forTimeInterval: 0.1)
        server.stop(grace: .seconds(10))
        done.wait()
        let finished = try #require(response.withLock { $0 })
        #expect(finished.text == "slow done")
        #expect(finished.headers["Connection"] == "close")
        #expect(throws: (any Error).self) { try HTTPClient(host: "127.0.0.1", port: port).get("/hello") }
        #expect(server.server.connectionCount == 0)
    }

    @Test func shutdownClosesIdleConnectionsAtOnceAndCutsOffStuckOnesAfterTheGrace() throws {
        let server = try TestServer()
        let idle = try server.raw()
        defer { idle.close() }
        try idle.send(Array("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
        _ = try idle.receive(timeout: .seconds(5))
        // A request whose body never comes: its handler is blocked in a body read.
        let stuck = try server.raw()
        defer { stuck.close() }
        try stuck.send(Array("PUT /count HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nab".utf8))
        #expect(waitFor { server.server.connectionCount == 2 })
        server.stop(grace: .milliseconds(300))
        #expect(server.server.connectionCount == 0)
        #expect(idle.receiveUntilClosed(timeout: .seconds(5)).isEmpty)
    }

    @Test func signalHelperReturnsTheSignalThatArrived() throws {
        // Ignored first, so a signal sent before the helper is listening is harmless rather than fatal.
        _ = signal(SIGUSR2, SIG_IGN)
        let received = Mutex<Int32?>(nil)
        let done = DispatchSemaphore(value: 0)
        Thread {
            received.withLock { $0 = TerminationSignals.wait(for: [SIGUSR2], restoringDefaultActions: false) }
            done.signal()
        }.start()
        var waited = false
        for _ in 0..<100 where !waited {
            kill(getpid(), SIGUSR2)
            waited = done.wait(timeout: .now() + .milliseconds(50)) == .success
        }
        #expect(waited)
        #expect(received.withLock { $0 } == SIGUSR2)
    }
}
