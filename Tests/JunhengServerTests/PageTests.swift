import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JunhengApp
import JunhengCore
import JunhengTestSupport
import Storage
import Testing

@Suite struct PageTests {
    @Test(arguments: TestEngine.all)
    func aCSRFLessFormPostIsRefused(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, fixture in
            let session = try await client.browserLogin(username: "linchen", password: TestServer.password)
            var headers = session.headers
            headers[.contentType] = "application/x-www-form-urlencoded"

            let forged = try await client.execute(uri: "/regions/130522/townships", method: .post, headers: headers,
                                                  body: ByteBuffer(string: "code=130522100&name=%E4%B8%B4%E5%9F%8E%E9%95%87"))
            #expect(forged.status == .forbidden)
            let wrongToken = try await client.execute(uri: "/regions/130522/townships", method: .post, headers: headers,
                                                      body: ByteBuffer(string: "_csrf=forged&code=130522100&name=x"))
            #expect(wrongToken.status == .forbidden)
            #expect(try await RegionStore(fixture.database.sql).region(RegionCode(rawValue: "130522100")!) == nil)

            let page = try await client.execute(uri: "/regions/130522", method: .get, headers: session.headers)
            let token = try #require(page.bodyText.csrfToken)
            let genuine = try await client.execute(uri: "/regions/130522/townships", method: .post, headers: headers,
                                                   body: ByteBuffer(string: "_csrf=\(token)&code=130522100&name=%E4%B8%B4%E5%9F%8E%E9%95%87"))
            #expect(genuine.status == .found)
            #expect(try await RegionStore(fixture.database.sql).region(RegionCode(rawValue: "130522100")!)?.name == "临城镇")
        }
    }

    @Test(arguments: TestEngine.all)
    func sessionCookieWritesToTheJSONAPINeedTheCSRFHeader(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, _ in
            let session = try await client.browserLogin(username: "linchen", password: TestServer.password)
            let body = #"{"code":"130522100","name":"临城镇","parentCode":"130522"}"#
            let withoutHeader = try await client.json(.post, "/api/v1/regions", body: body, headers: [.cookie: session.cookies])
            #expect(withoutHeader.status == .forbidden)
            #expect(withoutHeader.errorCode == "csrf_failed")
            let page = try await client.execute(uri: "/", method: .get, headers: session.headers)
            let token = try #require(page.bodyText.csrfToken)
            let withHeader = try await client.json(.post, "/api/v1/regions", body: body,
                                                   headers: [.cookie: session.cookies, HTTPField.Name("X-CSRF-Token")!: token])
            #expect(withHeader.status == .created)
        }
    }

    @Test(arguments: TestEngine.all)
    func loginFormWithoutCSRFIsRefused(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, _ in
            let response = try await client.execute(
                uri: "/login", method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "jh_pre=abc", .accept: "text/html"],
                body: ByteBuffer(string: "username=linchen&password=\(TestServer.password)"))
            #expect(response.status == .forbidden)
            #expect(response.cookie(named: "jh_session") == nil)
        }
    }

    @Test(arguments: TestEngine.all)
    func sessionCookieIsHttpOnlyAndSameSite(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, _ in
            let (response, _) = try await client.postLoginForm(username: "linchen", password: TestServer.password,
                                                               next: "%2F%2Fevil.example")
            #expect(response.status == .found)
            #expect(response.headers[.location] == "/") // no open redirect
            let line = try #require(response.headers[values: .setCookie].first { $0.hasPrefix("jh_session=") })
            #expect(line.contains("HttpOnly"))
            #expect(line.contains("SameSite=Lax"))
        }
    }

    @Test(arguments: TestEngine.all)
    func wrongPasswordShowsTheFormAgain(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, _ in
            let (response, _) = try await client.postLoginForm(username: "linchen", password: "wrong-password")
            #expect(response.status == .unauthorized)
            #expect(response.bodyText.contains("用户名或密码错误"))
        }
    }

    @Test(arguments: TestEngine.all)
    func regionPageListsChildrenInChineseOrEnglish(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, _ in
            let chinese = try await client.execute(uri: "/regions/130500", method: .get, headers: [.accept: "text/html"])
            #expect(chinese.status == .ok)
            #expect(chinese.bodyText.contains("信都区"))
            #expect(chinese.bodyText.contains("下级地区"))
            #expect(chinese.bodyText.contains("lang=\"zh-CN\""))
            let english = try await client.execute(uri: "/regions/130500?lang=en", method: .get, headers: [.accept: "text/html"])
            #expect(english.bodyText.contains("Subdivisions"))
            #expect(english.bodyText.contains("信都区")) // data stays Chinese
            #expect(english.cookie(named: "jh_lang") == "en")
        }
    }

    @Test(arguments: TestEngine.all)
    func adminPagesRedirectAnonymousVisitorsToLogin(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, _ in
            let response = try await client.execute(uri: "/admin/users", method: .get, headers: [.accept: "text/html"])
            #expect(response.status == .found)
            #expect(response.headers[.location]?.hasPrefix("/login?next=") == true)
        }
    }

    @Test(arguments: TestEngine.all)
    func adminCreatesAUserThroughTheForm(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, fixture in
            let session = try await client.browserLogin(username: "admin", password: TestServer.password)
            let page = try await client.execute(uri: "/admin/users", method: .get, headers: session.headers)
            #expect(page.status == .ok)
            let token = try #require(page.bodyText.csrfToken)
            var headers = session.headers
            headers[.contentType] = "application/x-www-form-urlencoded"
            let created = try await client.execute(
                uri: "/admin/users", method: .post, headers: headers,
                body: ByteBuffer(string: "_csrf=\(token)&username=neiqiu&password=long-enough-pw&role=region_reporter&regionCode=130523"))
            #expect(created.status == .found)
            #expect(try await UserStore(fixture.database.sql).user(username: "neiqiu")?.regionCode?.rawValue == "130523")
            let audit = try await client.execute(uri: "/admin/audit", method: .get, headers: session.headers)
            #expect(audit.bodyText.contains("neiqiu"))
        }
    }

    @Test func unknownPagesRenderAnHTMLErrorWithTheRequestID() async throws {
        try await TestServer.with(.sqlite) { client, _ in
            let response = try await client.execute(uri: "/regions/999999", method: .get, headers: [.accept: "text/html"])
            #expect(response.status == .notFound)
            #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(response.bodyText.contains("Request ID"))
        }
    }
}
