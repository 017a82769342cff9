import Testing

@testable import HTTP

@Suite struct HTTPRequestTargetTests {
    @Test func percentDecodingIsPerSegment() throws {
        let target = try HTTPRequestTarget(parsing: "/v1/namespaces/Jane%27s%20Services/items/a%2Fb/%25/%C3%A9t%C3%A9")
        #expect(target.pathSegments == ["v1", "namespaces", "Jane's Services", "items", "a/b", "%", "été"])
        #expect(target.path == "/v1/namespaces/Jane%27s%20Services/items/a%2Fb/%25/%C3%A9t%C3%A9")
    }

    @Test func emptySegmentsAndRootAreKept() throws {
        #expect(try HTTPRequestTarget(parsing: "/").pathSegments == [])
        #expect(try HTTPRequestTarget(parsing: "/a/").pathSegments == ["a", ""])
        #expect(try HTTPRequestTarget(parsing: "//a").pathSegments == ["", "a"])
        #expect(try HTTPRequestTarget(parsing: "/a/../b").pathSegments == ["a", "..", "b"])
    }

    @Test func plusIsASpaceInTheQueryButNotInThePath() throws {
        let target = try HTTPRequestTarget(parsing: "/a+b?name=Jane%27s+first&empty=&bare&&x=1=2")
        #expect(target.pathSegments == ["a+b"])
        #expect(target.rawQuery == "name=Jane%27s+first&empty=&bare&&x=1=2")
        #expect(
            target.queryItems == [
                HTTPQueryItem(name: "name", value: "Jane's first"), HTTPQueryItem(name: "empty", value: ""),
                HTTPQueryItem(name: "bare", value: nil), HTTPQueryItem(name: "x", value: "1=2"),
            ]
        )
        #expect(target.queryItems.value(for: "name") == "Jane's first")
        #expect(target.queryItems.value(for: "missing") == nil)
    }

    @Test func encodingRoundTripsThroughDecoding() {
        let names = ["Jane's Services", "a/b", "100%", "x+y", "été ü", "?#&=", "ACME Corp."]
        for name in names {
            let encoded = PercentEncoding.encodePathSegment(name)
            #expect(!encoded.contains("/") && !encoded.contains("?") && !encoded.contains(" "))
            #expect(PercentEncoding.decode(encoded) == name)
            #expect(PercentEncoding.decode(PercentEncoding.encodeQueryComponent(name), plusAsSpace: true) == name)
        }
        #expect(PercentEncoding.encodePath(["v1", "a/b"]) == "/v1/a%2Fb")
        #expect(
            PercentEncoding.encodeQuery([
                HTTPQueryItem(name: "name", value: "a b"), HTTPQueryItem(name: "f", value: nil),
            ]) == "name=a%20b&f"
        )
    }

    @Test func malformedEscapesAreRefused() {
        #expect(PercentEncoding.decode("%") == nil)
        #expect(PercentEncoding.decode("%4") == nil)
        #expect(PercentEncoding.decode("%4G") == nil)
        #expect(PercentEncoding.decode("%C3") == nil)  // truncated UTF-8
        #expect(PercentEncoding.decode("%00") == "\u{0}")  // decodable; the application refuses control characters
    }
}

@Suite struct HTTPHeadersTests {
    @Test func lookupIsCaseInsensitiveAndKeepsOrder() {
        var headers: HTTPHeaders = ["Content-Type": "text/plain", "Set-Cookie": "a=1"]
        headers.add(name: "set-cookie", value: "b=2")
        #expect(headers["content-type"] == "text/plain")
        #expect(headers.values(for: "SET-COOKIE") == ["a=1", "b=2"])
        headers.replaceOrAdd(name: "Set-Cookie", value: "c=3")
        #expect(headers.values(for: "set-cookie") == ["c=3"])
        #expect(headers.map(\.name) == ["Content-Type", "Set-Cookie"])
        headers.remove(name: "CONTENT-TYPE")
        #expect(headers.count == 1)
        #expect(!headers.contains("content-type"))
    }

    @Test func listValuesSplitAcrossLines() {
        let headers: HTTPHeaders = ["Connection": "keep-alive, Upgrade", "connection": " close "]
        #expect(headers.listValues(for: "Connection") == ["keep-alive", "Upgrade", "close"])
        #expect(headers.listContains("connection", token: "CLOSE"))
        #expect(!HTTPHeaders.namesMatch("a", "b"))
        #expect(!HTTPHeaders.namesMatch("[", "{"))  // only letters fold
    }

    @Test func reasonPhrasesComeFromRFC9110() {
        #expect(HTTPStatus.reasonPhrase(404) == "Not Found")
        #expect(HTTPStatus.reasonPhrase(413) == "Content Too Large")
        #expect(HTTPStatus.reasonPhrase(431) == "Request Header Fields Too Large")
        #expect(HTTPStatus.reasonPhrase(499) == "Client Error")
        #expect(HTTPStatus(503).description == "503 Service Unavailable")
    }
}
