import Foundation
import HTTP
import Hashing

/// A file served from memory with an `ETag`, answering `If-None-Match` with 304 (RFC 9110 §13.1.2).
///
/// Loaded once at start-up; `Cache-Control: no-cache` makes browsers revalidate every time, so a new release's
/// page is picked up at once while an unchanged one costs a 304.
struct StaticAsset: Sendable {
    let bytes: [UInt8]
    let contentType: String
    /// A strong validator: the first 128 bits of the content's SHA-256, quoted.
    let etag: String
    /// Sent with 200 and 304 alike.
    let headers: HTTPHeaders

    init(bytes: [UInt8], contentType: String, extraHeaders: HTTPHeaders = HTTPHeaders()) {
        self.bytes = bytes
        self.contentType = contentType
        let etag = "\"" + String(SHA256.hex(bytes).prefix(32)) + "\""
        self.etag = etag
        var headers: HTTPHeaders = [
            "ETag": etag, "Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff",
        ]
        for field in extraHeaders { headers.replaceOrAdd(name: field.name, value: field.value) }
        self.headers = headers
    }

    /// Reads `url`; nil when it cannot be read.
    init?(contentsOf url: URL, contentType: String, extraHeaders: HTTPHeaders = HTTPHeaders()) {
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        self.init(bytes: [UInt8](data), contentType: contentType, extraHeaders: extraHeaders)
    }

    /// 304 when the request's `If-None-Match` names this version (or `*`), else 200 with the bytes.
    func respond(to request: RequestContext) throws {
        if matches(request.request.headers["If-None-Match"]) {
            try request.writer.respond(status: .notModified, headers: headers)
            return
        }
        var headers = headers
        headers.add(name: "Content-Type", value: contentType)
        try request.writer.respond(status: .ok, headers: headers, body: bytes)
    }

    /// Weak comparison, as RFC 9110 §13.1.2 requires for `If-None-Match`.
    private func matches(_ ifNoneMatch: String?) -> Bool {
        guard let ifNoneMatch else { return false }
        for candidate in ifNoneMatch.split(separator: ",") {
            var tag = candidate.trimmingCharacters(in: .whitespaces)
            if tag == "*" { return true }
            if tag.hasPrefix("W/") { tag.removeFirst(2) }
            if tag == etag { return true }
        }
        return false
    }
}
