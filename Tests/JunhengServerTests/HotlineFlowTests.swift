import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JunhengApp
import JunhengCore
import JunhengTestSupport
import Storage
import Testing

/// Issue 13, item 7, over HTTP: the planner keeps the keywords and imports the hotline's export on
/// `/hotline` (refused forms kept as typed, nothing stored), places the order the keywords miss,
/// and the public reads counts and rates — never an order's text or a caller.
@Suite struct HotlineFlowTests {
    static let export = "工单编号,受理日期,区划代码,来电人,联系电话,诉求内容,承办单位,办理状态,满意度\n"
        + "R1,2026-02-01,130522,赵六,13800000001,孩子上幼儿园太远,县教育局,已办结,满意\n"
        + "R2,2026-02-03,130522,钱七,13800000002,父亲做老年人体检排队太久,县卫健局,办理中,\n"
        + "R3,2026-02-05,130523,孙八,13800000003,村里低保评定不公开,县民政局,已办结,不满意\n"

    @Test(arguments: TestEngine.all)
    func thePlannerImportsAndReviewsOrdersAndThePublicReadsOnlyRates(engine: TestEngine) async throws {
        try await TestServer.with(engine, demo: (maps: true, survey: false)) { client, fixture in
            _ = try await PublicCacheTests.publishCityCatalogue(client, fixture)
            let planner = try await client.browserLogin(username: "planner", password: TestServer.password)
            let page = try await client.execute(uri: "/hotline", method: .get, headers: planner.headers)
            #expect(page.status == .ok && page.bodyText.contains("action=\"/hotline/import\""))
            let csrf = try #require(page.bodyText.csrfToken)

            // Keywords naming an item outside the catalogue: refused, the text kept.
            let wrong = try await SurveyFlowTests.post(client, "/hotline/keywords", cookie: planner.cookies,
                                                       [("_csrf", csrf), ("keywords", "C02=幼儿园\nZ9=路灯")])
            #expect(wrong.status == .unprocessableContent && wrong.bodyText.contains("服务项目 Z9 不在适用的基本公共服务清单中"))
            #expect(wrong.bodyText.contains("C02=幼儿园\nZ9=路灯</textarea>"))
            let saved = try await SurveyFlowTests.post(client, "/hotline/keywords", cookie: planner.cookies,
                                                       [("_csrf", csrf), ("keywords", "C02=幼儿园、学前\nC03=老年人体检")])
            #expect(saved.status == .found)

            // A bad export stores nothing; a good one says what it did and which columns it passed over.
            func upload(_ text: String) async throws -> TestResponse {
                let form = PagePathTests.multipart(file: text, filename: "12345.csv", fields: ["_csrf": csrf])
                var headers = planner.headers
                headers[.contentType] = form.contentType
                return try await client.execute(uri: "/hotline/import", method: .post, headers: headers, body: ByteBuffer(string: form.body))
            }
            let refused = try await upload(Self.export.replacingOccurrences(of: "R3,2026-02-05", with: "R3,五号"))
            #expect(refused.status == .unprocessableContent && refused.bodyText.contains("受理日期应为日期"))
            #expect(refused.bodyText.contains("第 4 行") && refused.bodyText.contains("列 B"))
            #expect(try await HotlineStore(fixture.database.sql).order(number: "R1") == nil)
            let imported = try await upload(Self.export)
            #expect(imported.status == .created && imported.bodyText.contains("新增 3 件，更新 0 件；2 件已按关键词归入服务项目，1 件待人工归类。"))
            #expect(imported.bodyText.contains("未读取的列：来电人、联系电话"))

            // The order the keywords missed is placed by hand.
            #expect(imported.bodyText.contains("action=\"/hotline/orders/R3/item\""))
            let placed = try await SurveyFlowTests.post(client, "/hotline/orders/R3/item", cookie: planner.cookies,
                                                        [("_csrf", csrf), ("itemCode", "C05")])
            #expect(placed.status == .found)
            #expect(try await HotlineStore(fixture.database.sql).order(number: "R3")?.mappedBy == "person")

            // The public: rates with intervals, no order's text, no caller.
            let report = try await client.execute(uri: "/hotline?region=130500&from=2026-01-01&to=2026-12-31", method: .get,
                                                  headers: [.accept: "text/html"]).bodyText
            #expect(report.contains("共 3 件工单，其中 0 件尚未归入服务项目"))
            #expect(report.contains("<td>临城县</td><td class=\"num\">2</td>"))
            #expect(!report.contains("幼儿园太远") && !report.contains("赵六") && !report.contains("action=\"/hotline/import\""))
            let json = try await client.json(.get, "/api/v1/hotline/report?region=130500&from=2026-01-01&to=2026-12-31").object
            let total = try #require(json["total"] as? [String: Any])
            let resolution = try #require(total["resolution"] as? [String: Any])
            #expect(total["orders"] as? Int == 3 && resolution["successes"] as? Int == 2 && resolution["trials"] as? Int == 3)
            let csv = try await client.execute(uri: "/hotline/report.csv?region=130500&from=2026-01-01&to=2026-12-31", method: .get, headers: [:])
            #expect(csv.bodyText.contains("合计,邢台市,3,"))
        }
    }
}
