import API
import Foundation
import HTTP
import Postgres
import TestSupport
import Testing

@Suite("Problem mapping")
struct ProblemTests {
    /// The codes of shared/spec/api.md's error table, copied from it.
    static let contractTable = [
        "bad_request", "name_required", "invalid_name", "unauthorized", "forbidden", "namespace_not_found",
        "backup_not_found", "restore_not_found", "item_not_found", "folder_not_found", "token_not_found", "not_found",
        "method_not_allowed", "namespace_exists", "backup_not_ready", "namespace_busy", "path_conflict",
        "length_required", "payload_too_large", "unsupported_media_type", "archive_invalid", "archive_too_new",
        "headers_too_large", "internal", "unavailable",
    ]

    @Test func everyContractCodeIsInTheEnum() {
        #expect(Set(ProblemCode.contractCodes.map(\.rawValue)) == Set(Self.contractTable))
    }

    @Test("openapi.yaml lists exactly the codes of ProblemCode")
    func openAPIDocumentListsEveryCode() throws {
        let text = try String(contentsOf: TestPaths.packageRoot.appendingPathComponent("openapi.yaml"), encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let start = try #require(lines.firstIndex { $0.trimmingCharacters(in: .whitespaces) == "ProblemCode:" })
        let enumLine = try #require(lines[start...].firstIndex { $0.trimmingCharacters(in: .whitespaces) == "enum:" })
        var codes: [String] = []
        for line in lines[(enumLine + 1)...] {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("- ") else { break }
            codes.append(String(trimmed.dropFirst(2)))
        }
        #expect(codes == ProblemCode.allCases.map(\.rawValue))
    }

    @Test func aProblemIsAnsweredAsItIs() {
        let problem = Problem.notFound(.tokenNotFound, "There is no token with id 'x'.")
        #expect(Problem(problem, requestID: "r1") == problem)
    }

    @Test func lostDatabaseIsUnavailableWithRetryAfter() {
        for error in [
            PostgresError(code: .connectionFailed, message: "could not connect to server: /var/run/postgresql"),
            PostgresError(code: .server, message: "terminating connection", sqlState: SQLState.adminShutdown),
            PostgresError(code: .poolTimeout, message: "no database connection became free"),
        ] {
            let problem = Problem(error, requestID: "r1")
            #expect(problem.status == .serviceUnavailable)
            #expect(problem.code == .unavailable)
            #expect(problem.headers["Retry-After"] == "5")
            #expect(!problem.detail.contains("/var/run"))
        }
    }

    @Test func unknownErrorsBecomeAnOpaque500WithTheRequestID() {
        let error = PostgresError(
            code: .server,
            message: "syntax error at or near \"SELEC\"",
            sqlState: "42601",
            detail: "SELEC 1 FROM api_tokens"
        )
        let problem = Problem(error, requestID: "abc123")
        #expect(problem.status == .internalServerError)
        #expect(problem.code == .internalError)
        #expect(problem.requestID == "abc123")
        #expect(problem.detail.contains("abc123"))
        #expect(!problem.detail.contains("SELEC"))
        let json = String(decoding: problem.json, as: UTF8.self)
        #expect(json.contains(#""requestId":"abc123""#))
        #expect(!json.contains("api_tokens"))
    }

    struct DomainFailure: ProblemConvertible {
        var name: String
        var problem: Problem {
            Problem(status: .conflict, code: .namespaceExists, detail: "A namespace named '\(name)' already exists.")
        }
    }

    @Test func domainErrorsConvertThemselves() {
        let problem = Problem(DomainFailure(name: "ACME Corp."), requestID: "r")
        #expect(problem.status == .conflict)
        #expect(problem.code == .namespaceExists)
        #expect(problem.detail == "A namespace named 'ACME Corp.' already exists.")
    }

    @Test func bodyReadErrorsKeepTheirStatus() {
        let problem = Problem(
            HTTPParseError(.payloadTooLarge, "The request body is larger than 10 bytes."),
            requestID: "r"
        )
        #expect(problem.status == .contentTooLarge)
        #expect(problem.code == .payloadTooLarge)
        let timeout = Problem(HTTPParseError(.requestTimeout, "slow"), requestID: "r")
        #expect(timeout.code == .requestTimeout)
    }

    @Test("The problem document has the contract's shape: type, title, status, code, detail")
    func documentShape() throws {
        let problem = Problem.methodNotAllowed(.patch, path: "/v1/tokens", allowed: [.get, .post])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(problem.json)) as? [String: Any])
        #expect(object["type"] as? String == "about:blank")
        #expect(object["title"] as? String == "Method Not Allowed")
        #expect(object["status"] as? Int == 405)
        #expect(object["code"] as? String == "method_not_allowed")
        #expect((object["detail"] as? String)?.isEmpty == false)
        #expect(object["requestId"] == nil)
        #expect(problem.headers["Allow"] == "GET, POST")
    }
}
