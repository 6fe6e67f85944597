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
    func upload(_ body: Data, filename: String, token: String) async throws -> TestResponse {
        try await execute(uri: "/api/v1/observations/upload?filename=\(filename)", method: .post,
                          headers: [.authorization: "Bearer \(token)", .accept: "application/json"],
                          body: ByteBuffer(bytes: body))
    }

    /// An indicator with a target for Xingtai; returns its id.
    func makeIndicator(_ fixture: Fixture, code: String = "EDU-01", binding: String = "binding") async throws -> Int {
        let created = try await json(.post, "/api/v1/indicators", token: fixture.plannerToken, body: """
            {"code":"\(code)","name":"义务教育巩固率\(code)","unit":"%","binding":"\(binding)","direction":"higher"}
            """)
        #expect(created.status == .created, "\(created.bodyText)")
        let id = try #require(try created.object["id"] as? Int)
        let target = try await json(.put, "/api/v1/indicators/\(id)/targets/130500", token: fixture.plannerToken,
                                    body: #"{"baselineYear":2015,"baselineValue":60,"targetYear":2030,"targetValue":90,"comparator":">="}"#)
        #expect(target.status == .ok, "\(target.bodyText)")
        return id
    }
}

/// Every row of every table, in a stable order: "byte-for-byte unchanged in content". The one
/// column left out is `api_tokens.last_used_at`, which authenticating the request itself updates.
func databaseContent(_ db: any SQLDatabase) async throws -> String {
    var dump = ""
    for table in ["regions", "region_links", "indicators", "targets", "submissions", "submission_values", "observations",
                  "audit_log", "users", "api_tokens", "sessions", "plans", "settings"] {
        let rows = try await db.raw("SELECT * FROM \(ident: table) ORDER BY 1, 2").all()
        dump += "\(table): \(rows.count)\n"
        for row in rows {
            dump += row.allColumns.filter { $0 != "last_used_at" }.map { column in
                (try? row.decode(column: column, as: String?.self)).flatMap { $0 }
                    ?? (try? row.decode(column: column, as: Double?.self)).flatMap { $0 }.map { String($0) } ?? "∅"
            }.joined(separator: "|") + "\n"
        }
    }
    return dump
}

@Suite struct MonitoringFlowTests {
    @Test(arguments: TestEngine.all)
    func oneBadRowAmongTenThousandRejectsTheUploadAndChangesNothing(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, fixture in
            var indicators: [String] = []
            for index in 1...4 { _ = try await client.makeIndicator(fixture, code: "I\(index)"); indicators.append("I\(index)") }
            let regions = ["130500"] + (try await RegionStore(fixture.database.sql).children(of: RegionCode(rawValue: "130500")!)).map(\.code.rawValue)
            var lines = ["地区,指标,年份,数值,分组"]
            outer: for indicator in indicators {
                for region in regions {
                    for year in 2001...2020 {
                        for group in 1...7 {
                            lines.append("\(region),\(indicator),\(year),\(50 + Double((year + group) % 10) / 10),d\(group)")
                            if lines.count == 10_001 { break outer }
                        }
                    }
                }
            }
            var bad = lines
            bad[5_001] = bad[5_001].replacingOccurrences(of: #",5\d\.\d,"#, with: ",n/a,", options: .regularExpression)
            #expect(bad[5_001].contains("n/a"))
            let before = try await databaseContent(fixture.database.sql)

            let rejected = try await client.upload(Data(bad.joined(separator: "\n").utf8), filename: "data.csv", token: fixture.plannerToken)
            #expect(rejected.status == .unprocessableContent)
            let details = try #require((try rejected.object["error"] as? [String: Any])?["details"] as? [[String: Any]])
            #expect(details.count == 1)
            #expect(details.first?["row"] as? Int == 5_002)
            #expect(details.first?["column"] as? String == "D")
            #expect(try await databaseContent(fixture.database.sql) == before)

            let accepted = try await client.upload(Data(lines.joined(separator: "\n").utf8), filename: "data.csv", token: fixture.plannerToken)
            #expect(accepted.status == .created, "\(accepted.bodyText.prefix(300))")
            #expect(try await ObservationStore(fixture.database.sql, engine: fixture.database.engine).count() == 10_000)
        }
    }

