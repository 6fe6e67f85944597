import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JunhengApp
import JunhengCore
import JunhengServer
import JunhengTestSupport
import SQLKit
import Spreadsheet
import Storage
import Testing

extension TestClientProtocol {
    func importCatalogue(_ data: Data, filename: String, region: String, token: String) async throws -> TestResponse {
        try await execute(uri: "/api/v1/catalogues/import?filename=\(filename)&region=\(region)", method: .post,
                          headers: [.authorization: "Bearer \(token)", .accept: "application/json"], body: ByteBuffer(bytes: data))
    }

    func publishCatalogue(_ id: Int, editor: String, reviewer: String) async throws {
        #expect(try await json(.post, "/api/v1/catalogues/\(id)/submit", token: editor).status == .ok)
        let published = try await json(.post, "/api/v1/catalogues/\(id)/publish", token: reviewer)
        #expect(published.status == .ok, "\(published.bodyText.prefix(400))")
    }
}

/// A city catalogue and a county one derived from it: one standard lowered, one item dropped,
/// one funding share changed — and one item the county adds, and a standard it raises.
enum CatalogueFixtures {
    static let city: [CatalogueItem] = [
        CatalogueItem(key: "C01", domain: "基本公共教育", name: "义务教育公用经费保障", targetPopulation: "义务教育阶段学生",
                      standardText: "小学每生每年1000元", fundingText: "中央财政承担60%，地方承担40%", leadDepartment: "市教育局"),
        CatalogueItem(key: "C02", domain: "基本公共教育", name: "学前教育资助", targetPopulation: "家庭经济困难儿童",
                      standardText: "每生每年1000元", fundingText: "中央财政承担50%，地方承担50%", leadDepartment: "市教育局"),
        CatalogueItem(key: "C03", domain: "基本医疗卫生", name: "老年人健康管理", targetPopulation: "65岁及以上老年人",
                      standardText: "每年1次免费健康体检", fundingText: "中央财政承担80%，地方承担20%", leadDepartment: "市卫生健康委员会"),
        CatalogueItem(key: "C04", domain: "基本社会保险", name: "城乡居民基础养老金", targetPopulation: "60岁及以上城乡居民",
                      standardText: "每人每月不低于108元", fundingText: "中央财政承担80%，地方承担20%", leadDepartment: "市人力资源和社会保障局"),
        CatalogueItem(key: "C05", domain: "基本社会服务", name: "特困人员救助供养", targetPopulation: "特困人员",
                      standardText: "不低于当地最低生活保障标准的1.3倍", fundingText: "由县级政府承担", leadDepartment: "市民政局"),
    ]

    static var county: [CatalogueItem] {
        var items = city.filter { $0.key != "C03" }.map { item -> CatalogueItem in
            var item = item
            item.derivedFromKey = item.key
            item.key = "X" + item.key.dropFirst()
            item.leadDepartment = item.leadDepartment.replacingOccurrences(of: "市", with: "县")
            return item
        }
        items[0].standardText = "小学每生每年800元"                       // lowered
        items[1].fundingText = "中央财政承担40%，地方承担60%"               // funding changed
        items[2].standardText = "每人每年1296元"                          // the same 108 元/月, stated per year
        items.append(CatalogueItem(key: "X09", domain: "基本公共文化体育", name: "县级图书馆免费开放", targetPopulation: "城乡居民",
                                   standardText: "免费", leadDepartment: "县文化广电和旅游局"))
        return items
    }

    static func json(_ items: [CatalogueItem]) throws -> Data { try JSONEncoder().encode(items) }
}

