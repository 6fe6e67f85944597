import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JunhengApp
import JunhengCore
import JunhengTestSupport
import Storage
import Testing

/// Paths through the pages that used to end badly: menus offering what the role may not open,
/// error pages without the signed-in header, uploads whose CSRF token travelled in the URL, a
/// publish with no confirmation and no report, a plan refused for its region after the upload.
@Suite struct PagePathTests {
    /// A multipart upload as a browser sends it, with `_csrf` as one of the form's fields.
    static func multipart(file: String, filename: String, fields: [String: String]) -> (contentType: String, body: String) {
        let boundary = "----junheng-test-boundary"
        var body = ""
        for (name, value) in fields.sorted(by: { $0.key < $1.key }) {
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
        }
        body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(filename)\"\r\n"
            + "Content-Type: text/plain\r\n\r\n\(file)\r\n--\(boundary)--\r\n"
        return ("multipart/form-data; boundary=\(boundary)", body)
    }

    @Test(arguments: TestEngine.all)
    func theMenuOffersOnlyWhatTheRoleMayOpen(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, _ in
            let reviewer = try await client.browserLogin(username: "reviewer", password: TestServer.password)
            let reviewerHome = try await client.execute(uri: "/", method: .get, headers: reviewer.headers).bodyText
            #expect(!reviewerHome.contains("href=\"/data\""))
            #expect(reviewerHome.contains("href=\"/submissions\"") && reviewerHome.contains("href=\"/catalogues\""))
            let reporter = try await client.browserLogin(username: "linchen", password: TestServer.password)
            let reporterHome = try await client.execute(uri: "/", method: .get, headers: reporter.headers).bodyText
            #expect(reporterHome.contains("href=\"/data\"") && !reporterHome.contains("href=\"/catalogues\""))
        }
    }

    @Test(arguments: TestEngine.all)
    func aForbiddenPageSaysWhichPermissionIsMissingUnderTheSignedInHeader(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, _ in
            let reviewer = try await client.browserLogin(username: "reviewer", password: TestServer.password)
            let page = try await client.execute(uri: "/data", method: .get, headers: reviewer.headers)
            #expect(page.status == .forbidden)
            #expect(page.bodyText.contains("角色“审核员”没有“填报监测数据”的权限"))
            #expect(page.bodyText.contains("（审核员）")) // the header names who is signed in
        }
    }

    @Test(arguments: TestEngine.all)
    func headIsAnsweredLikeGetWithoutABody(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, _ in
            let get = try await client.execute(uri: "/regions/130500", method: .get, headers: [.accept: "text/html"])
            let head = try await client.execute(uri: "/regions/130500", method: .head, headers: [.accept: "text/html"])
            #expect(head.status == .ok && head.body.readableBytes == 0, "\(head.status) \(head.bodyText.prefix(200))")
            #expect(head.headers[.contentType] == get.headers[.contentType])
            #expect(try await client.execute(uri: "/regions/999999", method: .head, headers: [.accept: "text/html"]).status == .notFound)
        }
    }

    @Test func theStylesheetIsServed() async throws {
        try await TestServer.with(.sqlite) { client, _ in
            let css = try await client.execute(uri: "/static/app.css", method: .get, headers: [:])
            #expect(css.status == .ok)
            #expect(css.headers[.contentType]?.hasPrefix("text/css") == true)
            #expect(css.bodyText.contains("figure.chart svg { max-width: 100%"))
            #expect(try await client.execute(uri: "/static/missing.css", method: .get, headers: [:]).status == .notFound)
        }
    }

    @Test(arguments: TestEngine.all)
    func anUploadCarriesItsCSRFTokenInTheFormNotTheURL(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, fixture in
            let planner = try await client.browserLogin(username: "planner", password: TestServer.password)
            let page = try await client.execute(uri: "/plans", method: .get, headers: planner.headers)
            #expect(!page.bodyText.contains("?_csrf="))
            let token = try #require(page.bodyText.csrfToken)
            let plan = try Seeds.text("xingtai-city-13th")
            func upload(fields: [String: String], path: String = "/plans", headers base: HTTPFields) async throws -> TestResponse {
                let form = Self.multipart(file: plan, filename: "xingtai.txt", fields: fields)
                var headers = base
                headers[.contentType] = form.contentType
                return try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: form.body))
            }
            #expect(try await upload(fields: [:], path: "/plans?_csrf=\(token)", headers: planner.headers).status == .forbidden)
            #expect(try await upload(fields: ["_csrf": token], headers: [.accept: "text/html"]).status == .forbidden) // anonymous
            #expect(try await PlanStore(fixture.database.sql).plans().isEmpty)
            let accepted = try await upload(fields: ["_csrf": token], headers: planner.headers)
            #expect(accepted.status == .found)
            #expect(try await PlanStore(fixture.database.sql).plans().count == 1)
        }
    }

    @Test(arguments: TestEngine.all)
    func aPlanForARegionOutsideScopeIsExplainedOnTheForm(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, fixture in
            let planner = try await client.browserLogin(username: "planner", password: TestServer.password)
            let token = try #require(try await client.execute(uri: "/plans", method: .get, headers: planner.headers).bodyText.csrfToken)
            let form = Self.multipart(file: try Seeds.text("inner-mongolia-13th"), filename: "nmg.txt", fields: ["_csrf": token])
            var headers = planner.headers
            headers[.contentType] = form.contentType
            let refused = try await client.execute(uri: "/plans", method: .post, headers: headers, body: ByteBuffer(string: form.body))
            #expect(refused.status == .forbidden)
            #expect(refused.bodyText.contains("该文件属于内蒙古自治区（150000），不在您的管辖范围邢台市（130500）内"))
            #expect(refused.bodyText.contains("name=\"file\"")) // the upload form is still there
            #expect(try await PlanStore(fixture.database.sql).plans().isEmpty)
        }
    }

    @Test(arguments: TestEngine.all)
    func publishingIsLeftToSomeoneElseAsksForConfirmationAndReportsWhatWasCreated(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, fixture in
            let ingested = try await client.ingest("anju-district-13th", token: fixture.adminToken)
            let id = try #require(try ingested.object["plan"] as? [String: Any])["id"] as? Int
            let planID = try #require(id)
            #expect(try await client.json(.post, "/api/v1/plans/\(planID)/accept-pending", token: fixture.adminToken).status == .ok)
            // The uploader is told that someone else publishes it, and is refused the confirmation.
            let uploader = try await client.browserLogin(username: "admin", password: TestServer.password)
            let own = try await client.execute(uri: "/plans/\(planID)", method: .get, headers: uploader.headers).bodyText
            #expect(own.contains("此草稿由您上传，须由另一位有发布权限的人员审核后发布"))
            #expect(!own.contains("href=\"/plans/\(planID)/publish\""))
            let refused = try await client.execute(uri: "/plans/\(planID)/publish", method: .get, headers: uploader.headers)
            #expect(refused.status == .forbidden)
            #expect(refused.bodyText.contains("不能发布自己上传的规划：规划草稿须由上传者以外有发布权限的人员审核后发布"))
            let admin = try await client.browserLogin(username: "publisher", password: TestServer.password)
            #expect(try await client.execute(uri: "/plans/\(planID)", method: .get, headers: admin.headers).bodyText
                .contains("href=\"/plans/\(planID)/publish\""))
            let confirmation = try await client.execute(uri: "/plans/\(planID)/publish", method: .get, headers: admin.headers)
            #expect(confirmation.status == .ok)
            #expect(confirmation.bodyText.contains("发布后将创建"))
            #expect(confirmation.bodyText.contains("name=\"confirm\" value=\"yes\""))
            let token = try #require(confirmation.bodyText.csrfToken)
            var headers = admin.headers
            headers[.contentType] = "application/x-www-form-urlencoded"
            // Without the confirmation nothing is published: the same question is asked.
            let unconfirmed = try await client.execute(uri: "/plans/\(planID)/publish", method: .post, headers: headers,
                                                       body: ByteBuffer(string: "_csrf=\(token)"))
            #expect(unconfirmed.bodyText.contains("发布后将创建"))
            #expect(try await PlanStore(fixture.database.sql).plan(Int64(planID))?.status == "draft")
            let published = try await client.execute(uri: "/plans/\(planID)/publish", method: .post, headers: headers,
                                                     body: ByteBuffer(string: "_csrf=\(token)&confirm=yes"))
            #expect(published.status == .ok)
            #expect(published.bodyText.contains("已发布。创建了："))
            #expect(try await PlanStore(fixture.database.sql).plan(Int64(planID))?.status == "published")
        }
    }

    @Test(arguments: TestEngine.all)
    func aPlanFiledUnderAnotherRegionThanItsDocumentIsFlagged(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, fixture in
            let ingested = try await client.ingest("xingtai-city-13th", token: fixture.adminToken, region: "130522")
            let planID = try #require((try ingested.object["plan"] as? [String: Any])?["id"] as? Int)
            let page = try await client.execute(uri: "/plans/\(planID)", method: .get,
                                                headers: try await client.browserLogin(username: "admin", password: TestServer.password).headers)
            #expect(page.bodyText.contains("文件中识别的发文地区不同，文件中为 邢台市（130500）"))
        }
    }

    @Test(arguments: TestEngine.all)
    func theVersionsPageComparesEachVersionWithThePublishedOneOlderFirst(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, fixture in
            let first = try #require(try await client.importCatalogue(try CatalogueFixtures.json(CatalogueFixtures.city), filename: "city.json",
                                                                      region: "130500", token: fixture.plannerToken).object["id"] as? Int)
            try await client.publishCatalogue(first, editor: fixture.plannerToken, reviewer: fixture.reviewerToken)
            let second = try #require(try await client.json(.post, "/api/v1/catalogues/\(first)/draft", token: fixture.plannerToken)
                .object["id"] as? Int)
            try await client.publishCatalogue(second, editor: fixture.plannerToken, reviewer: fixture.reviewerToken)
            let planner = try await client.browserLogin(username: "planner", password: TestServer.password)
            let page = try await client.execute(uri: "/catalogues", method: .get, headers: planner.headers).bodyText
            // The superseded first version is compared forwards with the published second one.
            #expect(page.contains("/catalogues/diff?from=\(first)&amp;to=\(second)"))
            #expect(!page.contains("from=&amp;"))
            #expect(!page.contains("to=\(first)\""))
            let diff = try await client.execute(uri: "/catalogues/diff?from=\(first)&to=\(second)", method: .get, headers: planner.headers)
            #expect(diff.status == .ok)
        }
    }

    @Test(arguments: TestEngine.all)
    func thePlannerCorrectsATargetsComparatorOnTheIndicatorPage(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, fixture in
            let id = try await client.makeIndicator(fixture, code: "CLASS")
            let planner = try await client.browserLogin(username: "planner", password: TestServer.password)
            let page = try await client.execute(uri: "/indicators/\(id)?region=130500", method: .get, headers: planner.headers)
            #expect(page.bodyText.contains("<option value=\"&lt;=\">不高于</option>"))
            let token = try #require(page.bodyText.csrfToken)
            var headers = planner.headers
            headers[.contentType] = "application/x-www-form-urlencoded"
            func post(_ fields: String) async throws -> TestResponse {
                try await client.execute(uri: "/indicators/\(id)", method: .post, headers: headers,
                                         body: ByteBuffer(string: "_csrf=\(token)&region=130500&\(fields)"))
            }
            // A range needs its upper bound: refused, the target unchanged.
            #expect(try await post("comparator=range&targetValue=2").status == .unprocessableContent)
            #expect(try await post("comparator=range&targetValue=2&targetValueHigh=3").status == .found)
            let stored = try #require(try await client.json(.get, "/api/v1/indicators/\(id)/targets").object["items"] as? [[String: Any]])
            #expect(stored.first?["comparator"] as? String == "range")
            #expect(stored.first?["targetValueHigh"] as? Double == 3)
            let after = try await client.execute(uri: "/indicators/\(id)?region=130500", method: .get, headers: planner.headers)
            #expect(after.bodyText.contains("2–3（2030）"))
        }
    }
}