    @Test(arguments: TestEngine.all)
    func xlsxUploadsAreReadWithSheetNamesInErrors(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, fixture in
            _ = try await client.makeIndicator(fixture)
            let workbook = try XLSXWriter.write([SheetContent(name: "临城县", rows: [
                ["地区", "指标", "年份", "数值"], ["临城县", "EDU-01", 2019, 61.5], ["临城县", "EDU-01", 2020, "abc"],
            ])])
            let rejected = try await client.upload(workbook, filename: "linchen.xlsx", token: fixture.linchenToken)
            #expect(rejected.status == .unprocessableContent)
            #expect(rejected.bodyText.contains("工作表 临城县 第 3 行 列 D"))
            let fixed = try XLSXWriter.write([SheetContent(name: "临城县", rows: [
                ["地区", "指标", "年份", "数值"], ["临城县", "EDU-01", 2019, 61.5], ["临城县", "EDU-01", 2020, 63],
            ])])
            let accepted = try await client.upload(fixed, filename: "linchen.xlsx", token: fixture.linchenToken)
            #expect(accepted.status == .created)
            #expect((try accepted.object["submission"] as? [String: Any])?["regionCode"] as? String == "130522")
            // Corrupt workbooks are a clear 422, never a crash.
            let broken = try await client.upload(fixed.prefix(200), filename: "broken.xlsx", token: fixture.linchenToken)
            #expect(broken.status == .unprocessableContent)
        }
    }

    @Test(arguments: TestEngine.all)
    func countiesSubmitAndTheLevelAboveApprovesOrReturns(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, fixture in
            let id = try await client.makeIndicator(fixture)
            let rows = #"{"rows":[{"region":"130522","indicator":"EDU-01","year":2015,"value":50},{"region":"临城县","indicator":"EDU-01","year":2020,"value":48}]}"#
            let submitted = try await client.json(.post, "/api/v1/observations", token: fixture.linchenToken, body: rows)
            #expect(submitted.status == .created)
            let submission = try #require((try submitted.object["submission"] as? [String: Any])?["id"] as? Int)
            // Reporters neither approve nor write for their neighbours.
            #expect(try await client.json(.post, "/api/v1/submissions/\(submission)/approve", token: fixture.linchenToken).status == .forbidden)
            let neighbour = try await client.json(.post, "/api/v1/observations", token: fixture.linchenToken,
                                                  body: #"{"rows":[{"region":"130523","indicator":"EDU-01","year":2020,"value":48}]}"#)
            #expect(neighbour.status == .unprocessableContent)
            #expect(neighbour.bodyText.contains("无权填报"))

            let approved = try await client.json(.post, "/api/v1/submissions/\(submission)/approve", token: fixture.reviewerToken,
                                                 body: #"{"comment":"核实无误"}"#)
            #expect((try approved.object)["status"] as? String == "approved")
            let progress = try await client.json(.get, "/api/v1/indicators/\(id)/progress?region=130500").object
            let linchen = try #require((progress["items"] as? [[String: Any]])?.first {
                ($0["region"] as? [String: Any])?["code"] as? String == "130522"
            })
            #expect((linchen["result"] as? [String: Any])?["status"] as? String == "deterioration")
            let warnings = try await client.json(.get, "/api/v1/warnings?region=130500").object
            #expect((warnings["items"] as? [[String: Any]])?.contains { $0["kind"] as? String == "off_trajectory" } == true)

            // A second submission returned with a reason.
            let again = try await client.json(.post, "/api/v1/observations", token: fixture.linchenToken,
                                              body: #"{"rows":[{"region":"130522","indicator":"EDU-01","year":2021,"value":49}]}"#)
            let second = try #require((try again.object["submission"] as? [String: Any])?["id"] as? Int)
            let returned = try await client.json(.post, "/api/v1/submissions/\(second)/return", token: fixture.reviewerToken,
                                                 body: #"{"comment":"请附统计口径说明"}"#)
            #expect((try returned.object)["status"] as? String == "returned")
            let audit = try await AuditLog(fixture.database.sql).entries(entity: "submission")
            #expect(Set(audit.map(\.action)) == ["submit", "approve", "return"])
        }
    }

    @Test(arguments: TestEngine.all)
    func theIndicatorPageShowsChartsAndTheDataFormSubmits(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, fixture in
            let id = try await client.makeIndicator(fixture)
            let session = try await client.browserLogin(username: "linchen", password: TestServer.password)
            let form = try await client.execute(uri: "/data?region=130522&year=2020", method: .get, headers: session.headers)
            #expect(form.status == .ok)
            #expect(form.bodyText.contains("name=\"value-\(id)\""))
            let token = try #require(form.bodyText.csrfToken)
            var headers = session.headers
            headers[.contentType] = "application/x-www-form-urlencoded"
            let posted = try await client.execute(uri: "/data", method: .post, headers: headers,
                                                  body: ByteBuffer(string: "_csrf=\(token)&region=130522&year=2020&value-\(id)=66.5"))
            #expect(posted.status == .ok)
            #expect(posted.bodyText.contains("已提交 1 项数据"))
            let page = try await client.execute(uri: "/indicators/\(id)?region=130500", method: .get, headers: [.accept: "text/html"])
            #expect(page.status == .ok)
            #expect(page.bodyText.components(separatedBy: "<svg").count - 1 >= 2)
            #expect(page.bodyText.contains("临城县"))
            let warnings = try await client.execute(uri: "/warnings?region=130500", method: .get, headers: [.accept: "text/html"])
            #expect(warnings.status == .ok)
        }
    }
}

