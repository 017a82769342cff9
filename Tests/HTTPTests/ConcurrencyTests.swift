import Foundation
import TestSupport
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

/// Sends `number` to this process until `signals` reports it (Dispatch installs its sources asynchronously,
/// and a signal that arrives before is ignored, not caught).
private func raiseUntilCaught(_ number: Int32, by signals: TerminationSignals) -> Int32? {
    for _ in 0..<100 {
        kill(getpid(), number)
        if let caught = signals.wait(timeout: .milliseconds(50)) { return caught }
    }
    return nil
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
                    HTTPClientRequest(method: .put, target: "/echo", body: .bytes(Array("client \(index)".utf8)))
                )
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

    @Test func idleKeepAliveConnectionsGiveWayWhenEverySlotIsTaken() throws {
        let server = try TestServer(maxConnections: 2)
        defer { server.stop() }
        let first = server.client()
        let second = server.client()
        #expect(try first.get("/hello").status == .ok)
        #expect(try second.get("/hello").status == .ok)
        // Both slots now hold idle keep-alive connections (idle timeout 60 s); a third client still gets in.
        var configuration = HTTPClient.Configuration()
        configuration.readTimeout = .seconds(5)
        let third = HTTPClient(host: "127.0.0.1", port: server.port, configuration: configuration)
        #expect(try third.get("/hello").text == "hello")
        // The closed idle connections are retried transparently by their clients.
        #expect(try first.get("/hello").text == "hello")
    }

    @Test func shutdownLetsAnInFlightRequestFinishAndRefusesNewConnections() throws {
        let server = try TestServer()
        let port = server.port
        let response = Mutex<HTTPClientResponse?>(nil)
        let done = DispatchSemaphore(value: 0)
        let mark = UUID().uuidString
        Thread {
            let client = HTTPClient(host: "127.0.0.1", port: port)
            response.withLock { $0 = try? client.get("/slow?ms=500&mark=\(mark)") }
            done.signal()
        }.start()
        // Wait until the handler runs, then shut down with a grace period longer than it needs.
        #expect(waitFor(timeout: .seconds(30)) { TestResponder.startedMarks.withLock { $0.contains(mark) } })
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
        let signals = TerminationSignals([SIGUSR2], restoringDefaultActions: false)
        #expect(raiseUntilCaught(SIGUSR2, by: signals) == SIGUSR2)
        #expect(signals.wait() == SIGUSR2)
        #expect(signals.wait() == SIGUSR2)  // a second waiter is not stranded
    }

    @Test func runUntilSignalledShutsTheServerDown() throws {
        let server = try TestServer()
        let signals = TerminationSignals([SIGUSR1], restoringDefaultActions: false)
        #expect(raiseUntilCaught(SIGUSR1, by: signals) == SIGUSR1)
        #expect(server.server.runUntilSignalled(signals, grace: .milliseconds(100)) == SIGUSR1)
        #expect(server.server.port == nil)
        #expect(throws: (any Error).self) { try HTTPClient(host: "127.0.0.1", port: server.port).get("/hello") }
    }
}
