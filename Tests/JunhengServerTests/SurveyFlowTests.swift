import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JunhengApp
import JunhengCore
import JunhengTestSupport
import Storage
import Testing

/// Issue 13, surveys over HTTP: the demo survey's results with intervals, a suppressed county that
/// shows no number on the page, in the API or in the CSV export, and a survey run through the pages.
@Suite struct SurveyFlowTests {
    @Test(arguments: TestEngine.all)
    func aSuppressedCellNeverShowsANumberInThePageTheAPIOrTheExport(engine: TestEngine) async throws {
        try await TestServer.with(engine, demo: (maps: false, survey: true)) { client, fixture in
            let list = try await client.json(.get, "/api/v1/surveys")
            let survey = try #require((try list.object["items"] as? [[String: Any]])?.first)
            let id = try #require(survey["id"] as? Int)
            #expect(survey["status"] as? String == "closed" && survey["responses"] as? Int == 840)

            let results = try await client.json(.get, "/api/v1/surveys/\(id)/results").object
            let cells = try #require(results["cells"] as? [[String: Any]])
            let small = cells.filter { $0["regionCode"] as? String == "130530" }
            #expect(small.count == 10)
            #expect(small.allSatisfy { $0["suppressed"] as? Bool == true && $0["value"] == nil && $0["lowerBound"] == nil })
            let city = try #require(cells.first { $0["regionCode"] as? String == "130500" && $0["domain"] as? String == "" })
            #expect(city["value"] is Double && city["degreesOfFreedom"] as? Int == 36)
            let spread = try #require(results["spread"] as? [String: Any])
            #expect(spread["measured"] as? Int == 17 && spread["children"] as? Int == 18 && results["raking"] == nil)

            // The public home page of Xingtai shows the overall index with its interval and sample.
            let home = try await client.execute(uri: "/", method: .get, headers: [.accept: "text/html"]).bodyText
            let figures = try [city["value"], city["lowerBound"], city["upperBound"]].map { String(format: "%.1f", try #require($0 as? Double)) }
            #expect(home.contains("综合满意度 \(figures[0])（95% 置信区间 \(figures[1])–\(figures[2])，样本 840）"), "\(home)")

            let page = try await client.execute(uri: "/surveys/\(id)", method: .get, headers: [.accept: "text/html"]).bodyText
            let row = try #require(page.range(of: "<td>新河县</td>").map { page[$0.upperBound...].prefix(while: { $0 != "\n" }) })
            let beforeEnd = row.components(separatedBy: "</tr>").first ?? ""
            #expect(beforeEnd.contains("样本不足") && !beforeEnd.contains(#/\d+\.\d/#), "\(beforeEnd)")
            #expect(page.contains("共 840 份答卷；分层 36 个"))

            let csv = try await client.execute(uri: "/surveys/\(id)/results.csv", method: .get, headers: [:])
            let lines = csv.bodyText.split(whereSeparator: \.isNewline).map { $0.split(separator: ",", omittingEmptySubsequences: false) }
            let xinhe = lines.filter { $0.first == "130530" }
            #expect(xinhe.count == 10 && xinhe.allSatisfy { $0[4] == "是" && $0[6...].allSatisfy(\.isEmpty) })
        }
    }

    @Test(arguments: TestEngine.all)
    func aPlannerCreatesFieldsAndFillsASurveyThroughThePages(engine: TestEngine) async throws {
        try await TestServer.with(engine, demo: (maps: false, survey: false)) { client, fixture in
            let planner = try await client.browserLogin(username: "planner", password: TestServer.password)
            let list = try await client.execute(uri: "/surveys", method: .get, headers: planner.headers)
            var csrf = try #require(list.bodyText.csrfToken)
            var headers = planner.headers
            headers[.contentType] = "application/x-www-form-urlencoded"
            let created = try await client.execute(uri: "/surveys", method: .post, headers: headers,
                                                   body: ByteBuffer(string: "_csrf=\(csrf)&region=130500&title=%E8%AF%95%E7%82%B9"))
            #expect(created.status == .found)
            let location = try #require(created.headers[.location])
            let draft = try await client.execute(uri: location, method: .get, headers: planner.headers)
            csrf = try #require(draft.bodyText.csrfToken)
            let fielded = try await client.execute(uri: "\(location)/status", method: .post, headers: headers,
                                                   body: ByteBuffer(string: "_csrf=\(csrf)&status=fielded"))
            #expect(fielded.status == .found)

            let page = try await client.execute(uri: location, method: .get, headers: planner.headers)
            csrf = try #require(page.bodyText.csrfToken)
            let bad = "地区代码,城乡,Q1,Q2,Q3,Q4,Q5,Q6,Q7,Q8,Q9\n130522,乡下,满意,满意,满意,满意,满意,满意,满意,满意,满意\n"
            let form = PagePathTests.multipart(file: bad, filename: "答卷.csv", fields: ["_csrf": csrf])
            var upload = planner.headers
            upload[.contentType] = form.contentType
            let refused = try await client.execute(uri: "\(location)/responses", method: .post, headers: upload,
                                                   body: ByteBuffer(string: form.body))
            #expect(refused.status == .unprocessableContent && refused.bodyText.contains("城乡应填写“城镇”或“农村”"))
            #expect(refused.bodyText.contains("第 2 行") && refused.bodyText.contains("列 B"))
            let id = Int64(location.split(separator: "/").last!)!
            #expect(try await SurveyStore(fixture.database.sql).responses(of: id).isEmpty)

            // Margins: a refused table keeps the source typed and stores nothing; an accepted one is said under the table.
            func postMargins(_ table: String, source: String) async throws -> TestResponse {
                let form = PagePathTests.multipart(file: table, filename: "人口.csv", fields: ["_csrf": csrf, "source": source])
                var headers = planner.headers
                headers[.contentType] = form.contentType
                return try await client.execute(uri: "\(location)/margins", method: .post, headers: headers, body: ByteBuffer(string: form.body))
            }
            let badMargins = try await postMargins("维度,类别,人口\n性别,男,10\n性别,男,12\n", source: "第七次人口普查（邢台）")
            #expect(badMargins.status == .unprocessableContent && badMargins.bodyText.contains("“性别”的“男”出现了两次"))
            #expect(badMargins.bodyText.contains("value=\"第七次人口普查（邢台）\""))
            #expect(try await SurveyStore(fixture.database.sql).survey(id)?.margins == nil)
            let good = "地区代码,城乡,性别,调查点,Q1,Q2,Q3,Q4,Q5,Q6,Q7,Q8,Q9\n" + (0..<4).map { index in
                "130522,农村,\(index < 2 ? "男" : "女"),\(index % 2 == 0 ? "a" : "b"),满意,满意,满意,满意,满意,满意,满意,满意,满意\n"
            }.joined()
            let answers = PagePathTests.multipart(file: good, filename: "答卷.csv", fields: ["_csrf": csrf])
            upload[.contentType] = answers.contentType
            #expect(try await client.execute(uri: "\(location)/responses", method: .post, headers: upload,
                                             body: ByteBuffer(string: answers.body)).status == .created)
            let accepted = try await postMargins("维度,类别,人口\n性别,男,510\n性别,女,490\n", source: "第七次人口普查（邢台）")
            #expect(accepted.status == .found && accepted.headers[.location] == "\(location)#margins")
            let raked = try await client.execute(uri: location, method: .get, headers: planner.headers).bodyText
            #expect(raked.contains("权重已按人口结构（性别）校准，迭代 1 轮；人口数据来源：第七次人口普查（邢台）。"))
            #expect(raked.contains("性别：2 类，合计 1,000 人"))
            // One county answered: no spread of counties is made of it.
            #expect(raked.contains("少于两个下级地区有公布的综合指数，不计算地区差异。"))
        }
    }