@Suite struct CatalogueFlowTests {
    @Test(arguments: TestEngine.all)
    func innerMongoliasEightyTwoItemsArePublishedAndRoundTripThroughXLSX(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, fixture in
            let ingested = try await client.ingest("inner-mongolia-13th", token: fixture.adminToken)
            let plan = try #require((try ingested.object["plan"] as? [String: Any])?["id"] as? Int)
            _ = try await client.json(.post, "/api/v1/plans/\(plan)/accept-pending", token: fixture.adminToken)
            let summary = try await client.json(.post, "/api/v1/plans/\(plan)/publish", token: fixture.publisherToken).object
            let draft = try #require(summary["catalogueVersionID"] as? Int)
            // Nobody publishes what they submitted (issue 16): Inner Mongolia's reviewer does.
            let reviewer = try await TestServer.addUser("im-reviewer", role: .reviewer, region: "150000", fixture)
            try await client.publishCatalogue(draft, editor: fixture.adminToken, reviewer: reviewer)

            let published = try await client.json(.get, "/api/v1/public/catalogue/150000").object
            #expect((published["items"] as? [Any])?.count == 82)
            #expect((published["version"] as? [String: Any])?["status"] as? String == "published")

            let export = try await client.execute(uri: "/api/v1/catalogues/\(draft)/export?format=xlsx", method: .get, headers: [:])
            #expect(export.status == .ok)
            #expect(export.headers[.contentType]?.contains("spreadsheetml") == true)
            let exported = Data(buffer: export.body)
            let reimported = try await client.importCatalogue(exported, filename: "im.xlsx", region: "150000", token: fixture.adminToken)
            #expect(reimported.status == .created, "\(reimported.bodyText.prefix(300))")
            let copy = try #require(try reimported.object["id"] as? Int)
            let diff = try await client.json(.get, "/api/v1/catalogues/diff?from=\(draft)&to=\(copy)", token: fixture.adminToken).object
            #expect((diff["added"] as? [Any])?.isEmpty == true)
            #expect((diff["removed"] as? [Any])?.isEmpty == true)
            #expect((diff["changed"] as? [Any])?.isEmpty == true)
            let store = CatalogueStore(fixture.database.sql)
            #expect(try await store.items(versionID: Int64(copy)) == (try await store.items(versionID: Int64(draft))))
            // CSV and JSON round-trip the same way.
            for format in ["csv", "json"] {
                let file = try await client.execute(uri: "/api/v1/catalogues/\(draft)/export?format=\(format)", method: .get, headers: [:])
                let items = try CatalogueExchange.read(Data(buffer: file.body), filename: "x.\(format)")
                #expect(items == (try await store.items(versionID: Int64(draft))), "\(format)")
            }

            let page = try await client.execute(uri: "/catalogue/150000?q=%E4%B9%89%E5%8A%A1%E6%95%99%E8%82%B2", method: .get,
                                                headers: [.accept: "text/html"])
            #expect(page.status == .ok)
            // The search box echoes the query, so look at the listed items, not at the text.
            let listed = page.bodyText.matches(of: #/items/(I\d{3})"/#).map { String($0.output.1) }
            #expect(Set(["I001", "I002", "I003"]).isSubset(of: listed)) // 免费义务教育, 营养改善计划, 寄宿生生活补助
            #expect(!listed.contains("I009")) // 基本公共就业服务
            #expect(page.bodyText.contains("搜索结果：\(listed.count)"))
        }
    }