@Suite struct JumpThresholdTests {
    @Test(arguments: TestEngine.all)
    func theYearOnYearThresholdIsASettingNotAConstant(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { (database) async throws -> Void in
            _ = try await IndicatorStore(database.sql).create(IndicatorRecord(code: "E", name: "巩固率", unit: "%"), actor: .system("test"))
            let file = Data("地区,指标,年份,数值\n130522,E,2019,50\n130522,E,2020,60\n".utf8)   // +20 %
            let strict = try await ObservationImport(database: database, jumpThreshold: 0.1)
                .importFile(file, filename: "a.csv", scope: nil, actor: .system("test"))
            #expect(strict.warnings.count == 1)
            #expect(strict.warnings.first?.reason.contains("±10%") == true)
            let lenient = try await ObservationImport(database: database)
                .importFile(Data("地区,指标,年份,数值\n130523,E,2019,50\n130523,E,2020,60\n".utf8), filename: "b.csv", scope: nil,
                            actor: .system("test"))
            #expect(lenient.warnings.isEmpty)
        }
    }
}

@Suite struct IndicatorEditTests {
    @Test(arguments: TestEngine.all)
    func plannersCorrectAnIndicatorsDirectionByAPIAndPage(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, fixture in
            let id = try await client.makeIndicator(fixture)
            #expect(try await client.json(.patch, "/api/v1/indicators/\(id)", token: fixture.linchenToken,
                                          body: #"{"direction":"lower"}"#).status == .forbidden)
            let changed = try await client.json(.patch, "/api/v1/indicators/\(id)", token: fixture.plannerToken,
                                                body: #"{"direction":"lower","binding":"expected"}"#)
            #expect((try changed.object)["direction"] as? String == "lower")
            let audit = try await AuditLog(fixture.database.sql).entries(entity: "indicator", entityID: String(id))
            #expect(audit.first?.action == "update")
            #expect(audit.first?.before?.contains("\"direction\":\"higher\"") == true)

            let session = try await client.browserLogin(username: "planner", password: TestServer.password)
            let page = try await client.execute(uri: "/indicators/\(id)?region=130500", method: .get, headers: session.headers)
            let token = try #require(page.bodyText.csrfToken)
            var headers = session.headers
            headers[.contentType] = "application/x-www-form-urlencoded"
            let posted = try await client.execute(uri: "/indicators/\(id)", method: .post, headers: headers,
                                                  body: ByteBuffer(string: "_csrf=\(token)&direction=higher&binding=binding&region=130500"))
            #expect(posted.status == .found)
            let indicator = try #require(try await IndicatorStore(fixture.database.sql).indicator(id: Int64(id)))
            #expect(indicator.direction == .higher)
            #expect(indicator.binding == .binding)
        }
    }
}

@Suite struct DisaggregationTests {
    @Test(arguments: TestEngine.all)
    func figuresByAreaAreCheckedAndShownBesideTheTotal(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, fixture in
            let created = try await client.json(.post, "/api/v1/indicators", token: fixture.plannerToken, body:
                #"{"code":"TOILET","name":"卫生厕所普及率","unit":"%","disaggregations":["area=urban","area=rural"]}"#)
            let id = try #require(try created.object["id"] as? Int)
            #expect((try created.object["disaggregations"] as? [String]) == ["area=urban", "area=rural"])
            _ = try await client.json(.put, "/api/v1/indicators/\(id)/targets/130500", token: fixture.plannerToken,
                                      body: #"{"targetYear":2025,"targetValue":90}"#)
            let bad = try await client.upload(Data("地区,指标,年份,数值,分组\n130500,TOILET,2020,80,sex=female\n".utf8),
                                              filename: "a.csv", token: fixture.plannerToken)
            #expect(bad.status == .unprocessableContent)
            let good = try await client.upload(Data("地区,指标,年份,数值,分组\n130500,TOILET,2020,80,\n130500,TOILET,2020,93,area=urban\n130500,TOILET,2020,71,area=rural\n".utf8),
                                               filename: "b.csv", token: fixture.plannerToken)
            #expect(good.status == .created)
            // Awaiting approval: shown to the planner, whose scope covers the city, marked 待审核; not to the public.
            let ruralPath = "/api/v1/observations?indicator=\(id)&region=130500&disaggregation=area%3Drural"
            let rural = try await client.json(.get, ruralPath, token: fixture.plannerToken).object
            #expect(((rural["items"] as? [[String: Any]])?.first?["value"] as? Double) == 71)
            #expect((try await client.json(.get, ruralPath).object["items"] as? [[String: Any]])?.isEmpty == true)
            let session = try await client.browserLogin(username: "planner", password: TestServer.password)
            let page = try await client.execute(uri: "/indicators/\(id)?region=130500", method: .get, headers: session.headers)
            #expect(page.bodyText.contains("area=rural"))
            #expect(page.bodyText.contains("2020：71（待审核）"))
            let publicPage = try await client.execute(uri: "/indicators/\(id)?region=130500", method: .get, headers: [.accept: "text/html"])
            #expect(!publicPage.bodyText.contains("2020：71"))
        }
    }
}
