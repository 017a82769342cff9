import Foundation
import HTTP
import Testing

@testable import API

@Suite("JSON conventions")
struct JSONTests {
    struct Sample: Encodable {
        var id: UUID
        var name: String
        var createdAt: Date
        var error: String?
        var sizeBytes: Int64?
        var nested: [Inner]
        struct Inner: Encodable {
            var flag: Bool
            var ratio: Double
        }
    }

    func text(_ value: some Encodable) throws -> String {
        String(decoding: try JSON.encode(value), as: UTF8.self)
    }

    @Test("Encodes camelCase in declaration order, lowercase UUIDs, RFC 3339 UTC milliseconds and null for nil")
    func encodesContractConventions() throws {
        let sample = Sample(
            id: UUID(uuidString: "4C1E0B1A-7F0C-4D4B-9A57-2F3C7A1E9D10")!,
            name: "Jane's \"first\" backup",
            createdAt: Date(timeIntervalSince1970: 1_615_477_631.123_9),
            error: nil,
            sizeBytes: nil,
            nested: [.init(flag: true, ratio: 0.5)]
        )
        #expect(
            try text(sample) == #"{"id":"4c1e0b1a-7f0c-4d4b-9a57-2f3c7a1e9d10","name":"Jane's \"first\" backup","#
                + #""createdAt":"2021-03-11T15:47:11.123Z","error":null,"sizeBytes":null,"nested":[{"flag":true,"ratio":0.5}]}"#
        )
    }

    @Test func escapesControlCharactersAndKeepsUnicode() throws {
        #expect(try text(["k": "a\nb\t\u{01}é☃"]) == #"{"k":"a\nb\t\u0001é☃"}"#)
    }

    @Test func refusesNonFiniteNumbers() {
        #expect(throws: EncodingError.self) { try JSON.encode(["x": Double.nan]) }
    }

    @Test func formatsDatesBeforeTheEpochAndTruncatesToMilliseconds() {
        #expect(RFC3339.format(Date(timeIntervalSince1970: -0.5)) == "1969-12-31T23:59:59.500Z")
        #expect(RFC3339.format(Date(timeIntervalSince1970: 0.999_9)) == "1970-01-01T00:00:00.999Z")
    }

    @Test(arguments: [
        ("2021-03-11T15:47:11.123Z", 1_615_477_631.123),
        ("2021-03-11T15:47:11Z", 1_615_477_631.0),
        ("2021-03-11t16:47:11.5+01:00", 1_615_477_631.5),
        ("2021-03-11 15:47:11.000001z", 1_615_477_631.000_001),
    ])
    func parsesRFC3339(text: String, seconds: Double) throws {
        let date = try #require(RFC3339.parse(text))
        #expect(abs(date.timeIntervalSince1970 - seconds) < 0.000_01)
    }

    @Test(arguments: [
        "", "2021-03-11", "2021-03-11T15:47:11", "2021-13-11T15:47:11Z", "2021-03-11T15:47:11.Z",
        "x2021-03-11T15:47:11Z",
    ])
    func refusesMalformedTimestamps(text: String) {
        #expect(RFC3339.parse(text) == nil)
    }

    struct Body: Decodable {
        var name: String
        var count: Int
        var tags: [String]?
        var inner: Inner?
        struct Inner: Decodable { var enabled: Bool }
    }

    func decodeProblem(_ json: String) -> Problem? {
        do {
            _ = try JSON.decode(Body.self, from: Array(json.utf8))
            return nil
        } catch {
            return error
        }
    }

    @Test func malformedJSONIsABadRequestSayingSo() throws {
        let problem = try #require(decodeProblem(#"{"name": "x", "count": "#))
        #expect(problem.status == .badRequest)
        #expect(problem.code == .badRequest)
        #expect(problem.detail.hasPrefix("The request body is not valid JSON"))
    }

    @Test func emptyBodyIsABadRequest() throws {
        let problem = try #require(decodeProblem("  \n"))
        #expect(problem.code == .badRequest)
        #expect(problem.detail.contains("empty"))
    }

    @Test(arguments: [
        (#"{"name": 5, "count": 1}"#, "Field 'name' must be a string."),
        (#"{"name": "x", "count": "1"}"#, "Field 'count' must be an integer."),
        (#"{"count": 1}"#, "Field 'name' is required."),
        (#"{"name": null, "count": 1}"#, "Field 'name' must be a string, not null."),
        (#"{"name": "x", "count": 1, "tags": ["a", 2]}"#, "Field 'tags[1]' must be a string."),
        (
            #"{"name": "x", "count": 1, "inner": {"enabled": "yes"}}"#,
            "Field 'inner.enabled' must be a boolean (true or false)."
        ),
        (#"{"name": "x", "count": 1, "tags": "a"}"#, "Field 'tags' must be an array."),
        (#"["name"]"#, "The request body must be an object."),
    ])
    func wrongShapesNameTheField(json: String, detail: String) throws {
        let problem = try #require(decodeProblem(json))
        #expect(problem.code == .badRequest)
        #expect(problem.detail == detail)
    }

    @Test func unknownMembersAreIgnored() throws {
        let body = try JSON.decode(Body.self, from: Array(#"{"name":"x","count":2,"extra":{"a":1}}"#.utf8))
        #expect(body.name == "x" && body.count == 2)
    }

    @Test(arguments: [
        ("application/json", true), ("application/json; charset=utf-8", true),
        ("Application/JSON;charset=\"UTF-8\"", true),
        ("application/problem+json", true), ("application/merge-patch+json; charset=utf-8", true), ("", true),
        ("text/plain", false), ("application/json; charset=latin1", false),
        ("application/x-www-form-urlencoded", false),
        ("application/+json", false), ("multipart/form-data; boundary=x", false), ("text/json", false),
    ])
    func jsonMediaTypes(contentType: String, accepted: Bool) {
        #expect(JSONMediaType.accepts(contentType) == accepted)
    }
}