    /// Posts form fields percent-encoded as a browser sends them, with the given cookie header.
    static func post(_ client: any TestClientProtocol, _ uri: String, cookie: String, _ fields: [(String, String)])
        async throws -> TestResponse {
        let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~")
        let body = fields.map { "\($0.0.addingPercentEncoding(withAllowedCharacters: unreserved)!)=\($0.1.addingPercentEncoding(withAllowedCharacters: unreserved)!)" }
            .joined(separator: "&")
        return try await client.execute(uri: uri, method: .post,
                                        headers: [.contentType: "application/x-www-form-urlencoded", .cookie: cookie, .accept: "text/html"],
                                        body: ByteBuffer(string: body))
    }

    @Test(arguments: TestEngine.all)
    func anInvitedRespondentAnswersOnceByLinkAndAnInterviewerGetsAFreshForm(engine: TestEngine) async throws {
        try await TestServer.with(engine, demo: (maps: false, survey: false)) { client, fixture in
            let app = JunhengApp(database: fixture.database)
            let plannerActor = Actor.user(try #require(try await UserStore(fixture.database.sql).user(username: "planner")), requestID: nil)
            let survey = try await app.surveys.create(region: RegionCode(rawValue: "130500")!, questionnaire: .standard(title: "入户调查"),
                                                      actor: plannerActor)
            _ = try await app.surveys.setStatus(String(survey.id), to: .fielded, actor: plannerActor)
            let answers = [("地区代码", "130522"), ("城乡", "城镇"), ("性别", "男"), ("年龄段", "60岁及以上")]
                + (1...9).map { ("Q\($0)", $0 == 4 ? "未使用该服务" : "满意") }

            // The planner makes a link: refused with what was typed kept, then downloaded as CSV.
            let planner = try await client.browserLogin(username: "planner", password: TestServer.password)
            let cookie = planner.cookies
            var csrf = try #require(try await client.execute(uri: "/surveys/\(survey.id)", method: .get, headers: planner.headers)
                .bodyText.csrfToken)
            let refused = try await Self.post(client, "/surveys/\(survey.id)/invitations", cookie: cookie,
                                              [("_csrf", csrf), ("count", "9999"), ("contacts", "")])
            #expect(refused.status == .unprocessableContent && refused.bodyText.contains("邀请数应在 1 到 5000 之间"))
            #expect(refused.bodyText.contains("name=\"count\" min=\"1\" max=\"5000\" value=\"9999\""))
            let made = try await Self.post(client, "/surveys/\(survey.id)/invitations", cookie: cookie,
                                           [("_csrf", csrf), ("count", ""), ("contacts", "王五 13800000003")])
            #expect(made.status == .ok && made.headers[.contentType]?.hasPrefix("text/csv") == true)
            let token = try #require(made.bodyText.firstMatch(of: /\/s\/([A-Za-z0-9_-]+),王五 13800000003/)?.1).description

            // The respondent opens the link without signing in: a missing answer keeps the others.
            let form = try await client.execute(uri: "/s/\(token)", method: .get, headers: [.accept: "text/html"])
            #expect(form.status == .ok && form.bodyText.contains("type=\"radio\" name=\"Q1\" value=\"非常满意\""))
            #expect(!form.bodyText.contains("name=\"调查点\""))
            let pre = "jh_pre=\(try #require(form.cookie(named: "jh_pre")))"
            csrf = try #require(form.bodyText.csrfToken)
            let incomplete = try await Self.post(client, "/s/\(token)", cookie: pre, [("_csrf", csrf)] + answers.filter { $0.0 != "Q9" })
            #expect(incomplete.status == .unprocessableContent && incomplete.bodyText.contains("必答题未作答"))
            #expect(incomplete.bodyText.contains("value=\"城镇\" required checked"))
            let sent = try await Self.post(client, "/s/\(token)", cookie: pre, [("_csrf", csrf)] + answers)
            #expect(sent.status == .created && sent.bodyText.contains("您的回答已提交"))
            let again = try await client.execute(uri: "/s/\(token)", method: .get, headers: [.accept: "text/html"])
            #expect(again.status == .conflict && again.bodyText.contains("此邀请链接已经填写过问卷"))
            #expect(try await client.execute(uri: "/s/nosuchtoken", method: .get, headers: [.accept: "text/html"]).status == .notFound)

            // Lincheng's interviewer: after saving, a fresh form keeping the region and sampling point.
            let linchen = try await client.browserLogin(username: "linchen", password: TestServer.password)
            let interview = try await client.execute(uri: "/surveys/\(survey.id)/interview", method: .get, headers: linchen.headers)
            #expect(interview.status == .ok && interview.bodyText.contains("name=\"调查点\""))
            let saved = try await Self.post(client, "/surveys/\(survey.id)/interview", cookie: linchen.cookies,
                                            [("_csrf", try #require(interview.bodyText.csrfToken)), ("调查点", "临城镇东街社区")] + answers)
            #expect(saved.status == .created && saved.bodyText.contains("已保存。本调查共 2 份答卷。"))
            #expect(saved.bodyText.contains("<option value=\"130522\" selected>") && saved.bodyText.contains("value=\"临城镇东街社区\""))
            #expect(!saved.bodyText.contains("value=\"满意\" required checked"))
            let stored = try await SurveyStore(fixture.database.sql).responses(of: survey.id)
            #expect(stored.map(\.cluster) == [nil, "临城镇东街社区"])
            #expect(stored[0].answers["Q4"] == .satisfaction(.notUsed) && stored[0].residence == .urban)
        }
    }

    @Test(arguments: TestEngine.all)
    func theBuilderAddsAQuestionKeepsARefusedFormAndRevisesAFieldedSurveyAsANewVersion(engine: TestEngine) async throws {
        try await TestServer.with(engine, demo: (maps: false, survey: true)) { client, fixture in
            let planner = try await client.browserLogin(username: "planner", password: TestServer.password)
            // The demo survey is closed: its builder saves a new version.
            let builder = try await client.execute(uri: "/surveys/1/questionnaire", method: .get, headers: planner.headers)
            #expect(builder.status == .ok && builder.bodyText.contains("保存将生成第 2 版"))
            #expect(builder.bodyText.contains("name=\"q9.code\" maxlength=\"20\" value=\"Q10\"") && builder.bodyText.contains("name=\"count\" value=\"11\""))
            let csrf = try #require(builder.bodyText.csrfToken)
            var fields: [(String, String)] = [("_csrf", csrf), ("title", "邢台市2021年满意度调查"), ("count", "11"),
                                              ("ageBands", "18-29岁\n30-44岁\n45-59岁\n60岁及以上")]
            for index in 0..<9 {
                fields += [("q\(index).code", "Q\(index + 1)"), ("q\(index).text", "第 \(index + 1) 个领域满意吗？"),
                           ("q\(index).kind", "satisfaction"), ("q\(index).domain", Questionnaire.catalogueDomains[index]),
                           ("q\(index).required", "1")]
            }
            fields += [("q9.code", "Q10"), ("q9.text", "意见"), ("q9.kind", "text"), ("q9.removed", "1")]
            let newQuestion: [(String, String)] = [("q10.code", "Q11"), ("q10.text", "您最常去哪里看病？"), ("q10.kind", "singleChoice"),
                                                    ("q10.required", "1")]
            // One option only: refused, the typed text kept.
            let refused = try await Self.post(client, "/surveys/1/questionnaire", cookie: planner.cookies,
                                              fields + newQuestion + [("q10.options", "村卫生室")])
            #expect(refused.status == .unprocessableContent && refused.bodyText.contains("问题 Q11：至少需要两个选项"))
            #expect(refused.bodyText.contains("value=\"您最常去哪里看病？\"") && refused.bodyText.contains(">村卫生室</textarea>"))
            #expect(try await SurveyStore(fixture.database.sql).surveys().count == 1)

            let saved = try await Self.post(client, "/surveys/1/questionnaire", cookie: planner.cookies,
                                            fields + newQuestion + [("q10.options", "村卫生室\n乡镇卫生院")])
            #expect(saved.status == .found && saved.headers[.location] == "/surveys/2")
            let revised = try #require(try await SurveyStore(fixture.database.sql).survey(2))
            #expect(revised.questionnaire.version == 2 && revised.questionnaire.title == "邢台市2021年满意度调查")
            #expect(revised.questionnaire.questions.map(\.code) == (1...9).map { "Q\($0)" } + ["Q11"])
            #expect(revised.questionnaire.questions.last?.kind == .singleChoice(options: ["村卫生室", "乡镇卫生院"]))
            #expect(try await SurveyStore(fixture.database.sql).survey(1)?.questionnaire.questions.count == 10)
            // Someone who may not run the survey gets no builder.
            let linchen = try await client.browserLogin(username: "linchen", password: TestServer.password)
            #expect(try await client.execute(uri: "/surveys/1/questionnaire", method: .get, headers: linchen.headers).status == .forbidden)
        }
    }
}
