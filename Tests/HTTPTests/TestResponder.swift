import Foundation
import Synchronization

@testable import HTTP

/// Deterministic 64 KiB blocks for large transfers: block k is a fixed pseudo-random block with k stamped into
/// its first 8 bytes, so order and content can be checked with memcmp instead of per-byte loops.
enum Pattern {
    static let blockSize = 64 * 1024
    static let base: [UInt8] = {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        return (0..<blockSize).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 33)
        }
    }()

    static func block(_ index: Int) -> [UInt8] {
        var block = base
        withUnsafeBytes(of: UInt64(index).littleEndian) { stamp in
            block.withUnsafeMutableBytes { $0.baseAddress!.copyMemory(from: stamp.baseAddress!, byteCount: 8) }
        }
        return block
    }
}

/// Checks a byte stream against consecutive ``Pattern`` blocks, in whatever pieces it arrives
/// (memcpy/memcmp only: no per-byte loops, so hundreds of MiB check quickly even in debug builds).
final class PatternVerifier {
    private let pending = UnsafeMutableRawBufferPointer.allocate(byteCount: Pattern.blockSize, alignment: 16)
    private var filled = 0
    private var expected = Pattern.base
    private(set) var blocks = 0
    private(set) var mismatches = 0
    private(set) var byteCount: Int64 = 0

    deinit { pending.deallocate() }

    func feed(_ bytes: UnsafeRawBufferPointer) {
        byteCount += Int64(bytes.count)
        var offset = 0
        while offset < bytes.count {
            let take = min(Pattern.blockSize - filled, bytes.count - offset)
            (pending.baseAddress! + filled).copyMemory(from: bytes.baseAddress! + offset, byteCount: take)
            filled += take
            offset += take
            if filled == Pattern.blockSize { check() }
        }
    }

    /// Whether every complete block matched and no partial block is left over.
    var isIntact: Bool { mismatches == 0 && filled == 0 }

    private func check() {
        withUnsafeBytes(of: UInt64(blocks).littleEndian) { stamp in
            expected.withUnsafeMutableBytes { $0.baseAddress!.copyMemory(from: stamp.baseAddress!, byteCount: 8) }
        }
        if memcmp(expected, pending.baseAddress!, Pattern.blockSize) != 0 { mismatches += 1 }
        blocks += 1
        filled = 0
    }
}

struct SomeInternalFailure: Error {
    let secret = "SELECT password FROM users /srv/nsbackup/secret.txt"
}

/// The routes loopback tests use.
struct TestResponder: HTTPResponder {
    /// The `mark` query values of `/slow` requests whose handler has started (tests wait for their own mark).
    static let startedMarks = Mutex<Set<String>>([])

    func bodyPolicy(for head: HTTPRequestHead) -> HTTPBodyPolicy? {
        switch head.path {
        case "/upload": return .upload(maxBytes: 1 << 20)
        case "/count", "/echo": return HTTPBodyPolicy(maxBytes: .max, requiresLength: true)
        default: return nil
        }
    }

    func respond(to request: HTTPRequest, writer: HTTPResponseWriter) throws {
        switch (request.method, request.pathSegments.first ?? "") {
        case (.get, "hello"), (.head, "hello"):
            try writer.respond(status: .ok, headers: ["Content-Type": "text/plain"], text: "hello")
        case (.get, "id"):
            try writer.respond(status: .ok, text: request.requestID)
        case (.get, "segments"):
            let object: [String: Any] = [
                "segments": request.pathSegments, "path": request.path,
                "query": request.queryItems.map { [$0.name, $0.value ?? NSNull()] as [Any] },
                "accept": request.headers.values(for: "accept"),
            ]
            try writer.respond(status: .ok, body: try JSONSerialization.data(withJSONObject: object))
        case (_, "echo"):
            // Streams the body back as it arrives (chunked), reading first so 100-continue happens.
            var first = try request.body.read(max: 256 * 1024)
            try writer.writeHead(status: .ok, headers: ["Content-Type": "application/octet-stream"], contentLength: nil)
            while let piece = first {
                try writer.write(piece)
                first = try request.body.read(max: 256 * 1024)
            }
            try writer.finish(trailers: ["X-Bytes": String(request.body.bytesRead)])
        case (_, "count"), (_, "upload"):
            let verifier = PatternVerifier()
            try request.body.forEachChunk { verifier.feed($0) }
            try writer.respond(
                status: .ok,
                text:
                    "{\"bytes\":\(verifier.byteCount),\"blocks\":\(verifier.blocks),\"intact\":\(verifier.isIntact),\"continue\":\(request.head.expectsContinue)}"
            )
        case (.get, "download"):
            let blocks = Int(request.query("blocks") ?? "1") ?? 1
            let length = request.query("chunked") == "1" ? nil : Int64(blocks * Pattern.blockSize)
            try writer.writeHead(
                status: .ok,
                headers: ["Content-Type": "application/octet-stream"],
                contentLength: length
            )
            for index in 0..<blocks { try writer.write(Pattern.block(index)) }
            try writer.finish()
        case (.get, "slow"):
            if let mark = request.query("mark") { TestResponder.startedMarks.withLock { _ = $0.insert(mark) } }
            Thread.sleep(forTimeInterval: Double(request.query("ms") ?? "100").map { $0 / 1000 } ?? 0.1)
            try writer.respond(status: .ok, text: "slow done")
        case (_, "reject"):
            // Answers without reading the body.
            try writer.respond(status: .forbidden, text: "no")
        case (_, "read-one-then-fail"):
            _ = try request.body.read(max: 10)
            throw SomeInternalFailure()
        case (.get, "throw"):
            throw SomeInternalFailure()
        case (.get, "noop"):
            return
        case (.get, "partial"):
            try writer.writeHead(status: .ok, contentLength: 100)
            try writer.write([1, 2, 3])
            throw SomeInternalFailure()
        default:
            try writer.respond(
                problem: HTTPProblem(status: .notFound, code: "not_found", detail: "No route for \(request.path).")
            )
        }
    }
}
