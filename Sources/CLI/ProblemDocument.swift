/// An `application/problem+json` body (RFC 9457, spec/api.md "Conventions").
struct ProblemDocument: Decodable, Sendable {
    var title: String?
    var status: Int?
    var code: String?
    var detail: String?
    var requestId: String?
}