    @Test(arguments: TestEngine.all)
    func aDerivedCountyCatalogueYieldsExactlyItsThreeFindings(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, fixture in
            let city = try #require(try await client.importCatalogue(try CatalogueFixtures.json(CatalogueFixtures.city), filename: "city.json",
                                                                     region: "130500", token: fixture.plannerToken).object["id"] as? Int)
            let county = try #require(try await client.importCatalogue(try CatalogueFixtures.json(CatalogueFixtures.county), filename: "county.json",
                                                                       region: "130522", token: fixture.plannerToken).object["id"] as? Int)
            let findings = try await client.json(.get, "/api/v1/catalogues/compliance?upper=\(city)&lower=\(county)", token: fixture.plannerToken).object
            let kinds = (findings["items"] as? [[String: Any]])?.compactMap { $0["kind"] as? String }.sorted()
            #expect(kinds == ["fundingContradicts", "itemMissing", "standardLowered"])
            let lowered = try #require((findings["items"] as? [[String: Any]])?.first { $0["kind"] as? String == "standardLowered" })
            #expect(((lowered["upperQuote"] as? [String: Any])?["text"] as? String)?.contains("1000") == true)
            #expect(((lowered["lowerQuote"] as? [String: Any])?["text"] as? String)?.contains("800") == true)
            // Only against one's own upper level: the city is not checked against its county.
            let reversed = try await client.json(.get, "/api/v1/catalogues/compliance?upper=\(county)&lower=\(city)", token: fixture.plannerToken)
            #expect(reversed.status == .unprocessableContent)
            #expect(try (reversed.object["error"] as? [String: Any])?["message"] as? String
                    == "upper：临城县不是邢台市的上级地区：只能与本地区上级的清单对照")
        }
    }

    @Test(arguments: TestEngine.all)
    func publishedVersionsAreImmutableAndRolesApply(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, fixture in
            let id = try #require(try await client.importCatalogue(try CatalogueFixtures.json(CatalogueFixtures.city), filename: "city.json",
                                                                   region: "130500", token: fixture.plannerToken).object["id"] as? Int)
            // Reporters do not even see drafts; planners edit but do not publish; a reviewer publishes.
            let edit = #"{"key":"C01","domain":"基本公共教育","name":"义务教育公用经费保障","standardText":"小学每生每年1100元","fundingText":"","targetPopulation":"","content":"","leadDepartment":"市教育局","legalBasis":""}"#
            #expect(try await client.json(.put, "/api/v1/catalogues/\(id)/items/C01", token: fixture.linchenToken, body: edit).status == .notFound)
            #expect(try await client.json(.put, "/api/v1/catalogues/\(id)/items/C01", token: fixture.plannerToken, body: edit).status == .ok)
            #expect(try await client.json(.post, "/api/v1/catalogues/\(id)/submit", token: fixture.plannerToken).status == .ok)
            #expect(try await client.json(.post, "/api/v1/catalogues/\(id)/publish", token: fixture.plannerToken).status == .forbidden)
            let publish = try await client.json(.post, "/api/v1/catalogues/\(id)/publish", token: fixture.reviewerToken)
            #expect(publish.status == .ok, "\(publish.bodyText)")
            // Published: no edits; a new draft starts as its copy.
            #expect(try await client.json(.put, "/api/v1/catalogues/\(id)/items/C01", token: fixture.plannerToken, body: edit).status == .conflict)
            let draft = try await client.json(.post, "/api/v1/catalogues/\(id)/draft", token: fixture.plannerToken)
            #expect(draft.status == .ok)
            #expect((try draft.object)["itemCount"] as? Int == CatalogueFixtures.city.count)
            let audit = try await AuditLog(fixture.database.sql).entries(entity: "catalogue_version", entityID: String(id))
            #expect(Set(audit.map(\.action)).isSuperset(of: ["create", "submit", "publish"]))
            #expect(try await AuditLog(fixture.database.sql).entries(entity: "service_item").contains { $0.action == "update" })
            // The finder: a 65-year-old has no item for them here except the pension (60+).
            let finder = try await client.json(.get, "/api/v1/public/catalogue/130500/finder?age=65").object
            let applies = (finder["applies"] as? [[String: Any]])?.compactMap { ($0["item"] as? [String: Any])?["name"] as? String }
            #expect(applies?.contains("城乡居民基础养老金") == true)
            #expect(applies?.contains("学前教育资助") != true)
            let page = try await client.execute(uri: "/catalogue/130500/finder?age=65", method: .get, headers: [.accept: "text/html"])
            #expect(page.bodyText.contains("城乡居民基础养老金"))
        }
    }

    @Test(arguments: TestEngine.all)
    func aBadRowRejectsTheImportWithItsPlace(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, fixture in
            let sheet = try XLSXWriter.write([SheetContent(name: "清单", rows: [
                ["序号", "领域", "服务项目", "支出责任"],
                ["1", "基本公共教育", "免费义务教育", "中央财政承担80%，地方承担20%"],
                ["2", "", "学生资助", "中央财政承担70%，地方承担20%"],
                ["3", "基本医疗卫生", "", ""],
            ])])
            let rejected = try await client.importCatalogue(sheet, filename: "bad.xlsx", region: "130500", token: fixture.plannerToken)
            #expect(rejected.status == .unprocessableContent)
            let details = try #require((try rejected.object["error"] as? [String: Any])?["details"] as? [[String: Any]])
            #expect(details.contains { $0["row"] as? Int == 3 && $0["column"] as? String == "D" && $0["sheet"] as? String == "清单" })
            #expect(details.contains { $0["row"] as? Int == 4 && $0["column"] as? String == "C" })
            #expect(try await CatalogueStore(fixture.database.sql).versions().isEmpty)
        }
    }
}

