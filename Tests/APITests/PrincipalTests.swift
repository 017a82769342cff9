import API
import Foundation
import HTTP
import Testing

@Suite("Roles and scopes")
struct PrincipalTests {
    static let inside = UUID()
    static let outside = UUID()

    static func principal(_ role: Role, _ scope: NamespaceScope) -> Principal {
        Principal(tokenID: UUID(), tokenName: "t", role: role, scope: scope)
    }

    /// Expected outcome of `require(required, on:)` for a token with `role` on `inside` only.
    @Test(arguments: Role.allCases, Role.allCases)
    func scopedTokenMatrix(role: Role, required: Role) {
        let principal = Self.principal(role, .only([Self.inside]))
        if role >= required {
            #expect(throws: Never.self) { try principal.require(required, on: Self.inside) }
        } else {
            #expect(throws: Problem.self) { try principal.require(required, on: Self.inside) }
            do {
                try principal.require(required, on: Self.inside)
            } catch {
                #expect(error.code == .forbidden)
                #expect(error.status == .forbidden)
            }
        }
        do {
            try principal.require(required, on: Self.outside)
            Issue.record("a namespace outside the scope was accepted")
        } catch {
            #expect(error.status == .notFound)
            #expect(error.code == .namespaceNotFound)
        }
    }

    @Test func outOfScopeUsesTheGivenNotFoundProblem() {
        let principal = Self.principal(.admin, .only([Self.inside]))
        #expect(throws: Problem.notFound(.backupNotFound, "no backup b1")) {
            try principal.require(.reader, on: Self.outside, notFound: .notFound(.backupNotFound, "no backup b1"))
        }
    }

    @Test func onlyStarScopeSeesNamespacelessResources() {
        #expect(Self.principal(.reader, .all).canSee(nil))
        #expect(!Self.principal(.admin, .only([Self.inside])).canSee(nil))
        #expect(Self.principal(.reader, .all).canSee(Self.outside))
    }

    @Test func globalAdminIsAdminOnEverything() throws {
        try Self.principal(.admin, .all).requireGlobalAdmin()
        for principal in [Self.principal(.operator, .all), Self.principal(.admin, .only([Self.inside]))] {
            #expect(throws: Problem.self) { try principal.requireGlobalAdmin() }
            #expect(!principal.isGlobalAdmin)
        }
    }

    @Test func secretsAreLongRandomAndHashedAsHex() {
        let a = BearerToken.generate()
        let b = BearerToken.generate()
        #expect(a != b)
        #expect(a.hasPrefix("nsb_") && a.count == 47)
        #expect(BearerToken.isValidSecret(a))
        #expect(BearerToken.hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func parsesTheAuthorizationHeader() {
        #expect(BearerToken.credentials(in: HTTPHeaders()) == .missing)
        #expect(BearerToken.credentials(in: ["Authorization": "Bearer nsb_abc"]) == .token("nsb_abc"))
        #expect(BearerToken.credentials(in: ["authorization": "bearer   nsb_abc "]) == .token("nsb_abc"))
        #expect(BearerToken.credentials(in: ["Authorization": "Basic dXNlcjpwYXNz"]) == .malformed)
        #expect(BearerToken.credentials(in: ["Authorization": "Bearer "]) == .malformed)
        #expect(BearerToken.credentials(in: ["Authorization": "Bearer a b"]) == .malformed)
    }

    @Test func scopeJSON() throws {
        let id = UUID(uuidString: "4C1E0B1A-7F0C-4D4B-9A57-2F3C7A1E9D10")!
        #expect(String(decoding: try JSON.encode(["n": NamespaceScope.all]), as: UTF8.self) == #"{"n":"*"}"#)
        #expect(
            String(decoding: try JSON.encode(["n": NamespaceScope.only([id])]), as: UTF8.self)
                == #"{"n":["4c1e0b1a-7f0c-4d4b-9a57-2f3c7a1e9d10"]}"#
        )
        struct Wrapper: Decodable { var namespaces: NamespaceScope }
        #expect(try JSON.decode(Wrapper.self, from: Array(#"{"namespaces":"*"}"#.utf8)).namespaces == .all)
        #expect(
            try JSON.decode(Wrapper.self, from: Array(#"{"namespaces":["4c1e0b1a-7f0c-4d4b-9a57-2f3c7a1e9d10"]}"#.utf8))
                .namespaces == .only([id])
        )
        for bad in [#"{"namespaces":"all"}"#, #"{"namespaces":["nope"]}"#, #"{"namespaces":3}"#] {
            #expect(throws: Problem.self) { try JSON.decode(Wrapper.self, from: Array(bad.utf8)) }
        }
    }
}
