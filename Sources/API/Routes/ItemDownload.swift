import Domain
import Foundation
import HTTP
import Postgres

/// Answers `GET`/`HEAD …/items/{path}`: the raw bytes with the stored `Content-Type`, `Content-Length` and
/// `ETag: "<sha256>"`; `If-None-Match` with a matching tag answers 304 without reading the bytes.
struct ItemDownload {
    let request: RequestContext
    let store: ContentStore
    let pool: ConnectionPool

    func send(_ path: ContentPath, in namespaceID: UUID) throws {
        let ifNoneMatch = request.request.headers["If-None-Match"]
        if request.request.method == .head || ifNoneMatch != nil {
            let item = try pool.withConnection { try store.item(at: path, in: namespaceID, on: $0) }
            if let ifNoneMatch, Self.matches(ifNoneMatch, sha256: item.sha256) {
                try request.writer.respond(status: .notModified, headers: headers(for: item, withType: false))
                return
            }
            if request.request.method == .head {
                // The writer sends only the head for HEAD; Content-Length still says what GET would send.
                try request.respond(headers: headers(for: item), contentLength: item.size) { _ in }
                return
            }
        }
        // Small items: copy out and give the connection back before writing to a possibly slow client.
        let small: (Item, [UInt8])? = try pool.withConnection { db in
            try store.readItem(at: path, in: namespaceID, on: db) { item, content in
                if content.count <= ContentRoutes.smallItemBytes { return (item, content.copyBytes()) }
                try request.respond(headers: headers(for: item), contentLength: item.size) { writer in
                    try content.forEachChunk { try writer.write($0) }
                }
                return nil
            }
        }
        if let (item, bytes) = small {
            try request.respond(headers: headers(for: item), contentLength: item.size) { writer in try writer.write(bytes) }
        }
    }

    private func headers(for item: Item, withType: Bool = true) -> HTTPHeaders {
        var headers: HTTPHeaders = ["ETag": "\"\(item.sha256)\"", "Cache-Control": "no-cache"]
        if withType { headers.add(name: "Content-Type", value: item.contentType) }
        return headers
    }

    /// RFC 9110 §13.1.2: `*`, or a list of entity tags compared weakly (a `W/` prefix is ignored).
    static func matches(_ header: String, sha256: String) -> Bool {
        let tags = header.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        return tags.contains { tag in
            if tag == "*" { return true }
            let opaque = tag.hasPrefix("W/") ? String(tag.dropFirst(2)) : tag
            return opaque == "\"\(sha256)\""
        }
    }
}
