import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JunhengApp
import JunhengCore
import JunhengTestSupport
import Storage
import Testing

@Suite struct AccessTests {
    @Test(arguments: TestEngine.all)
    func anonymousWritesGet401(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, fixture in
            let writes: [(HTTPRequest.Method, String, String)] = [
                (.post, "/api/v1/regions", #"{"code":"130522100","name":"临城镇","parentCode":"130522"}"#),
                (.post, "/api/v1/regions/130522/move", #"{"parentCode":"130100","effective":"2025-01-01"}"#),
                (.post, "/api/v1/users", #"{"username":"x","password":"long-enough-pw","role":"planner","regionCode":"130500"}"#),
                (.post, "/api/v1/departments", #"{"regionCode":"130500","name":"邢台市教育局"}"#),
                (.post, "/api/v1/region-groups", #"{"code":"ur","name":"城乡","groups":[{"code":"u","name":"城"},{"code":"r","name":"乡"}]}"#),
                (.put, "/api/v1/region-groups/ur/members/130522", #"{"groupCode":"u"}"#),
                (.delete, "/api/v1/auth/tokens/1", ""),
            ]
            for (method, uri, body) in writes {
                let response = try await client.json(method, uri, body: body.isEmpty ? nil : body)
                #expect(response.status == .unauthorized, "\(method) \(uri)")
                #expect(response.errorCode == "unauthorized")
                #expect(response.headers[.wwwAuthenticate] != nil)
            }
            #expect(try await AuditLog(fixture.database.sql).entries(entity: "region").isEmpty)
        }
    }

    @Test(arguments: TestEngine.all)
    func anInvalidBearerTokenIsRefusedNotIgnored(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, _ in
            let response = try await client.json(.get, "/api/v1/regions?parent=130500", token: "jh_not_a_token")
            #expect(response.status == .unauthorized)
        }
    }

    @Test(arguments: TestEngine.all)
    func reporterOf130522WritingFor130523Gets403(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, fixture in
            let foreign = try await client.json(.post, "/api/v1/regions", token: fixture.linchenToken,
                                                body: #"{"code":"130523100","name":"内丘镇","parentCode":"130523"}"#)
            #expect(foreign.status == .forbidden)
            #expect(foreign.errorCode == "forbidden")
            #expect(try await RegionStore(fixture.database.sql).region(RegionCode(rawValue: "130523100")!) == nil)

            let own = try await client.json(.post, "/api/v1/regions", token: fixture.linchenToken,
                                            body: #"{"code":"130522100","name":"临城镇","parentCode":"130522"}"#)
            #expect(own.status == .created)
        }
    }

    @Test(arguments: TestEngine.all)
    func rolesWithoutThePowerGet403EvenInScope(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, fixture in
            // A county reporter may add townships but not move its county.
            let move = try await client.json(.post, "/api/v1/regions/130522/move", token: fixture.linchenToken,
                                             body: #"{"parentCode":"130100","effective":"2025-01-01"}"#)
            #expect(move.status == .forbidden)
            // A planner may not create accounts (only admins manage users).
            let user = try await client.json(.post, "/api/v1/users", token: fixture.plannerToken,
                                             body: #"{"username":"x","password":"long-enough-pw","role":"region_reporter","regionCode":"130522"}"#)
            #expect(user.status == .forbidden)
            // A city planner cannot create a department in another city.
            let department = try await client.json(.post, "/api/v1/departments", token: fixture.plannerToken,
                                                   body: #"{"regionCode":"130100","name":"石家庄市教育局"}"#)
            #expect(department.status == .forbidden)
        }
    }

    @Test(arguments: TestEngine.all)
    func everySuccessfulWriteLeavesAnAuditRow(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, fixture in
            let audit = AuditLog(fixture.database.sql)
            let writes: [(String, HTTPRequest.Method, String, String, String)] = [
                (fixture.linchenToken, .post, "/api/v1/regions", #"{"code":"130522100","name":"临城镇","parentCode":"130522"}"#, "region"),
                (fixture.plannerToken, .post, "/api/v1/departments", #"{"regionCode":"130500","name":"邢台市教育局"}"#, "department"),
                (fixture.plannerToken, .post, "/api/v1/region-groups",
                 #"{"code":"ur","name":"城乡","scopeRegionCode":"130500","groups":[{"code":"u","name":"城"},{"code":"r","name":"乡"}]}"#,
                 "region_group_set"),
                (fixture.plannerToken, .put, "/api/v1/region-groups/ur/members/130522", #"{"groupCode":"r"}"#, "region_group_member"),
                (fixture.adminToken, .post, "/api/v1/users",
                 #"{"username":"neiqiu","password":"long-enough-pw","role":"region_reporter","regionCode":"130523"}"#, "user"),
                (fixture.adminToken, .post, "/api/v1/regions/130522/move", #"{"parentCode":"130100","effective":"2025-01-01"}"#, "region"),
            ]
            for (token, method, uri, body, entity) in writes {
                let before = try await audit.count()
                let response = try await client.json(method, uri, token: token, body: body)
                #expect([.ok, .created].contains(response.status), "\(method) \(uri): \(response.bodyText)")
                #expect(try await audit.count() == before + 1, "\(method) \(uri)")
                let newest = try #require(try await audit.entries(limit: 1).first)
                #expect(newest.entity == entity)
                #expect(newest.username != nil && newest.username != "anonymous")
                #expect(newest.requestID != nil)
                #expect(newest.after != nil)
            }
            // A refused write leaves none.
            let before = try await audit.count()
            _ = try await client.json(.post, "/api/v1/regions", token: fixture.linchenToken,
                                      body: #"{"code":"130523100","name":"内丘镇","parentCode":"130523"}"#)
            #expect(try await audit.count() == before)
        }
    }

    @Test(arguments: TestEngine.all)
    func tokensAreIssuedForPasswordsAndCanBeRevoked(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, _ in
            let issued = try await client.json(.post, "/api/v1/auth/token",
                                               body: #"{"username":"linchen","password":"\#(TestServer.password)","name":"script"}"#)
            #expect(issued.status == .created)
            let body = try issued.object
            let token = try #require(body["token"] as? String)
            let id = try #require(body["tokenId"] as? Int)
            let me = try await client.json(.get, "/api/v1/me", token: token).object
            #expect((me["user"] as? [String: Any])?["username"] as? String == "linchen")
            #expect((me["permissions"] as? [String])?.contains("submitData") == true)
            #expect(try await client.json(.delete, "/api/v1/auth/tokens/\(id)", token: token).status == .ok)
            #expect(try await client.json(.get, "/api/v1/me", token: token).status == .unauthorized)
            let wrong = try await client.json(.post, "/api/v1/auth/token", body: #"{"username":"linchen","password":"nope-nope-nope"}"#)
            #expect(wrong.status == .unauthorized)
        }
    }

    @Test(arguments: TestEngine.all)
    func repeatedFailedLoginsAreRateLimited(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, _ in
            for _ in 0..<5 {
                let response = try await client.json(.post, "/api/v1/auth/token", body: #"{"username":"planner","password":"guess-guess-1"}"#)
                #expect(response.status == .unauthorized)
            }
            // Even the right password is refused while the account is throttled.
            let blocked = try await client.json(.post, "/api/v1/auth/token",
                                                body: #"{"username":"planner","password":"\#(TestServer.password)"}"#)
            #expect(blocked.status == .tooManyRequests)
            #expect(blocked.errorCode == "rate_limited")
            #expect(Int(blocked.headers[.retryAfter] ?? "") ?? 0 > 0)
            // Other accounts are unaffected.
            let other = try await client.json(.post, "/api/v1/auth/token",
                                              body: #"{"username":"admin","password":"\#(TestServer.password)"}"#)
            #expect(other.status == .created)
        }
    }

    @Test(arguments: TestEngine.all)
    func usersAreListedOnlyWithinScope(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, fixture in
            let all = try await client.json(.get, "/api/v1/users", token: fixture.adminToken).object
            // admin, planner, linchen, reviewer and publisher (the fixture's second administrator).
            #expect(all["count"] as? Int == 5)
            #expect(try await client.json(.get, "/api/v1/users", token: fixture.linchenToken).status == .forbidden)
        }
    }
}
