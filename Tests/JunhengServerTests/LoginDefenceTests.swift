import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JunhengApp
import JunhengCore
@testable import JunhengServer
import JunhengTestSupport
import Storage
import Testing

/// Issue 16, items 8, 9 and 11 through the real server: forged `X-Forwarded-For` does not escape
/// the login throttle, a sign-in never leads off-site, and a NUL in a form is refused.
@Suite("Login defences")
struct LoginDefenceTests {
    /// The app served on a loopback port (so requests have a real peer address) with these proxies.
    static func live(_ engine: TestEngine, proxies: TrustedProxies,
                     _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        try await TestDatabase.with(engine) { database in
            let hash = try await Passwords.hash(TestServer.password, cost: 4)
            _ = try await UserStore(database.sql).create(UserRecord(username: "planner", displayName: "planner", role: .planner,
                                                                    regionCode: RegionCode(rawValue: "130500"), departmentID: nil),
                                                         passwordHash: hash, actor: .system("test setup"))
            let services = try await JunhengServices.make(
                database: database, configuration: ServerConfiguration(port: 0, database: database.location, trustedProxies: proxies))
            try await buildApplication(services: services, logger: TestDatabase.logger).test(.live, body)
        }
    }

    static func guess(_ client: any TestClientProtocol, forwardedFor: String?, password: String = "guess-guess-1") async throws -> TestResponse {
        try await client.json(.post, "/api/v1/auth/token", body: #"{"username":"planner","password":"\#(password)"}"#,
                              headers: forwardedFor.map { [.forwardedFor: $0] } ?? [:])
    }