@Suite struct CataloguePageTests {
    @Test(arguments: TestEngine.all)
    func draftsAreCompletedInTheBrowserAndDiffAndCompliancePagesQuoteBothSides(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, fixture in
            let city = try #require(try await client.importCatalogue(try CatalogueFixtures.json(CatalogueFixtures.city), filename: "city.json",
                                                                     region: "130500", token: fixture.plannerToken).object["id"] as? Int)
            let county = try #require(try await client.importCatalogue(try CatalogueFixtures.json(CatalogueFixtures.county), filename: "county.json",
                                                                       region: "130522", token: fixture.plannerToken).object["id"] as? Int)
            let session = try await client.browserLogin(username: "planner", password: TestServer.password)
            let page = try await client.execute(uri: "/catalogues/\(city)", method: .get, headers: session.headers)
            #expect(page.status == .ok)
            #expect(page.bodyText.contains("name=\"standardText\" value=\"小学每生每年1000元\""))
            let token = try #require(page.bodyText.csrfToken)
            var headers = session.headers
            headers[.contentType] = "application/x-www-form-urlencoded"
            let fields = "key=C02&domain=%E5%9F%BA%E6%9C%AC%E5%85%AC%E5%85%B1%E6%95%99%E8%82%B2&name=%E5%AD%A6%E5%89%8D%E6%95%99%E8%82%B2%E8%B5%84%E5%8A%A9"
                + "&standardText=%E6%AF%8F%E7%94%9F%E6%AF%8F%E5%B9%B41200%E5%85%83&leadDepartment=%E5%B8%82%E6%95%99%E8%82%B2%E5%B1%80"
            let forged = try await client.execute(uri: "/catalogues/\(city)/items", method: .post, headers: headers,
                                                  body: ByteBuffer(string: fields))
            #expect(forged.status == .forbidden)
            let saved = try await client.execute(uri: "/catalogues/\(city)/items", method: .post, headers: headers,
                                                 body: ByteBuffer(string: "_csrf=\(token)&decision=save&" + fields))
            #expect(saved.status == .found)
            let items = try await CatalogueStore(fixture.database.sql).items(versionID: Int64(city))
            #expect(items.first { $0.key == "C02" }?.standardText == "每生每年1200元")

            let diff = try await client.execute(uri: "/catalogues/diff?from=\(city)&to=\(county)", method: .get, headers: session.headers)
            #expect(diff.status == .ok)
            #expect(diff.bodyText.contains("县级图书馆免费开放"))   // added
            #expect(diff.bodyText.contains("老年人健康管理"))        // removed
            let compliance = try await client.execute(uri: "/catalogues/compliance?upper=\(city)&lower=\(county)", method: .get,
                                                      headers: session.headers)
            #expect(compliance.status == .ok)
            #expect(compliance.bodyText.contains("800元"))
            #expect(compliance.bodyText.contains("缺少上级项目"))
        }
    }

    @Test(arguments: TestEngine.all)
    func submitPublishAndHistoryWorkThroughThePages(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, fixture in
            let id = try #require(try await client.importCatalogue(try CatalogueFixtures.json(CatalogueFixtures.city), filename: "city.json",
                                                                   region: "130500", token: fixture.plannerToken).object["id"] as? Int)
            func post(_ session: BrowserSession, _ path: String) async throws -> TestResponse {
                let page = try await client.execute(uri: "/catalogues", method: .get, headers: session.headers)
                let token = try #require(page.bodyText.csrfToken)
                var headers = session.headers
                headers[.contentType] = "application/x-www-form-urlencoded"
                return try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: "_csrf=\(token)"))
            }
            let planner = try await client.browserLogin(username: "planner", password: TestServer.password)
            #expect(try await post(planner, "/catalogues/\(id)/submit").status == .found)
            #expect(try await post(planner, "/catalogues/\(id)/publish").status == .forbidden)
            let reviewer = try await client.browserLogin(username: "reviewer", password: TestServer.password)
            #expect(try await post(reviewer, "/catalogues/\(id)/publish").status == .found)
            #expect(try await post(planner, "/catalogues/\(id)/draft").status == .found)
            let history = try await client.execute(uri: "/catalogues", method: .get, headers: planner.headers)
            // Each version's own row carries its status (the page's buttons say 草稿 too).
            #expect(history.bodyText.contains(#/<td>130500</td><td>v1</td><td>[^\n]*<td>已发布</td>/#))
            #expect(history.bodyText.contains(#/<td>130500</td><td>v2</td><td>[^\n]*基于第 1 版[^\n]*<td>草稿</td>/#))
            let actions = try await AuditLog(fixture.database.sql).entries(entity: "catalogue_version").map(\.action)
            #expect(actions.filter { $0 == "publish" }.count == 1)
            #expect(actions.contains("submit"))
            #expect(try await client.execute(uri: "/catalogue/130500", method: .get, headers: [.accept: "text/html"]).status == .ok)
        }
    }

    @Test func workbooksWithOneSheetPerDomainAreReadWhole() throws {
        let workbook = try XLSXWriter.write([
            SheetContent(name: "基本公共教育", rows: [["服务项目", "服务对象"], ["免费义务教育", "义务教育阶段学生"], ["学生资助", "家庭经济困难学生"]]),
            SheetContent(name: "基本医疗卫生", rows: [["服务项目", "服务对象"], ["预防接种", "0-6岁儿童"]]),
        ])
        let items = try CatalogueExchange.read(workbook, filename: "by-domain.xlsx")
        #expect(items.map(\.domain) == ["基本公共教育", "基本公共教育", "基本医疗卫生"])
        #expect(items.map(\.name) == ["免费义务教育", "学生资助", "预防接种"])
    }
}
