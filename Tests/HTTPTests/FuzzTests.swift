import Foundation
import Testing
import TestSupport

@testable import HTTP

enum Mutator {
    static let corpus: [[UInt8]] = [
        "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n",
        "HEAD /hello?x=1&y=%20 HTTP/1.1\r\nHost: x\r\nAccept: */*\r\n\r\n",
        "PUT /count HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n0123456789",
        "PUT /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n4;a=b\r\nwxyz\r\n1\r\n!\r\n0\r\nX-T: 1\r\n\r\n",
        "PUT /upload HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\nabc",
        "GET http://x/segments/a%2Fb HTTP/1.1\r\nHost: x\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
        "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi",
    ].map { Array($0.utf8) }

    static let interesting: [UInt8] =
        Array("\r\n :;%,0123456789abcdefABCDEF\t/?#=\"\\".utf8) + [0, 0x7F, 0x80, 0xFF, 0x01]

    static func mutate(_ input: [UInt8], using rng: inout SeededGenerator) -> [UInt8] {
        var bytes = input
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            guard !bytes.isEmpty else { return bytes }
            let at = Int.random(in: 0..<bytes.count, using: &rng)
            switch Int.random(in: 0..<7, using: &rng) {
            case 0: bytes[at] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &rng)
            case 1: bytes[at] = interesting.randomElement(using: &rng)!
            case 2:
                bytes.insert(
                    contentsOf: (0..<Int.random(in: 1...8, using: &rng)).map { _ in
                        interesting.randomElement(using: &rng)!
                    },
                    at: at
                )
            case 3: bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...16, using: &rng)))
            case 4: bytes = Array(bytes[..<at])
            case 5:
                let end = min(bytes.count, at + Int.random(in: 1...32, using: &rng))
                bytes.insert(contentsOf: bytes[at..<end], at: at)
            default:
                let other = corpus.randomElement(using: &rng)!
                bytes = Array(bytes[..<at]) + other[Int.random(in: 0..<other.count, using: &rng)...]
            }
        }
        return bytes
    }
}

@Suite(.timeLimit(.minutes(1))) struct FuzzTests {
    @Test func mutatedInputNeverBreaksTheParsers() {
        let seed = UInt64.random(in: 0...UInt64.max)
        var rng = SeededGenerator(state: seed)
        let deadline = ContinuousClock.now + .seconds(1)
        var parsed = 0
        var refused = 0
        while ContinuousClock.now < deadline {
            let input = Mutator.mutate(Mutator.corpus.randomElement(using: &rng)!, using: &rng)
            var parser = RequestHeadParser()
            do {
                if let (head, length) = try parser.parse(input) {
                    parsed += 1
                    #expect(length <= input.count, "seed \(seed)")
                    #expect(head.path.hasPrefix("/") || head.path == "*", "seed \(seed)")
                    if head.framing == .chunked {
                        var decoder = ChunkedDecoder()
                        _ = try? input.withUnsafeBytes { raw in
                            try decoder.next(UnsafeRawBufferPointer(rebasing: raw[length...]))
                        }
                    }
                }
            } catch {
                refused += 1
                #expect((400...505).contains(error.status.code), "seed \(seed)")
            }
        }
        #expect(parsed > 0 && refused > 0, "seed \(seed): the mutations should produce both outcomes")
    }

    /// Feeds mutated requests to a live server for a bounded time, then checks it still answers.
    @Test func serverSurvivesMutatedRequests() throws {
        let server = try TestServer(limits: {
            $0.headTimeout = .milliseconds(500)
            $0.readTimeout = .milliseconds(500)
            $0.lingerTimeout = .milliseconds(200)
        })
        defer { server.stop() }
        let seed = UInt64.random(in: 0...UInt64.max)
        var rng = SeededGenerator(state: seed)
        let deadline = ContinuousClock.now + .seconds(3)
        var exchanges = 0
        var serverProblems = 0
        while ContinuousClock.now < deadline {
            let input = Mutator.mutate(Mutator.corpus.randomElement(using: &rng)!, using: &rng)
            let received = try server.exchangeRaw(input, halfClose: true, timeout: .seconds(3))
            exchanges += 1
            guard !received.isEmpty else { continue }
            #expect(
                received.starts(with: Array("HTTP/1.1 ".utf8)),
                "seed \(seed): \(String(decoding: received.prefix(40), as: UTF8.self))"
            )
            guard let responses = try? parseResponses(received, requestMethods: [.get]) else { continue }
            for response in responses where response.headers["Content-Type"] == "application/problem+json" {
                serverProblems += 1
                #expect((try? problemCode(of: response)) != nil, "seed \(seed): \(response.text)")
            }
        }
        print("fuzz: seed \(seed), \(exchanges) mutated requests, \(serverProblems) problem answers")
        #expect(exchanges > 50)
        #expect(serverProblems > 0)
        #expect(try server.client().get("/hello").text == "hello")
        #expect(waitFor { server.server.connectionCount == 0 })
    }
}
