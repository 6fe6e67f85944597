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
    func aNULInAFormFieldIsRefused(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, _ in
            let (response, _) = try await client.postLoginForm(username: "admin%00x", password: TestServer.password)
            #expect(response.status == .unprocessableContent)
            #expect(response.bodyText.contains("NUL"))
        }
    }
}
