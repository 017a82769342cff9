import Foundation
import HTTP

/// A successful (2xx) answer of the server with its body in memory: decoded for people, or passed on as is
/// for `--json`.
struct APIResponse {
    var head: HTTPClientResponseHead
    var body: [UInt8]

    var status: Int { head.status.code }

    /// The body decoded as `T`.
    ///
    /// - Throws: ``CommandFailure`` naming what was expected when the body is not that JSON.
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(body))
        } catch {
            let preview = String(decoding: body.prefix(200), as: UTF8.self)
            throw CommandFailure(
                "The server's answer (\(head.status)) is not the expected \(T.self) JSON: \(preview)",
                code: "invalid_response"
            )
        }
    }
}
