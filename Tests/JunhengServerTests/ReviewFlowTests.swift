import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JunhengApp
import JunhengCore
import JunhengServer
import JunhengTestSupport
import SQLKit
import Storage
import Testing

extension TestClientProtocol {
    /// An indicator with a target for Xingtai (so that its counties report it); returns its id.
    func makeNamedIndicator(_ fixture: Fixture, code: String, name: String, unit: String) async throws -> Int {
        let created = try await json(.post, "/api/v1/indicators", token: fixture.plannerToken,
                                     body: #"{"code":"\#(code)","name":"\#(name)","unit":"\#(unit)","direction":"higher"}"#)
        #expect(created.status == .created, "\(created.bodyText)")
        let id = try #require(try created.object["id"] as? Int)
        let target = try await json(.put, "/api/v1/indicators/\(id)/targets/130500", token: fixture.plannerToken,
                                    body: #"{"targetYear":2025,"targetValue":95,"comparator":">="}"#)
        #expect(target.status == .ok, "\(target.bodyText)")
        return id
    }

    /// Posts a page form as the signed-in browser does, with the CSRF token of `page`.
    func postForm(_ uri: String, session: BrowserSession, page: TestResponse, fields: [(String, String)]) async throws -> TestResponse {
        let token = try #require(page.bodyText.csrfToken)
        var headers = session.headers
        headers[.contentType] = "application/x-www-form-urlencoded"
        let encoded = ([("_csrf", token)] + fields).map { key, value in
            "\(key)=\(value.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: ".-_"))) ?? value)"
        }
        return try await execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: encoded.joined(separator: "&")))
    }
}

extension String {
    /// The table row of the data-entry form holding the input `value-<id>`.
    func formRow(of indicatorID: Int) -> Substring? {
        guard let input = range(of: "name=\"value-\(indicatorID)\"") else { return nil }
        let start = self[..<input.lowerBound].range(of: "<tr>", options: .backwards)?.lowerBound ?? input.lowerBound
        let end = self[input.upperBound...].range(of: "</tr>")?.upperBound ?? endIndex
        return self[start..<end]
    }

    func occurrences(of text: String) -> Int { components(separatedBy: text).count - 1 }
}

@Suite struct ReviewFlowTests {
    static func submissionCount(_ database: JunhengDatabase) async throws -> Int {
        try await database.sql.raw("SELECT COUNT(*) AS n FROM submissions").first()!.decode(column: "n", as: Int.self)
    }

    static func latestSubmission(_ database: JunhengDatabase) async throws -> Int {
        try await database.sql.raw("SELECT MAX(id) AS id FROM submissions").first()!.decode(column: "id", as: Int.self)
    }

