import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JunhengApp
import JunhengCore
import JunhengTestSupport
import Storage
import Testing

/// Issue 14, facilities over HTTP: the register as GeoJSON, the facility map page with its
/// figures, a refused register upload that keeps the form and stores nothing, and the figures
/// submitted as an indicator's values, pending review and so not public.
@Suite struct FacilityFlowTests {
    @Test(arguments: TestEngine.all)
    func theFacilityMapShowsTheDemosClinicsOverTheCountiesWithTheirFigures(engine: TestEngine) async throws {
        try await TestServer.with(engine, demo: (maps: true, survey: false)) { client, fixture in
            let geo = try await client.execute(uri: "/api/v1/facilities?region=130522&kind=village-clinic", method: .get, headers: [:])
            #expect(geo.status == .ok && geo.headers[.contentType] == "application/geo+json")
            let features = try #require(try geo.object["features"] as? [[String: Any]])
            #expect(features.count == 40, "临城县 has a clinic in 40 of its 42 villages")
            let properties = try #require(features.first?["properties"] as? [String: Any])
            #expect(properties["kind"] as? String == "village-clinic" && properties["regionCode"] as? String == "130522")

            let page = try await client.execute(uri: "/maps/facilities?region=130500&kind=village-clinic&minutes=15&mode=walk",
                                                method: .get, headers: [.accept: "text/html"])
            #expect(page.status == .ok)
            let map = try #require(MapsFlowTests.svg(in: page.bodyText, after: "class=\"chart map\""))
            #expect(map.contains("data-layer=\"在用村卫生室\"") && map.contains("在用村卫生室（577）") && map.contains("人口分布点（854）"))
            #expect(map.contains("<title>大牛庄村卫生室</title>"))
            #expect(map.utf8.count < 150_000, "the facility map is \(map.utf8.count) bytes")
            #expect(page.bodyText.contains("18 个下级地区中 18 个有数值"))
            #expect(page.bodyText.contains("步行 15 分钟（约 1.25 公里）内可达村卫生室的人口比例"))
            #expect(page.bodyText.contains("<td><a href=\"/regions/130533\">威县</a></td><td class=\"num\">38.60</td>"))

            let wrong = try await client.execute(uri: "/maps/facilities?region=130500&kind=诊所&radius=1km&minutes=",
                                                 method: .get, headers: [.accept: "text/html"])
            #expect(wrong.status == .unprocessableContent && wrong.bodyText.contains("未知的设施类型“诊所”"))
            #expect(wrong.bodyText.contains("value=\"1km\""))
        }
    }

    @Test(arguments: TestEngine.all)
    func aRefusedRegisterUploadKeepsTheFormAndAnAcceptedOneIsCounted(engine: TestEngine) async throws {
        try await TestServer.with(engine, demo: (maps: false, survey: false)) { client, fixture in
            let planner = try await client.browserLogin(username: "planner", password: TestServer.password)
            let page = try await client.execute(uri: "/maps/facilities?region=130500", method: .get, headers: planner.headers)
            let csrf = try #require(page.bodyText.csrfToken)
            let bad = "编号,名称,类型,区划代码,经度,纬度\nF1,东关村卫生室,村卫生室,130522,114.5,37.44\nF2,西关村卫生室,村卫生室,130522,37.44,114.5\n"
            var fields = ["_csrf": csrf, "register": "facilities", "crs": "gcj02", "region": "130500", "kind": "village-clinic",
                          "minutes": "15", "mode": "walk"]
            var form = PagePathTests.multipart(file: bad, filename: "设施.csv", fields: fields)
            var headers = planner.headers
            headers[.contentType] = form.contentType
            let refused = try await client.execute(uri: "/maps/facilities/import", method: .post, headers: headers,
                                                   body: ByteBuffer(string: form.body))
            #expect(refused.status == .unprocessableContent)
            #expect(refused.bodyText.contains("第 3 行") && refused.bodyText.contains("经度 37.44 与纬度 114.5 像是填反了"))
            #expect(refused.bodyText.contains("<option value=\"gcj02\" selected>"))
            #expect(try await FacilityStore(fixture.database.sql).counts().facilities == 0)

            fields["_csrf"] = refused.bodyText.csrfToken
            form = PagePathTests.multipart(file: bad.replacingOccurrences(of: "37.44,114.5\n", with: "114.52,37.45\n"),
                                           filename: "设施.csv", fields: fields)
            headers[.contentType] = form.contentType
            let accepted = try await client.execute(uri: "/maps/facilities/import", method: .post, headers: headers,
                                                    body: ByteBuffer(string: form.body))
            #expect(accepted.status == .created && accepted.bodyText.contains("已导入 2 行：新增 2 条，更新 0 条。"))
        }
    }

    @Test(arguments: TestEngine.all)
    func submittedFiguresWaitForReviewAndAreNotPublicUntilApproved(engine: TestEngine) async throws {
        try await TestServer.with(engine, demo: (maps: true, survey: false)) { client, fixture in
            let app = JunhengApp(database: fixture.database)
            let indicator = try await app.monitoring.createIndicator(
                IndicatorRecord(code: "ACCESS-SCHOOL", name: "步行20分钟可达小学的人口比例", unit: "%"), actor: .system("test"))
            let token = fixture.plannerToken
            let response = try await client.json(.post, "/api/v1/accessibility/submissions", token: token, body: """
                {"region": "130500", "kind": "小学", "minutes": "20", "mode": "walk", "indicator": "ACCESS-SCHOOL", "year": "2024"}
                """)
            #expect(response.status == .created)
            let submission = try #require(try response.object["submission"] as? [String: Any])
            #expect(submission["status"] as? String == "submitted" && submission["rowCount"] as? Int == 19)
            #expect((submission["source"] as? String)?.hasPrefix("可达性测算：步行 20 分钟") == true)
            // Pending figures are not public.
            let values = try await app.monitoring.points(indicatorID: indicator.id, regionCodes: ["130522"], actor: .user(nil, requestID: nil))
            #expect(values.isEmpty)

            let noIndicator = try await client.json(.post, "/api/v1/accessibility/submissions", token: token, body: """
                {"region": "130500", "kind": "小学", "minutes": "20", "year": "2024"}
                """)
            #expect(noIndicator.status == .unprocessableContent && noIndicator.bodyText.contains("请选择要写入的指标"))
            let anonymous = try await client.json(.post, "/api/v1/accessibility/submissions", body: """
                {"region": "130500", "kind": "小学", "minutes": "20", "indicator": "ACCESS-SCHOOL", "year": "2024"}
                """)
            #expect(anonymous.status == .unauthorized)
        }
    }
}
