import Foundation
import HTTP
import Hashing

/// Bearer token secrets: how they are made, sent and stored.
///
/// A secret is `nsb_` followed by 32 random bytes (OpenSSL `RAND_bytes`) in base64url without padding: 47
/// characters, 256 bits of entropy. Only its SHA-256 (lowercase hex) is stored; a presented token is hashed and
/// looked up by that hash. A fast hash is enough here: the secret is random and long, so there is nothing to
/// guess from the hash (unlike passwords, which need a slow one).
public enum BearerToken {
    /// A new random secret.
    public static func generate() -> String {
        "nsb_" + base64URL(SecureRandom.bytes(32))
    }

    /// The stored form of `secret`: SHA-256, lowercase hex.
    public static func hash(_ secret: String) -> String {
        SHA256.hex(secret)
    }

    /// The token of an `Authorization: Bearer <token>` header (RFC 6750 §2.1; the scheme is case-insensitive).
    ///
    /// - Returns: nil when the header is missing; ``Credentials/malformed`` when it is not a bearer token.
    public static func credentials(in headers: HTTPHeaders) -> Credentials {
        guard let value = headers["Authorization"] else { return .missing }
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        guard trimmed.count > 7, trimmed.prefix(7).lowercased() == "bearer " else { return .malformed }
        let token = trimmed.dropFirst(7).trimmingCharacters(in: .whitespaces)
        guard isValidSecret(token) else { return .malformed }
        return .token(token)
    }

    /// Whether `text` can be a token: 1–1024 characters of RFC 6750's token68 alphabet.
    public static func isValidSecret(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= 1024
            && text.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                    UInt8(ascii: "~"), UInt8(ascii: "+"), UInt8(ascii: "/"), UInt8(ascii: "="):
                    return true
                default:
                    return false
                }
            }
    }

    /// What a request's `Authorization` header holds.
    public enum Credentials: Sendable, Equatable {
        case missing
        case malformed
        case token(String)
    }

    private static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