    /// The county reporter's and the reviewer's day: a refused form keeps everything typed and
    /// says what is wrong beside the field; the reviewer compares with last year, cannot return
    /// without a reason, returns with one; the reporter finds the figures pre-filled with the
    /// comment, resubmits, and the reviewer approves.
    @Test(arguments: TestEngine.all)
    func aReturnedSubmissionComesBackPreFilledWithTheReviewersComment(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, fixture in
            let contracts = try await client.makeNamedIndicator(fixture, code: "HR-1", name: "企业劳动合同签订率", unit: "%")
            let cards = try await client.makeNamedIndicator(fixture, code: "HR-2", name: "持卡人覆盖率", unit: "%")
            let doctors = try await client.makeNamedIndicator(fixture, code: "HE-1", name: "每万人口全科医生数", unit: "名")
            // Last year's figures, approved.
            let lastYear = try await client.json(.post, "/api/v1/observations", token: fixture.linchenToken, body: """
                {"rows":[{"region":"130522","indicator":"HR-1","year":2020,"value":80},{"region":"130522","indicator":"HR-2","year":2020,"value":90},{"region":"130522","indicator":"HE-1","year":2020,"value":3}]}
                """)
            let lastYearID = try #require((try lastYear.object["submission"] as? [String: Any])?["id"] as? Int)
            #expect(try await client.json(.post, "/api/v1/submissions/\(lastYearID)/approve", token: fixture.reviewerToken).status == .ok)

            // One value is not a number: nothing is stored, the error is beside its field, once.
            let reporter = try await client.browserLogin(username: "linchen", password: TestServer.password)
            let form = try await client.execute(uri: "/data?region=130522&year=2021", method: .get, headers: reporter.headers)
            #expect(form.status == .ok)
            let before = try await Self.submissionCount(fixture.database)
            let refused = try await client.postForm("/data", session: reporter, page: form, fields: [
                ("region", "130522"), ("year", "2021"), ("value-\(contracts)", "八十八"), ("value-\(cards)", "91"), ("value-\(doctors)", "3.2"),
            ])
            #expect(refused.status == .unprocessableContent)
            let html = refused.bodyText
            let error = "临城县 2021 年 企业劳动合同签订率：数值“八十八”不是数字"
            #expect(html.occurrences(of: error) == 1)
            #expect(try #require(html.formRow(of: contracts)).contains(error))
            #expect(try #require(html.formRow(of: contracts)).contains(#"value="八十八""#))
            #expect(try #require(html.formRow(of: cards)).contains(#"value="91""#))
            #expect(try #require(html.formRow(of: doctors)).contains(#"value="3.2""#))
            #expect(html.contains(#"<input type="hidden" name="year" value="2021">"#))
            #expect(html.contains("1 项需要更正，见下方标注"))
            #expect(try await Self.submissionCount(fixture.database) == before)

            // Corrected: stored, and the message says what.
            let stored = try await client.postForm("/data", session: reporter, page: refused, fields: [
                ("region", "130522"), ("year", "2021"), ("value-\(contracts)", "88"), ("value-\(cards)", "91"), ("value-\(doctors)", "3.2"),
            ])
            #expect(stored.status == .ok)
            let submission = try await Self.latestSubmission(fixture.database)
            #expect(stored.bodyText.contains(
                "已提交 3 项数据：企业劳动合同签订率 88%、持卡人覆盖率 91%、每万人口全科医生数 3.2名（报送 #\(submission)），等待审核"))

            // The reviewer sees each value beside last year's and the change.
            let reviewer = try await client.browserLogin(username: "reviewer", password: TestServer.password)
            let page = try await client.execute(uri: "/submissions/\(submission)", method: .get, headers: reviewer.headers)
            #expect(page.status == .ok)
            #expect(page.bodyText.contains("<td>88 <small>%</small></td><td>—</td><td>80</td><td>+8（+10.0%）</td>"))
            #expect(page.bodyText.contains("<td>3.20 <small>名</small></td><td>—</td><td>3</td><td>+0.20（+6.7%）</td>"))
            let detail = try await client.json(.get, "/api/v1/submissions/\(submission)", token: fixture.reviewerToken)
            #expect(detail.status == .ok)
            let values = try #require(try detail.object["values"] as? [[String: Any]])
            let contractsValue = try #require(values.first { $0["indicatorID"] as? Int == contracts })
            #expect(contractsValue["value"] as? Double == 88)
            #expect(contractsValue["previousYearValue"] as? Double == 80)
            #expect(contractsValue["change"] as? Double == 8)
            #expect(contractsValue["changePercent"] as? Double == 10)
            #expect(try detail.object["mayReview"] as? Bool == true)
            let spec = try OpenAPITests.loadSpec()
            let schema = try #require(((((spec["paths"] as? [String: Any])?["/api/v1/submissions/{id}"] as? [String: Any])?["get"]
                as? [String: Any])?["responses"] as? [String: Any])?["200"] as? [String: Any])
            let documented = try #require(((schema["content"] as? [String: Any])?["application/json"] as? [String: Any])?["schema"])
            #expect(SchemaCheck(spec: spec).problems(try JSONSerialization.jsonObject(with: Data(detail.bodyText.utf8)),
                                                     against: documented, at: "GET /api/v1/submissions/\(submission)") == [])

            // Returning needs a reason; the refusal says so and changes nothing.
            let noReason = try await client.postForm("/submissions/\(submission)/review", session: reviewer, page: page,
                                                     fields: [("comment", ""), ("decision", "return")])
            #expect(noReason.status == .unprocessableContent)
            #expect(noReason.bodyText.contains("退回时请说明原因"))
            #expect(noReason.bodyText.contains("<textarea name=\"comment\" rows=\"3\"></textarea>"))
            let comment = "全科医生数请附统计口径说明"
            let returned = try await client.postForm("/submissions/\(submission)/review", session: reviewer, page: noReason,
                                                     fields: [("comment", comment), ("decision", "return")])
            #expect(returned.status == .found)
            let afterReturn = try await client.json(.get, "/api/v1/submissions/\(submission)", token: fixture.reviewerToken)
            #expect((try afterReturn.object["submission"] as? [String: Any])?["status"] as? String == "returned")

            // The reporter finds the returned figures in the form, with the comment, and on their list.
            let back = try await client.execute(uri: "/data?region=130522&year=2021", method: .get, headers: reporter.headers)
            #expect(back.bodyText.contains(comment))
            #expect(try #require(back.bodyText.formRow(of: contracts)).contains(#"value="88""#))
            #expect(try #require(back.bodyText.formRow(of: doctors)).contains(#"value="3.2""#))
            #expect(try #require(back.bodyText.formRow(of: doctors)).contains("已退回"))
            let list = try await client.execute(uri: "/submissions", method: .get, headers: reporter.headers)
            #expect(list.bodyText.contains("审核意见：\(comment)"))

            // Resubmitted as it stands, approved by the reviewer.
            let resubmitted = try await client.postForm("/data", session: reporter, page: back, fields: [
                ("region", "130522"), ("year", "2021"), ("value-\(contracts)", "88"), ("value-\(cards)", "91"), ("value-\(doctors)", "3.4"),
            ])
            #expect(resubmitted.status == .ok)
            let second = try await Self.latestSubmission(fixture.database)
            #expect(second != submission)
            let secondPage = try await client.execute(uri: "/submissions/\(second)", method: .get, headers: reviewer.headers)
            let approved = try await client.postForm("/submissions/\(second)/review", session: reviewer, page: secondPage,
                                                     fields: [("comment", "核实无误"), ("decision", "approve")])
            #expect(approved.status == .found)
            let points = try await client.json(.get, "/api/v1/observations?indicator=\(doctors)&region=130522").object
            #expect((points["items"] as? [[String: Any]])?.map { "\($0["year"]!) \($0["value"]!) \($0["status"]!)" } == [
                "2020 3 approved", "2021 3.4 approved",
            ])
            // Approved figures are changed only through an explicit correction.
            let done = try await client.execute(uri: "/data?region=130522&year=2021", method: .get, headers: reporter.headers)
            let doctorsRow = try #require(done.bodyText.formRow(of: doctors))
            #expect(doctorsRow.contains("3.4 <span class=\"badge\">已审核</span>"))
            #expect(doctorsRow.contains("<details><summary>提交更正</summary><input name=\"value-\(doctors)\" value=\"\""))
            #expect(!done.bodyText.contains(comment))
        }
    }

    @Test(arguments: TestEngine.all)
    func nobodyReviewsTheirOwnSubmission(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, fixture in
            _ = try await client.makeNamedIndicator(fixture, code: "HR-1", name: "企业劳动合同签订率", unit: "%")
            // The administrator may both submit and review, but not their own figures.
            let own = try await client.json(.post, "/api/v1/observations", token: fixture.adminToken,
                                            body: #"{"rows":[{"region":"130522","indicator":"HR-1","year":2021,"value":70}]}"#)
            let id = try #require((try own.object["submission"] as? [String: Any])?["id"] as? Int)
            let detail = try await client.json(.get, "/api/v1/submissions/\(id)", token: fixture.adminToken)
            #expect(try detail.object["mayReview"] as? Bool == false)
            let refused = try await client.json(.post, "/api/v1/submissions/\(id)/approve", token: fixture.adminToken)
            #expect(refused.status == .forbidden)
            #expect(refused.bodyText.contains("不能审核自己提交的数据"))
            let admin = try await client.browserLogin(username: "admin", password: TestServer.password)
            let page = try await client.execute(uri: "/submissions/\(id)", method: .get, headers: admin.headers)
            #expect(page.bodyText.contains("这是您提交的数据，须由他人审核。"))
            #expect(!page.bodyText.contains("action=\"/submissions/\(id)/review\""))
            let posted = try await client.postForm("/submissions/\(id)/review", session: admin, page: page,
                                                   fields: [("comment", "ok"), ("decision", "approve")])
            #expect(posted.status == .forbidden)
        }
    }

    @Test(arguments: TestEngine.all)
    func anUploadedFileIsKeptWithItsSubmissionForTheReviewer(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, fixture in
            _ = try await client.makeNamedIndicator(fixture, code: "HR-1", name: "企业劳动合同签订率", unit: "%")
            let csv = Data("地区,指标,年份,数值\n临城县,HR-1,2021,70\n".utf8)
            let uploaded = try await client.upload(csv, filename: "linchen-2021.csv", token: fixture.linchenToken)
            #expect(uploaded.status == .created)
            let id = try #require((try uploaded.object["submission"] as? [String: Any])?["id"] as? Int)
            let reviewer = try await client.browserLogin(username: "reviewer", password: TestServer.password)
            let page = try await client.execute(uri: "/submissions/\(id)", method: .get, headers: reviewer.headers)
            #expect(page.bodyText.contains("<a href=\"/submissions/\(id)/file\">下载上传的文件（linchen-2021.csv）</a>"))
            let file = try await client.execute(uri: "/submissions/\(id)/file", method: .get, headers: reviewer.headers)
            #expect(file.status == .ok)
            #expect(file.headers[.contentType] == "text/csv")
            #expect(file.headers[.contentDisposition] == "attachment; filename=\"linchen-2021.csv\"; filename*=UTF-8''linchen-2021.csv")
            #expect(Data(buffer: file.body) == csv)
            // Figures typed into the web form come with no file.
            let typed = try await client.json(.post, "/api/v1/observations", token: fixture.linchenToken,
                                              body: #"{"rows":[{"region":"130522","indicator":"HR-1","year":2020,"value":60}]}"#)
            let typedID = try #require((try typed.object["submission"] as? [String: Any])?["id"] as? Int)
            let none = try await client.execute(uri: "/submissions/\(typedID)/file", method: .get, headers: reviewer.headers)
            #expect(none.status == .notFound)
        }
    }

    @Test(arguments: TestEngine.all)
    func plannersAssignALeadDepartmentThatMustExist(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, fixture in
            let id = try await client.makeNamedIndicator(fixture, code: "ED-1", name: "九年义务教育巩固率", unit: "%")
            let department = try await client.json(.post, "/api/v1/departments", token: fixture.plannerToken,
                                                   body: #"{"regionCode":"130500","name":"邢台市教育局"}"#)
            let departmentID = try #require(try department.object["id"] as? Int)
            let assigned = try await client.json(.patch, "/api/v1/indicators/\(id)", token: fixture.plannerToken,
                                                 body: #"{"departmentId":\#(departmentID)}"#)
            #expect(assigned.status == .ok)
            #expect(try assigned.object["departmentID"] as? Int == departmentID)
            let unknown = try await client.json(.patch, "/api/v1/indicators/\(id)", token: fixture.plannerToken, body: #"{"departmentId":999}"#)
            #expect(unknown.status == .unprocessableContent)
            #expect(unknown.bodyText.contains("部门 999 不存在"))
            // Other changes leave it alone; null removes it.
            let renamed = try await client.json(.patch, "/api/v1/indicators/\(id)", token: fixture.plannerToken, body: #"{"unit":"%"}"#)
            #expect(try renamed.object["departmentID"] as? Int == departmentID)
            let removed = try await client.json(.patch, "/api/v1/indicators/\(id)", token: fixture.plannerToken, body: #"{"departmentId":null}"#)
            #expect(try removed.object["departmentID"] == nil)

            // The indicator page's edit form offers the planner's region's departments.
            let planner = try await client.browserLogin(username: "planner", password: TestServer.password)
            let page = try await client.execute(uri: "/indicators/\(id)?region=130500", method: .get, headers: planner.headers)
            #expect(page.bodyText.contains("<option value=\"\(departmentID)\">邢台市教育局</option>"))
            let posted = try await client.postForm("/indicators/\(id)", session: planner, page: page, fields: [
                ("direction", "higher"), ("binding", "expected"), ("department", String(departmentID)), ("region", "130500"),
            ])
            #expect(posted.status == .found)
            #expect(try await IndicatorStore(fixture.database.sql).indicator(id: Int64(id))?.departmentID == Int64(departmentID))
        }
    }
}

/// A department editor's day on the demo: only their department's indicators, on the form and in
/// the warnings filtered by department.
@Suite struct DepartmentOwnershipTests {
    @Test(arguments: TestEngine.all)
    func anEducationEditorSeesOnlyEducationIndicatorsAndTheirWarnings(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, holding: .demo()) { database in
            let education = try #require(try await DepartmentStore(database.sql).departments(in: DemoData.city)
                .first { $0.name == "邢台市教育局" })
            let indicators = try await IndicatorStore(database.sql).indicators()
            let educationIDs = Set(indicators.filter { $0.departmentID == education.id }.map(\.id))
            #expect(indicators.filter { educationIDs.contains($0.id) }.map(\.name).sorted() == [
                "免费教育", "盲人高中部", "聋人高中部", "面向全省招生的残疾人中等职业学校",
            ])
            let services = try await JunhengServices.make(
                database: database, configuration: ServerConfiguration(port: 0, database: database.location))
            let app = buildApplication(services: services, logger: TestDatabase.logger)
            try await app.test(.router) { client in
                let editor = try await client.browserLogin(username: "edu-editor", password: DemoData.password)
                let form = try await client.execute(uri: "/data?region=130500&year=2020", method: .get, headers: editor.headers)
                #expect(form.status == .ok)
                let inputs = form.bodyText.matches(of: #/name="value-(\d+)"/#).compactMap { Int64($0.output.1) }
                #expect(!inputs.isEmpty)
                #expect(Set(inputs).isSubset(of: educationIDs))
                #expect(!form.bodyText.contains("企业劳动合同签订率"))

                let warnings = try await client.json(.get, "/api/v1/warnings?region=130500&department=\(education.id)")
                let items = try #require(try warnings.object["items"] as? [[String: Any]])
                #expect(!items.isEmpty)
                #expect(Set(items.compactMap { ($0["indicatorID"] as? Int).map(Int64.init) }).isSubset(of: educationIDs))
                let all = try #require(try await client.json(.get, "/api/v1/warnings?region=130500").object["items"] as? [[String: Any]])
                #expect(all.count > items.count)
            }
        }
    }
}
