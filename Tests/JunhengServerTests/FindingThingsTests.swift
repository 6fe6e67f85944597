import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JunhengApp
import JunhengCore
import JunhengServer
import JunhengTestSupport
import Spreadsheet
import Storage
import Testing

/// A planner finds indicators, audit entries, users and region groups in the pages and takes
/// tables to Excel: filters, links, paging, user administration, group sets and exports, on the
/// demo data and both engines.
@Suite struct FindingThingsTests {
    /// The demo loaded, the router running; `body` gets the client, the services and the database.
    static func withDemo(_ engine: TestEngine,
                         _ body: @escaping @Sendable (any TestClientProtocol, JunhengServices, JunhengDatabase) async throws -> Void) async throws {
        try await TestDatabase.with(engine, holding: .demo()) { database in
            let services = try await JunhengServices.make(
                database: database, configuration: ServerConfiguration(port: 0, database: database.location))
            let app = buildApplication(services: services, logger: TestDatabase.logger)
            try await app.test(.router) { client in try await body(client, services, database) }
        }
    }

    static let system = Actor.system("test")

    /// An education indicator led by 邢台市教育局, with a target in the city; returns it and the department.
    static func educationIndicator(_ services: JunhengServices) async throws -> (IndicatorRecord, Department) {
        let department = try #require(try await services.app.accounts.departments(in: DemoData.city).first { $0.name == "邢台市教育局" })
        let indicator = try await services.app.monitoring.createIndicator(
            IndicatorRecord(code: "EDU-GER", name: "学前教育毛入园率", unit: "%", domainName: "幼有所育", departmentID: department.id),
            actor: system)
        _ = try await services.app.monitoring.setTarget(
            TargetRecord(indicatorID: indicator.id, regionCode: DemoData.city, baselineYear: 2020, baselineValue: 85,
                         targetYear: 2025, targetValue: 90),
            actor: system)
        return (indicator, department)
    }