    @Test(arguments: TestEngine.all)
    func aForgedForwardedForIsIgnoredWithoutATrustedProxy(engine: TestEngine) async throws {
        try await Self.live(engine, proxies: .none) { (client: any TestClientProtocol) async throws in
            for index in 0..<5 {
                #expect(try await Self.guess(client, forwardedFor: "198.51.100.\(index)").status == .unauthorized)
            }
            // A new made-up address each time changed nothing: the connection's address is throttled.
            #expect(try await Self.guess(client, forwardedFor: "198.51.100.200", password: TestServer.password).status
                    == .tooManyRequests)
        }
    }

    @Test(arguments: TestEngine.all)
    func behindATrustedProxyTheRightMostUntrustedHopIsTheClient(engine: TestEngine) async throws {
        try await Self.live(engine, proxies: .loopback) { (client: any TestClientProtocol) async throws in
            // The client rotates what it writes on the left; the proxy appends the real address.
            for index in 0..<5 {
                #expect(try await Self.guess(client, forwardedFor: "10.0.0.\(index), 203.0.113.7").status == .unauthorized)
            }
            #expect(try await Self.guess(client, forwardedFor: "10.0.0.99, 203.0.113.7", password: TestServer.password).status
                    == .tooManyRequests)
            // Another client behind the same proxy is not locked out.
            #expect(try await Self.guess(client, forwardedFor: "203.0.113.8", password: TestServer.password).status == .created)
        }
    }

    @Test(arguments: TestEngine.all)
    func aSignInNeverLeadsOffSite(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, _ in
            // As they would arrive in the form body (percent-encoded once more).
            for next in ["%2F%2509%2Fevil.example", "%2F%2Fevil.example", "%2F%5Cevil.example", "%5C%2Fevil.example",
                         "https%3A%2F%2Fevil.example", "%2F%250d%250a%2Fevil.example", "%2F%252F%2Fevil.example", "%09%2F%2Fevil.example"] {
                let (response, _) = try await client.postLoginForm(username: "admin", password: TestServer.password, next: next)
                #expect(response.status == .found)
                #expect(response.headers[.location] == "/", "\(next)")
            }
            let (local, _) = try await client.postLoginForm(username: "admin", password: TestServer.password,
                                                             next: "%2Fadmin%2Faudit%3Fuser%3Dplanner")
            #expect(local.headers[.location] == "/admin/audit?user=planner")
            // The login page does not carry a bad target into its form either.
            let page = try await client.execute(uri: "/login?next=%2F%09%2Fevil.example", method: .get, headers: [.accept: "text/html"])
            #expect(!page.bodyText.contains("evil.example"))
        }
    }

    @Test(arguments: TestEngine.all)
    func aNULInAJSONBodyIsRefusedNamingItsFieldAndNothingIsStored(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, fixture in
            let nul = TextSafety.nulReason
            for (method, path, body, field) in [
                (HTTPRequest.Method.post, "/api/v1/indicators", #"{"code":"NUL-1","name":"入园\u0000率","unit":"%"}"#, "name"),
                (.post, "/api/v1/regions", #"{"code":"130522197","name":"矩阵\u0000镇","parentCode":"130522"}"#, "name"),
                (.post, "/api/v1/observations", #"{"rows":[{"region":"130522","indicator":"x\u0000","year":2020,"value":1}]}"#,
                 "rows.0.indicator"),
                (.post, "/api/v1/departments", #"{"regionCode":"130500","name":"局","shortName":"\u0000"}"#, "shortName"),
            ] {
                let before = try await AuditLog(fixture.database.sql).count()
                let response = try await client.json(method, path, token: fixture.adminToken, body: body)
                #expect(response.status == .unprocessableContent, "\(path): \(response.bodyText)")
                #expect(response.errorCode == "validation_failed")
                let details = ((try response.object["error"] as? [String: Any])?["details"] as? [[String: Any]]) ?? []
                #expect(details.first?["field"] as? String == field && details.first?["reason"] as? String == nul, "\(path)")
                #expect(try await AuditLog(fixture.database.sql).count() == before, "\(path): something was stored")
            }
            // An escaped backslash before "u0000" is no NUL: the text is stored as typed.
            let literal = try await client.json(.post, "/api/v1/indicators", token: fixture.adminToken,
                                                body: #"{"code":"NUL-2","name":"a\\u0000b","unit":"%"}"#)
            #expect(literal.status == .created)
            #expect(try literal.object["name"] as? String == #"a\u0000b"#)
        }
    }

    @Test(arguments: TestEngine.all)
    func aNULInAMultipartTextFieldIsRefusedAndNothingIsStored(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, fixture in
            let planner = try await client.browserLogin(username: "planner", password: TestServer.password)
            let token = try #require(try await client.execute(uri: "/plans", method: .get, headers: planner.headers).bodyText.csrfToken)
            let form = PagePathTests.multipart(file: "邢台市规划\n到2025年，学前三年毛入园率达到90%。\n", filename: "p.txt",
                                               fields: ["_csrf": token, "region": "1305\u{0}00"])
            var headers = planner.headers
            headers[.contentType] = form.contentType
            let response = try await client.execute(uri: "/plans", method: .post, headers: headers, body: ByteBuffer(string: form.body))
            #expect(response.status == .unprocessableContent)
            #expect(response.bodyText.contains(TextSafety.nulReason))
            #expect(try await PlanStore(fixture.database.sql).plans().isEmpty)
            // Through the API the same upload is refused in the error shape, naming the field.
            let api = try await client.execute(uri: "/api/v1/plans/ingest", method: .post,
                                               headers: [.authorization: "Bearer \(fixture.plannerToken)", .contentType: form.contentType,
                                                         .accept: "application/json"],
                                               body: ByteBuffer(string: form.body))
            #expect(api.status == .unprocessableContent)
            let details = ((try api.object["error"] as? [String: Any])?["details"] as? [[String: Any]]) ?? []
            #expect(details.first?["field"] as? String == "region" && details.first?["reason"] as? String == TextSafety.nulReason)
            #expect(try await PlanStore(fixture.database.sql).plans().isEmpty)
        }
    }

    @Test(arguments: TestEngine.all)
    func aNULInAFormFieldIsRefused(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, _ in
            let (response, _) = try await client.postLoginForm(username: "admin%00x", password: TestServer.password)
            #expect(response.status == .unprocessableContent)
            #expect(response.bodyText.contains("NUL"))
        }
    }
}
