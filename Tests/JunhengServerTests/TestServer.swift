import Foundation
import Hummingbird
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JunhengApp
import JunhengCore
import JunhengServer
import JunhengTestSupport
import Storage
import Testing

/// Accounts every server test starts with, all with password `TestServer.password`.
struct Fixture {
    let database: JunhengDatabase
    let adminToken: String
    let plannerToken: String
    let linchenToken: String
    let reviewerToken: String
    /// A second nationwide administrator: publishes the plans `admin` uploaded, since nobody
    /// approves their own work.
    let publisherToken: String
    /// Runs the background jobs the requests queue (`try await fixture.jobs.runNext()`), as a
    /// server's worker does.
    let jobs: JobWorker
}

enum TestServer {
    static let password = "correct-horse-battery"

    /// The accounts of `Fixture`, on the region registry.
    static let accounts = TestDatabaseContents.regions.then("server accounts") { try await createAccounts($0) }

    /// A real application on a fresh database, driven in-process through the router (or, with
    /// `.live`, over a socket through the whole server); with `demo`, the demo loaded after the
    /// accounts (which it then leaves as they are).
    static func with(
        _ engine: TestEngine, demo: (maps: Bool, survey: Bool)? = nil, testing: TestingSetup = .router,
        publicCache: PublicCacheSettings = PublicCacheSettings(),
        _ body: @escaping @Sendable (any TestClientProtocol, Fixture) async throws -> Void
    ) async throws {
        let contents = demo.map { accounts.withDemo(maps: $0.maps, survey: $0.survey) } ?? accounts
        try await TestDatabase.with(engine, holding: contents) { (database) async throws -> Void in
            let services = try await JunhengServices.make(
                database: database, configuration: ServerConfiguration(port: 0, database: database.location, publicCache: publicCache))
            let fixture = Fixture(database: database, adminToken: token("admin"), plannerToken: token("planner"),
                                  linchenToken: token("linchen"), reviewerToken: token("reviewer"),
                                  publisherToken: token("publisher"), jobs: services.jobWorker(number: 1, logger: TestDatabase.logger))
            let app = buildApplication(services: services, logger: TestDatabase.logger)
            try await app.test(testing) { client in try await body(client, fixture) }
        }
    }

    private static func token(_ username: String) -> String { "jh_test_\(username)" }

    private static func createAccounts(_ database: JunhengDatabase) async throws {
        // Low bcrypt cost: the hash is checked for real on login, just faster.
        let hash = try await Passwords.hash(password, cost: 4)
        let setup = AuditActor.system("test setup")
        let users = UserStore(database.sql)
        for (username, role, region) in [("admin", Role.admin, nil), ("planner", .planner, "130500"),
                                         ("linchen", .regionReporter, "130522"),
                                         ("reviewer", .reviewer, "130500"), ("publisher", .admin, nil)] as [(String, Role, String?)] {
            let user = try await users.create(UserRecord(username: username, displayName: username, role: role,
                                                      regionCode: region.flatMap(RegionCode.init(rawValue:)), departmentID: nil), passwordHash: hash,
                                               actor: setup)
            _ = try await users.createToken(userID: user.id, name: "test", tokenHash: Secrets.hash(token(username)), expiresAt: nil, actor: setup)
        }
    }
}

// MARK: request helpers

extension TestClientProtocol {
    @discardableResult
    func json(_ method: HTTPRequest.Method, _ uri: String, token: String? = nil, body: String? = nil,
              headers extra: HTTPFields = [:]) async throws -> TestResponse {
        var headers: HTTPFields = [.accept: "application/json"]
        if let token { headers[.authorization] = "Bearer \(token)" }
        if body != nil { headers[.contentType] = "application/json" }
        headers.append(contentsOf: extra)
        return try await execute(uri: uri, method: method, headers: headers,
                                 body: body.map { ByteBuffer(string: $0) })
    }

    /// Opens the login page and posts its form with the page's CSRF token, as a browser does.
    func postLoginForm(username: String, password: String, next: String = "%2F") async throws -> (response: TestResponse, preSession: String) {
        let page = try await execute(uri: "/login", method: .get, headers: [.accept: "text/html"])
        let pre = try #require(page.cookie(named: "jh_pre"))
        let csrf = try #require(page.bodyText.csrfToken)
        let response = try await execute(
            uri: "/login", method: .post,
            headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "jh_pre=\(pre)", .accept: "text/html"],
            body: ByteBuffer(string: "_csrf=\(csrf)&username=\(username)&password=\(password)&next=\(next)"))
        return (response, pre)
    }

    /// Signs in through the login page; returns the cookies to send.
    func browserLogin(username: String, password: String) async throws -> BrowserSession {
        let (response, pre) = try await postLoginForm(username: username, password: password)
        #expect(response.status == .found)
        let session = try #require(response.cookie(named: "jh_session"))
        return BrowserSession(cookies: "jh_pre=\(pre); jh_session=\(session)")
    }
}

struct BrowserSession {
    let cookies: String

    var headers: HTTPFields { [.cookie: cookies, .accept: "text/html"] }
}

extension TestResponse {
    var bodyText: String { String(buffer: body) }

    func decoded<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(bodyText.utf8))
    }

    /// The top-level JSON object.
    var object: [String: Any] {
        get throws {
            try #require(JSONSerialization.jsonObject(with: Data(bodyText.utf8)) as? [String: Any])
        }
    }

    var errorCode: String? {
        ((try? object)?["error"] as? [String: Any])?["code"] as? String
    }

    func cookie(named name: String) -> String? {
        headers[values: .setCookie].lazy.compactMap { line -> String? in
            let pair = line.split(separator: ";").first ?? ""
            let parts = pair.split(separator: "=", maxSplits: 1)
            return parts.count == 2 && parts[0] == name ? String(parts[1]) : nil
        }.first
    }
}

extension String {
    /// The value of the first `_csrf` hidden field on a page.
    var csrfToken: String? {
        guard let range = range(of: "name=\"_csrf\" value=\"") else { return nil }
        let rest = self[range.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }
}