    static func count(in html: String) -> Int? {
        guard let range = html.range(of: #"id="indicator-count">(\d+)<"#, options: .regularExpression) else { return nil }
        return Int(html[range].filter(\.isNumber))
    }

    @Test(arguments: TestEngine.all)
    func plannerFindsAnIndicatorBySearchWordAndByDepartment(engine: TestEngine) async throws {
        try await Self.withDemo(engine) { client, services, _ in
            let (indicator, department) = try await Self.educationIndicator(services)
            let planner = try await client.browserLogin(username: "planner", password: DemoData.password)
            let all = try await client.execute(uri: "/indicators", method: .get, headers: planner.headers)
            let total = try await services.app.monitoring.indicators().count
            #expect(Self.count(in: all.bodyText) == total)

            let byWord = try await client.execute(uri: "/indicators?q=%E5%85%A5%E5%9B%AD", method: .get, headers: planner.headers) // 入园
            #expect(byWord.status == .ok)
            #expect(Self.count(in: byWord.bodyText) == 1)
            #expect(byWord.bodyText.contains(#"<a href="/indicators/\#(indicator.id)">学前教育毛入园率</a>"#))
            #expect(byWord.bodyText.contains(#"name="q" value="入园""#), "the search word stays in the form")

            let byDepartment = try await client.execute(uri: "/indicators?department=\(department.id)", method: .get, headers: planner.headers)
            let led = try await services.app.monitoring.indicators().filter { $0.departmentID == department.id }
            #expect(led.contains(indicator))
            #expect(Self.count(in: byDepartment.bodyText) == led.count)
            #expect(byDepartment.bodyText.contains(#"<option value="\#(department.id)" selected>邢台市教育局</option>"#))

            // Combined: the word matches, the department does not.
            let other = try #require(try await services.app.accounts.departments(in: DemoData.city).first { $0.id != department.id })
            let none = try await client.execute(uri: "/indicators?q=%E5%85%A5%E5%9B%AD&department=\(other.id)", method: .get,
                                                headers: planner.headers)
            #expect(Self.count(in: none.bodyText) == 0)

            // Codes match whatever their case; LIKE wildcards are text.
            let byCode = try await client.execute(uri: "/indicators?q=edu-ger", method: .get, headers: planner.headers)
            #expect(Self.count(in: byCode.bodyText) == 1)
            let wildcard = try await client.execute(uri: "/indicators?q=%25", method: .get, headers: planner.headers)
            #expect(Self.count(in: wildcard.bodyText) == 0)

            let bad = try await client.execute(uri: "/indicators?region=12&q=x", method: .get, headers: planner.headers)
            #expect(bad.status == .unprocessableContent)
            #expect(bad.bodyText.contains("“12”不是有效的地区代码"))
            #expect(bad.bodyText.contains(#"name="q" value="x""#))
        }
    }

    @Test(arguments: TestEngine.all)
    func theIndicatorsAPIHonoursTheSameFilters(engine: TestEngine) async throws {
        try await Self.withDemo(engine) { client, services, _ in
            let (indicator, department) = try await Self.educationIndicator(services)
            struct List: Decodable { let items: [IndicatorRecord]; let count: Int }
            func codes(_ query: String) async throws -> [String] {
                let response = try await client.json(.get, "/api/v1/indicators?\(query)")
                #expect(response.status == .ok, "\(query)")
                return try response.decoded(List.self).items.map(\.code)
            }
            #expect(try await codes("q=%E5%85%A5%E5%9B%AD") == ["EDU-GER"])
            let led = try await services.app.monitoring.indicators().filter { $0.departmentID == department.id }.map(\.code)
            #expect(led.contains("EDU-GER"))
            #expect(try await codes("department=\(department.id)") == led)
            #expect(try await codes("domain=%E5%B9%BC%E6%9C%89%E6%89%80%E8%82%B2") == ["EDU-GER"]) // 幼有所育
            // A county sees the city's targets; the education indicator has no plan.
            #expect(try await codes("region=130522&q=%E5%85%A5%E5%9B%AD") == ["EDU-GER"])
            #expect(try await codes("region=150000&q=%E5%85%A5%E5%9B%AD") == [])
            let plan = try #require(try await services.app.plans.plans(region: DemoData.city, actor: Self.system).first)
            let fromPlan = try await codes("plan=\(plan.id)")
            #expect(!fromPlan.isEmpty && !fromPlan.contains(indicator.code))
            #expect(try await codes("plan=\(plan.id)&q=%E5%85%A5%E5%9B%AD") == [])
            let bad = try await client.json(.get, "/api/v1/indicators?department=abc")
            #expect(bad.status == .unprocessableContent)
            #expect(bad.errorCode == "validation_failed")
            #expect(try await client.json(.get, "/api/v1/indicators?region=999999").status == .notFound)
        }
    }

    @Test(arguments: TestEngine.all)
    func theRegionPageLinksResolve(engine: TestEngine) async throws {
        try await Self.withDemo(engine) { client, _, _ in
            for (code, hasCatalogue) in [("130500", false), ("150000", true)] {
                let page = try await client.execute(uri: "/regions/\(code)", method: .get, headers: [.accept: "text/html"])
                #expect(page.status == .ok)
                var links = ["/regions/\(code)/indicators", "/plans?region=\(code)", "/warnings?region=\(code)", "/regions/groups"]
                if hasCatalogue { links.append("/catalogue/\(code)") }
                for link in links {
                    #expect(page.bodyText.contains(#"href="\#(link)""#), "\(code) links to \(link)")
                    let target = try await client.execute(uri: link, method: .get, headers: [.accept: "text/html"])
                    #expect(target.status == .ok, "\(link)")
                }
                #expect(page.bodyText.contains(#"href="/catalogue/\#(code)""#) == hasCatalogue)
            }
            // The plans page lists only the region's plans.
            let admin = try await client.browserLogin(username: "admin", password: DemoData.password)
            let city = try await client.execute(uri: "/plans?region=130500", method: .get, headers: admin.headers)
            let mongolia = try await client.execute(uri: "/plans?region=150000", method: .get, headers: admin.headers)
            #expect(city.bodyText.contains("/plans/1\"") && !city.bodyText.contains("/plans/2\""))
            #expect(mongolia.bodyText.contains("/plans/2\"") && !mongolia.bodyText.contains("/plans/1\""))
        }
    }

    @Test(arguments: TestEngine.all)
    func theAuditPagePagesThroughMoreThan200EntriesAndExportsOnlyTheFilteredOnes(engine: TestEngine) async throws {
        try await Self.withDemo(engine) { client, _, database in
            let log = AuditLog(database.sql)
            for index in 1...230 {
                try await log.record(AuditActor(userID: nil, username: "loader"), action: index.isMultiple(of: 10) ? "update" : "create",
                                     entity: "test_item", entityID: String(index),
                                     before: index.isMultiple(of: 10) ? ["name": "旧\(index)"] : nil, after: ["name": "新\(index)"])
            }
            try await log.record(AuditActor(userID: nil, username: "=1+1"), action: "=1+1", entity: "formula", entityID: "1")
            let admin = try await client.browserLogin(username: "admin", password: DemoData.password)
            let first = try await client.execute(uri: "/admin/audit?entity=test_item&limit=50", method: .get, headers: admin.headers)
            #expect(first.status == .ok)
            #expect(first.bodyText.contains("第 1–50 条，共 230 条"))
            #expect(first.bodyText.contains("名称：旧230 → 新230"), "the newest first, as a readable change")
            #expect(first.bodyText.contains(#"href="/admin/audit?entity=test_item&amp;page=2&amp;limit=50" rel="next""#))
            #expect(!first.bodyText.contains(#"rel="prev""#))
            let last = try await client.execute(uri: "/admin/audit?entity=test_item&limit=50&page=5", method: .get, headers: admin.headers)
            #expect(last.bodyText.contains("第 201–230 条，共 230 条"))
            #expect(last.bodyText.contains("名称：— → 新1"))
            #expect(!last.bodyText.contains(#"rel="next""#))
            #expect(last.bodyText.contains(#"href="/admin/audit?entity=test_item&amp;page=4&amp;limit=50" rel="prev""#))
            // Times read in China Standard Time.
            let today = ChinaTime.format(Timestamp.now()).prefix(10)
            #expect(first.bodyText.contains("<td>\(today) "))

            let csv = try await client.execute(uri: "/admin/audit/export?entity=test_item&action=update&format=csv", method: .get,
                                               headers: admin.headers)
            #expect(csv.status == .ok)
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            let rows = try CSVReader.read(Data(csv.body.readableBytesView)).sheet.rows
            #expect(rows.count == 24)
            #expect(rows[0].map(\.value.text) == ["编号", "时间（北京时间）", "操作人", "操作", "对象", "对象编号", "地区", "变更"])
            #expect(rows.dropFirst().allSatisfy { $0[3].value.text == "update" && $0[4].value.text == "test_item" })
            #expect(rows[1][7].value.text == "名称：旧230 → 新230")

            let xlsx = try await client.execute(uri: "/admin/audit/export?entity=test_item&format=xlsx", method: .get, headers: admin.headers)
            let sheet = try XLSXDocument(data: Data(xlsx.body.readableBytesView)).sheet(at: 0)
            #expect(sheet.rows.count == 231)

            let formula = try await client.execute(uri: "/admin/audit/export?action=%3D1%2B1&format=csv", method: .get, headers: admin.headers)
            let formulaRows = try CSVReader.read(Data(formula.body.readableBytesView)).sheet.rows
            #expect(formulaRows.count == 2)
            #expect(formulaRows[1][2].value.text == "'=1+1")
            #expect(formulaRows[1][3].value.text == "'=1+1")

            let badDate = try await client.execute(uri: "/admin/audit?from=2026-02-30", method: .get, headers: admin.headers)
            #expect(badDate.status == .unprocessableContent)
            #expect(badDate.bodyText.contains("“2026-02-30”不是日期"))
            let api = try await client.json(.get, "/api/v1/audit?entity=test_item&limit=100&page=3", headers: admin.headers)
            #expect(api.status == .ok)
            #expect(try api.object["total"] as? Int == 230)
            #expect((try api.object["items"] as? [Any])?.count == 30)
        }
    }

    /// Posts a page form with the page's CSRF token.
    static func post(_ client: any TestClientProtocol, _ session: BrowserSession, page: String, action: String,
                     _ fields: String) async throws -> TestResponse {
        let form = try await client.execute(uri: page, method: .get, headers: session.headers)
        let csrf = try #require(form.bodyText.csrfToken)
        var headers = session.headers
        headers[.contentType] = "application/x-www-form-urlencoded"
        return try await client.execute(uri: action, method: .post, headers: headers,
                                        body: ByteBuffer(string: "_csrf=\(csrf)&\(fields)"))
    }

    @Test(arguments: TestEngine.all)
    func anAdminEditsARoleDeactivatesAUserAndResetsAPassword(engine: TestEngine) async throws {
        try await Self.withDemo(engine) { client, services, _ in
            let admin = try await client.browserLogin(username: "admin", password: DemoData.password)
            let edited = try await Self.post(client, admin, page: "/admin/users/linchen", action: "/admin/users/linchen",
                                             "displayName=%E4%B8%B4%E5%9F%8E%E5%AE%A1%E6%A0%B8&role=reviewer&regionCode=130522&departmentId=")
            #expect(edited.status == .found)
            let linchen = try #require(try await UserStore(services.app.database.sql).user(username: "linchen"))
            #expect(linchen.role == .reviewer)
            #expect(linchen.displayName == "临城审核")
            let audit = try await client.execute(uri: "/admin/audit?entity=user&action=update", method: .get, headers: admin.headers)
            #expect(audit.bodyText.contains("角色：region_reporter → reviewer"))

            // A bad region keeps what was typed.
            let bad = try await Self.post(client, admin, page: "/admin/users/linchen", action: "/admin/users/linchen",
                                          "displayName=Typed&role=reviewer&regionCode=999999&departmentId=")
            #expect(bad.status == .unprocessableContent)
            #expect(bad.bodyText.contains("地区 999999 不存在"))
            #expect(bad.bodyText.contains(#"name="displayName" value="Typed""#))

            // Planners do not manage users.
            let planner = try await client.browserLogin(username: "planner", password: DemoData.password)
            #expect(try await client.execute(uri: "/admin/users/neiqiu", method: .get, headers: planner.headers).status == .forbidden)
            let session = try await client.browserLogin(username: "neiqiu", password: DemoData.password)
            #expect(try await client.execute(uri: "/data", method: .get, headers: session.headers).status == .ok)
            let deactivated = try await Self.post(client, admin, page: "/admin/users/neiqiu", action: "/admin/users/neiqiu/active", "active=false")
            #expect(deactivated.status == .found)
            let afterwards = try await client.execute(uri: "/data", method: .get, headers: session.headers)
            #expect(afterwards.status != .ok, "the deactivated user's session no longer works")
            #expect(try await client.postLoginForm(username: "neiqiu", password: DemoData.password).response.status == .unauthorized)
            let reactivated = try await Self.post(client, admin, page: "/admin/users/neiqiu", action: "/admin/users/neiqiu/active", "active=true")
            #expect(reactivated.status == .found)

            let reset = try await Self.post(client, admin, page: "/admin/users/neiqiu", action: "/admin/users/neiqiu/password",
                                            "password=brand-new-secret-42")
            #expect(reset.status == .found)
            let page = try await client.execute(uri: "/admin/users/neiqiu", method: .get, headers: admin.headers)
            #expect(!page.bodyText.contains("brand-new-secret-42"))
            #expect(try await client.postLoginForm(username: "neiqiu", password: DemoData.password).response.status == .unauthorized)
            #expect(try await client.postLoginForm(username: "neiqiu", password: "brand-new-secret-42").response.status == .found)

            // Admins cannot lock themselves out.
            let selfLock = try await Self.post(client, admin, page: "/admin/users/admin", action: "/admin/users/admin/active", "active=false")
            #expect(selfLock.status == .forbidden)
            #expect(selfLock.bodyText.contains("不能停用自己的账号"))
        }
    }

    @Test(arguments: TestEngine.all)
    func aGroupSetIsCreatedAndAssignedThroughThePages(engine: TestEngine) async throws {
        try await Self.withDemo(engine) { client, services, _ in
            let planner = try await client.browserLogin(username: "planner", password: DemoData.password)
            let list = try await client.execute(uri: "/regions/groups", method: .get, headers: planner.headers)
            #expect(list.status == .ok)
            #expect(list.bodyText.contains("demo-urban-districts"))
            let missing = try await Self.post(client, planner, page: "/regions/groups", action: "/regions/groups",
                                              "code=north-south&name=%E5%8D%97%E5%8C%97&scope=130500&groups=north")
            #expect(missing.status == .unprocessableContent)
            #expect(missing.bodyText.contains("缺少组名称"))
            #expect(missing.bodyText.contains(#"name="code" value="north-south""#))
            let created = try await Self.post(client, planner, page: "/regions/groups", action: "/regions/groups",
                                              "code=north-south&name=%E5%8D%97%E5%8C%97&scope=130500&groups=north+%E5%8C%97%E9%83%A8%0D%0Asouth+%E5%8D%97%E9%83%A8")
            #expect(created.status == .found)
            #expect(created.headers[.location] == "/regions/groups/north-south")
            let children = try await services.app.regions.children(of: DemoData.city)
            let fields = children.enumerated().map { index, region in "group-\(region.code.rawValue)=\(index < 5 ? "north" : "south")" }
            let assigned = try await Self.post(client, planner, page: "/regions/groups/north-south", action: "/regions/groups/north-south",
                                               fields.joined(separator: "&"))
            #expect(assigned.status == .found)
            let members = try await services.app.regions.members(ofSet: "north-south")
            #expect(members.count == children.count)
            #expect(members.filter { $0.groupCode == "north" }.count == 5)
            let page = try await client.execute(uri: "/regions/groups/north-south", method: .get, headers: planner.headers)
            #expect(page.bodyText.contains(#"<option value="north" selected>北部</option>"#))
            let after = try await client.execute(uri: "/regions/groups", method: .get, headers: planner.headers)
            #expect(after.bodyText.contains("<td>north 北部、south 南部</td><td>\(children.count)</td>"))
        }
    }

    static func pageNumber(_ value: Double) -> String {
        value.rounded() == value ? String(Int64(value)) : String(format: "%.2f", value)
    }

    @Test(arguments: TestEngine.all)
    func eachExportOpensAndHoldsThePagesFigures(engine: TestEngine) async throws {
        try await Self.withDemo(engine) { client, services, _ in
            // The indicator's progress table.
            let indicator = try await client.execute(uri: "/indicators/1?region=130500", method: .get, headers: [.accept: "text/html"])
            let xlsx = try await client.execute(uri: "/indicators/1/export?region=130500&format=xlsx", method: .get, headers: [:])
            #expect(xlsx.status == .ok)
            #expect(xlsx.headers[.contentDisposition] == #"attachment; filename="indicator-1-130500.xlsx"; filename*=UTF-8''indicator-1-130500.xlsx"#)
            let progress = try XLSXDocument(data: Data(xlsx.body.readableBytesView)).sheet(at: 0)
            let children = try await services.app.regions.children(of: DemoData.city)
            #expect(progress.rows.count == children.count + 2)
            #expect(progress.rows[0].prefix(4).map(\.value.text) == ["地区代码", "地区", "指标", "单位"])
            for row in progress.rows.dropFirst() {
                guard let latest = row[7].value.numericValue, let year = row[6].value.numericValue else { continue }
                #expect(indicator.bodyText.contains("\(Self.pageNumber(latest))（\(Int(year))）"), "\(row[1].value.text)")
            }
            let csv = try await client.execute(uri: "/indicators/1/export?region=130500&format=csv", method: .get, headers: [:])
            let csvRows = try CSVReader.read(Data(csv.body.readableBytesView)).sheet.rows
            #expect(csvRows.map { $0.map(\.value.text) } == progress.rows.map { $0.map(\.value.text) })

            // The warnings list.
            let warningsPage = try await client.execute(uri: "/warnings?region=130500", method: .get, headers: [.accept: "text/html"])
            #expect(warningsPage.bodyText.contains(#"href="/warnings/export?region=130500&amp;format=csv""#))
            let warnings = try await services.app.monitoring.warnings(root: DemoData.city)
            let warningsCSV = try await client.execute(uri: "/warnings/export?region=130500&format=csv", method: .get, headers: [:])
            let warningRows = try CSVReader.read(Data(warningsCSV.body.readableBytesView)).sheet.rows
            #expect(warningRows.count == warnings.count + 1)
            #expect(warningsPage.bodyText.contains("130500 · \(warnings.count)"))
            for (row, warning) in zip(warningRows.dropFirst(), warnings) {
                #expect(row[3].value.text == warning.regionName)
                #expect(row[7].value.text == warning.message)
            }
            let warningsXLSX = try await client.execute(uri: "/warnings/export?region=130500&format=xlsx", method: .get, headers: [:])
            #expect(try XLSXDocument(data: Data(warningsXLSX.body.readableBytesView)).sheet(at: 0).rows.count == warnings.count + 1)

            // The equalization result.
            let query = "indicator=1&region=130500&year=2020"
            let equalizationPage = try await client.execute(uri: "/equalization?\(query)", method: .get, headers: [.accept: "text/html"])
            #expect(equalizationPage.bodyText.contains("/equalization/export?indicator=1&amp;region=130500&amp;year=2020"))
            let result = try await services.app.equalization.analyse(.init(indicatorID: 1, parent: DemoData.city, year: 2020))
            let equalization = try await client.execute(uri: "/equalization/export?\(query)&format=xlsx", method: .get, headers: [:])
            let sheet = try XLSXDocument(data: Data(equalization.body.readableBytesView)).sheet(at: 0)
            #expect(sheet.rows[0].map(\.value.text) == ["地区代码", "地区", "\(result.indicator.name)（\(result.indicator.unit)）", "权重", "分组"])
            for (row, region) in zip(sheet.rows.dropFirst(), result.regions) {
                #expect(row[0].value.text == region.code)
                #expect(row[2].value.numericValue == region.value)
                #expect(row[3].value.numericValue == region.weight)
            }
            let giniRow = try #require(sheet.rows.first { $0.first?.value.text == "基尼系数" })
            let gini = try #require(giniRow[1].value.numericValue)
            #expect(equalizationPage.bodyText.contains("<td>基尼系数</td><td>\(String(format: "%.4f", gini))</td>"))
            let coverageRow = try #require(sheet.rows.first { $0.first?.value.text == "覆盖" })
            #expect(coverageRow[1].value.text == result.coverage.chineseDescription)
            #expect(result.coverage.chineseDescription.hasPrefix("覆盖 18/18 个地区"))
            let equalizationCSV = try await client.execute(uri: "/equalization/export?\(query)&format=csv", method: .get, headers: [:])
            #expect(try CSVReader.read(Data(equalizationCSV.body.readableBytesView)).sheet.rows.count == sheet.rows.count)

            let badFormat = try await client.execute(uri: "/warnings/export?region=130500&format=pdf", method: .get, headers: [.accept: "application/json"])
            #expect(badFormat.status == .unprocessableContent)
        }
    }

    @Test func csvCellsThatLookLikeFormulasAreKeptAsText() throws {
        let file = try Exports.file(named: "t", sheet: "t", header: ["值"],
                                    rows: [["=1+1"], ["+1"], ["-x"], ["@a"], ["\tb"], ["\rc"], [-3], ["a=b"]], format: .csv)
        let rows = try CSVReader.read(file.data).sheet.rows
        #expect(rows.map { $0.first?.value.text ?? "" } == ["值", "'=1+1", "'+1", "'-x", "'@a", "'\tb", "'\rc", "-3", "a=b"])
    }
}
