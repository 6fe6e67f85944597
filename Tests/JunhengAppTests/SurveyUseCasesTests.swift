import Foundation
import JunhengApp
import JunhengCore
import JunhengTestSupport
import Storage
import Testing

/// Issue 13, surveys: a survey is created from the standard questionnaire, fielded, its responses
/// imported all or nothing with every bad cell named by its column letter, and its results given
/// by county × domain with intervals — a county under 30 respondents never shows a number.
@Suite("Satisfaction surveys")
struct SurveyUseCasesTests {
    static let xingtai = RegionCode(rawValue: "130500")!
    static let header = "地区代码,城乡,性别,年龄段,调查点,权重,Q1,Q2,Q3,Q4,Q5,Q6,Q7,Q8,Q9,Q10\n"

    static func row(_ region: String, _ residence: String = "农村", cluster: String, answer: String = "满意") -> String {
        "\(region),\(residence),男,30-44岁,\(cluster),1," + Array(repeating: answer, count: 9).joined(separator: ",") + ",\n"
    }

    @Test(arguments: TestEngine.all)
    func theDemoSurveyGivesCountyIndicesWithIntervalsAndSuppressesTheSmallSample(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, holding: .demo(survey: true)) { database in
            let app = JunhengApp(database: database)
            let anonymous = Actor.user(nil, requestID: nil)
            let survey = try #require(try await app.surveys.surveys(actor: anonymous).first)
            #expect(survey.questionnaire.status == .closed && survey.questionnaire.questions.count == 10)
            let results = try await app.surveys.results(survey)
            #expect(results.respondents == 17 * 48 + 24 && results.domains.count == 9)
            #expect(results.strata == 36 && results.clusters == 72)
            let overall = try #require(results.cell("130500", ""))
            #expect(overall.respondents == results.respondents && !overall.suppressed)
            let value = try #require(overall.value)
            #expect(try #require(overall.lowerBound) < value && value < (try #require(overall.upperBound)))
            #expect(overall.degreesOfFreedom == 36)

            // 新河县 drew 24 respondents: every one of its cells is a count and nothing else.
            let small = results.cells.filter { $0.regionCode == "130530" }
            #expect(small.count == 10 && small.allSatisfy { $0.suppressed && $0.value == nil && $0.lowerBound == nil })
            #expect(small.first { $0.domain == "" }?.respondents == 24)
            // Elsewhere a domain is estimated on those who have used the service.
            let lincheng = try #require(results.cell("130522", "学有所教"))
            #expect(lincheng.respondents < 48 && lincheng.respondents >= 30 && lincheng.value != nil)
            // The spread of the counties' indices is over the 17 published of 18, never over 新河县's missing one.
            let spread = try #require(results.spread)
            let published = results.cells.filter { $0.regionCode != "130500" && $0.domain == "" }.compactMap(\.value)
            #expect(spread.measured == 17 && spread.children == 18 && published.count == 17)
            #expect(spread.lowest == published.min() && spread.highest == published.max())
            #expect(try #require(spread.gini) > 0 && abs(try #require(spread.maxMinRatio) - published.max()! / published.min()!) < 1e-12)
            #expect(results.raking == nil)
        }
    }

    /// 40 men who answer 非常满意 (100) to everything and 40 women who answer 一般 (50), all aged
    /// 18-29 and 30-44 respectively, in two sampling points of one rural county.
    static func menAndWomen() -> String {
        var file = header
        for (sex, band, answer) in [("男", "18-29岁", "非常满意"), ("女", "30-44岁", "一般")] {
            for index in 0..<40 {
                file += "130522,农村,\(sex),\(band),\(index % 2 == 0 ? "a" : "b"),1,"
                    + Array(repeating: answer, count: 9).joined(separator: ",") + ",\n"
            }
        }
        return file
    }

    @Test(arguments: TestEngine.all)
    func marginsRakeTheWeightsAndMarginsThatCannotHoldAreSaid(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, holding: .demo()) { database in
            let app = JunhengApp(database: database)
            let planner = try await MapUseCasesTests.planner(database)
            let survey = try await app.surveys.create(region: Self.xingtai, questionnaire: .standard(title: "按性别校准"), actor: planner)
            let id = String(survey.id)
            _ = try await app.surveys.setStatus(id, to: .fielded, actor: planner)
            _ = try await app.surveys.importResponses(id, upload: .data(Data(Self.menAndWomen().utf8)), filename: "答卷.csv", actor: planner)
            #expect(try await app.surveys.results(try await app.surveys.survey(id, actor: planner)).cell("130500", "")?.value == 75)

            func upload(_ text: String, source: String = "第七次全国人口普查") async throws -> SurveyRecord {
                try await app.surveys.setMargins(id, upload: .data(Data(text.utf8)), filename: "人口.csv", source: source, actor: planner)
            }
            // Three men to every woman: the index is 0.75 × 100 + 0.25 × 50.
            let raked = try await upload("维度,类别,人口\n性别,男,\"3,000\"\n性别,女,1000\n")
            let results = try await app.surveys.results(raked)
            #expect(abs(try #require(results.cell("130500", "")?.value) - 87.5) < 1e-9)
            #expect(results.raking?.dimensions == [.sex] && results.raking?.source == "第七次全国人口普查")

            // A bad file changes nothing and names each cell; so do totals more than 1 % apart.
            do {
                _ = try await upload("维度,类别,人口\n性别,男,3000\n性别,未知,1000\n民族,汉,5\n年龄段,18-29岁,-1\n")
                Issue.record("a bad margins file was stored")
            } catch JunhengError.invalid(let issues) {
                #expect(issues.map(\.description) == [
                    "第 3 行 列 B：“未知”不是“性别”的类别（应为男、女）",
                    "第 4 行 列 A：维度应为“地区”“城乡”“性别”或“年龄段”，而不是“民族”",
                    "第 5 行 列 C：人口应为不小于 0 的数，而不是“-1”",
                ])
            }
            await #expect(throws: JunhengError.invalid([ValidationIssue(
                field: "ageBand", reason: "“年龄段”的人口合计 4100 与“性别”的合计 4000 相差超过 1%，不能同时满足：请核对人口数")])) {
                _ = try await upload("维度,类别,人口\n性别,男,3000\n性别,女,1000\n年龄段,18-29岁,3000\n年龄段,30-44岁,1100\n")
            }
            await #expect(throws: JunhengError.invalid([ValidationIssue(field: "source", reason: "请填写人口数据的来源（如：第七次全国人口普查）")])) {
                _ = try await upload("维度,类别,人口\n性别,男,1\n", source: " ")
            }
            #expect(try await app.surveys.survey(id, actor: planner).margins == raked.margins)

            // Every man is 18-29 and every woman 30-44: equal sexes and 70 % young cannot both hold.
            let impossible = try await upload("维度,类别,人口\n性别,男,50\n性别,女,50\n年龄段,18-29岁,70\n年龄段,30-44岁,30\n")
            await #expect(throws: JunhengError.self) { try await app.surveys.results(impossible) }
            do {
                _ = try await app.surveys.results(impossible)
            } catch JunhengError.invalid(let issues) {
                #expect(issues.first?.reason.hasPrefix("按人口结构校准权重未能收敛（1000 轮后仍相差") == true)
            }
            // A category with people but no respondents is named.
            let urban = try await upload("维度,类别,人口\n城乡,城镇,50\n城乡,农村,50\n")
            await #expect(throws: JunhengError.invalid([ValidationIssue(
                field: "margins", reason: "人口结构中“城乡”的“城镇”有人口但没有答卷，无法按它校准：请补充样本，或合并类别")])) {
                try await app.surveys.results(urban)
            }
            let cleared = try await app.surveys.clearMargins(id, actor: planner)
            let unraked = try await app.surveys.results(cleared)
            #expect(cleared.margins == nil && unraked.cell("130500", "")?.value == 75 && unraked.raking == nil)
        }
    }

    @Test func theRegionMarginComesFromThePopulationPoints() async throws {
        try await TestDatabase.with(.sqlite, holding: .demo(maps: true, survey: true)) { database in
            let app = JunhengApp(database: database)
            let planner = try await MapUseCasesTests.planner(database)
            let survey = try #require(try await app.surveys.surveys(actor: planner).first)
            let raked = try await app.surveys.setRegionMarginsFromPopulationPoints(String(survey.id), actor: planner)
            let counties = try #require(raked.margins?.populations[.region])
            let points = try await FacilityStore(database.sql).populationPoints(in: ["130522"])
            #expect(counties.count == 18 && counties["130522"] == Double(points.reduce(0) { $0 + $1.population }))
            #expect(raked.margins?.source == "2020 年人口分布点（各下级地区合计）")
            let results = try await app.surveys.results(raked)
            #expect(results.raking?.dimensions == [.region] && results.raking?.iterations == 1)
        }
    }

    @Test(arguments: TestEngine.all)
    func anImportWithABadRowStoresNothingAndNamesTheCell(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, holding: .demo()) { database in
            let app = JunhengApp(database: database)
            let planner = try await MapUseCasesTests.planner(database)
            let survey = try await app.surveys.create(region: Self.xingtai, questionnaire: .standard(title: "2021年满意度调查"),
                                                      actor: planner)
            let file = Self.header + Self.row("130522", cluster: "a") + Self.row("130522", "乡下", cluster: "b")
                + Self.row("130522", cluster: "c", answer: "很满意")
            await #expect(throws: JunhengError.conflict("调查当前为“草稿”，只有调查中的问卷可以导入答卷")) {
                try await app.surveys.importResponses(String(survey.id), upload: .data(Data(file.utf8)), filename: "答卷.csv", actor: planner)
            }
            _ = try await app.surveys.setStatus(String(survey.id), to: .fielded, actor: planner)
            do {
                _ = try await app.surveys.importResponses(String(survey.id), upload: .data(Data(file.utf8)), filename: "答卷.csv", actor: planner)
                Issue.record("a file with bad rows was imported")
            } catch JunhengError.invalid(let issues) {
                #expect(issues.first == ValidationIssue(field: "城乡", reason: "城乡应填写“城镇”或“农村”", row: 3, column: "B"))
                #expect(issues.filter { $0.row == 4 }.map(\.column) == ["G", "H", "I", "J", "K", "L", "M", "N", "O"])
                #expect(issues.last?.reason.hasPrefix("“很满意”不是量表上的选项（非常满意、满意、一般、不满意、非常不满意、未使用该服务）") == true)
            }
            #expect(try await SurveyStore(database.sql).responses(of: survey.id).isEmpty)

            let outside = Self.header + Self.row("510904", cluster: "a")
            await #expect(throws: JunhengError.invalid([ValidationIssue(field: "地区代码", reason: "地区代码 510904 不在本次调查的地区（130500）内",
                                                                        row: 2, column: "A")])) {
                try await app.surveys.importResponses(String(survey.id), upload: .data(Data(outside.utf8)), filename: "答卷.csv", actor: planner)
            }
            let good = Self.header + Self.row("130522", cluster: "a") + Self.row("130522", "城镇", cluster: "b", answer: "75")
            let stored = try await app.surveys.importResponses(String(survey.id), upload: .data(Data(good.utf8)), filename: "答卷.csv",
                                                               actor: planner)
            #expect(stored.responses == 2 && stored.total == 2)
        }
    }

    @Test(arguments: TestEngine.all)
    func aDraftIsItsMakersAndOnlyTheyMayRunIt(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, holding: .demo()) { database in
            let app = JunhengApp(database: database)
            let planner = try await MapUseCasesTests.planner(database)
            let linchen = try await MapUseCasesTests.user("linchen", in: database)
            let survey = try await app.surveys.create(region: Self.xingtai, questionnaire: .standard(title: "草稿调查"), actor: planner)
            #expect(try await app.surveys.surveys(actor: .user(nil, requestID: nil)).isEmpty)
            await #expect(throws: JunhengError.notFound("调查")) { try await app.surveys.survey(String(survey.id), actor: linchen) }
            await #expect(throws: JunhengError.self) { try await app.surveys.setStatus(String(survey.id), to: .fielded, actor: linchen) }
            _ = try await app.surveys.setStatus(String(survey.id), to: .fielded, actor: planner)
            #expect(try await app.surveys.survey(String(survey.id), actor: linchen).questionnaire.status == .fielded)
            await #expect(throws: JunhengError.conflict("问卷当前为“调查中”，不能改为“草稿”")) {
                try await app.surveys.setStatus(String(survey.id), to: .draft, actor: planner)
            }
        }
    }

    /// One respondent's form fields: every standard question answered 满意.
    static func answers(_ region: String, residence: String = "农村") -> [String: String] {
        ["地区代码": region, "城乡": residence, "性别": "女", "年龄段": "45-59岁"]
            .merging((1...9).map { ("Q\($0)", "满意") }) { $1 }
    }

    @Test(arguments: TestEngine.all)
    func anInterviewerEntersAnswersInTheirCountyAndAnInvitationIsAnsweredOnce(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, holding: .demo()) { database in
            let app = JunhengApp(database: database)
            let planner = try await MapUseCasesTests.planner(database)
            let linchen = try await MapUseCasesTests.user("linchen", in: database)
            let survey = try await app.surveys.create(region: Self.xingtai, questionnaire: .standard(title: "入户调查"), actor: planner)
            let id = String(survey.id)
            await #expect(throws: JunhengError.conflict("调查当前为“草稿”，只有调查中的问卷可以填写")) {
                try await app.surveys.interview(id, fields: Self.answers("130522"), actor: linchen)
            }
            _ = try await app.surveys.setStatus(id, to: .fielded, actor: planner)

            // Lincheng's interviewer enters Lincheng's respondents, not Neiqiu's; a bad answer is named.
            #expect(try await app.surveys.interview(id, fields: Self.answers("130522"), actor: linchen) == 1)
            await #expect(throws: JunhengError.self) { try await app.surveys.interview(id, fields: Self.answers("130523"), actor: linchen) }
            var bad = Self.answers("130522")
            bad["Q3"] = "还行"
            bad["城乡"] = nil
            await #expect(throws: JunhengError.invalid([
                ValidationIssue(field: "城乡", reason: "城乡应填写“城镇”或“农村”", column: "城乡"),
                ValidationIssue(field: "Q3", reason: "“还行”不是量表上的选项（非常满意、满意、一般、不满意、非常不满意、未使用该服务）", column: "Q3"),
            ])) { try await app.surveys.interview(id, fields: bad, actor: linchen) }
            let stored = try await SurveyStore(database.sql).responses(of: survey.id)
            #expect(stored.count == 1 && stored[0].regionCode == "130522" && stored[0].sex == .female && stored[0].cluster == nil)

            // Invitations: one link per contact, only the planner makes them; each link answers once.
            await #expect(throws: JunhengError.self) { try await app.surveys.invite(id, count: 1, contacts: [], actor: linchen) }
            await #expect(throws: JunhengError.invalid([ValidationIssue(field: "count", reason: "邀请数应在 1 到 5000 之间")])) {
                try await app.surveys.invite(id, count: 0, contacts: ["", "  "], actor: planner)
            }
            let invitations = try await app.surveys.invite(id, count: 0, contacts: ["张三 13800000001", "", "李四 13800000002"], actor: planner)
            #expect(invitations.map(\.contact) == ["张三 13800000001", "李四 13800000002"])
            #expect(Set(invitations.map(\.token)).count == 2 && invitations.allSatisfy { $0.token.count >= 40 })
            #expect(try await app.surveys.invited(token: invitations[0].token).id == survey.id)
            await #expect(throws: JunhengError.notFound("调查邀请")) { try await app.surveys.invited(token: "guessed") }

            var outside = Self.answers("510904")
            await #expect(throws: JunhengError.invalid([ValidationIssue(field: "地区代码", reason: "地区代码 510904 不在本次调查的地区（130500）内")])) {
                try await app.surveys.answer(token: invitations[0].token, fields: outside)
            }
            outside["地区代码"] = "130523"
            try await app.surveys.answer(token: invitations[0].token, fields: outside)
            let used = JunhengError.conflict("此邀请链接已经填写过问卷，每个链接只能填写一次。感谢您的参与！")
            await #expect(throws: used) { try await app.surveys.invited(token: invitations[0].token) }
            await #expect(throws: used) { try await app.surveys.answer(token: invitations[0].token, fields: outside) }
            let counts = try await app.surveys.invitationCounts(try await app.surveys.survey(id, actor: planner))
            #expect(counts.sent == 2 && counts.answered == 1)

            // The answers hold no contact and no way back to the invitation.
            let responses = try await SurveyStore(database.sql).responses(of: survey.id)
            #expect(responses.count == 2 && responses[1].regionCode == "130523")
            let rows = try await database.sql.raw("SELECT * FROM survey_responses").all()
            let columns = Set(rows.first?.allColumns ?? [])
            #expect(columns.isDisjoint(with: ["invitation_id", "contact", "token_hash"]))
            #expect(try await database.sql.raw("SELECT source FROM survey_responses ORDER BY id").all()
                .map { try $0.decode(column: "source", as: String.self) } == ["访员录入（linchen）", "邀请链接"])
        }
    }

    @Test(arguments: TestEngine.all)
    func aDraftIsEditedInPlaceAndAFieldedSurveyIsRevisedAsItsNextVersion(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, holding: .demo()) { database in
            let app = JunhengApp(database: database)
            let planner = try await MapUseCasesTests.planner(database)
            let survey = try await app.surveys.create(region: Self.xingtai, questionnaire: .standard(title: "试点"), actor: planner)
            var questions = survey.questionnaire.questions
            questions.append(SurveyQuestion(code: "Q11", text: "您家离最近的卫生室有多远（公里）？", kind: .number(minimum: 0, maximum: 100)))
            let edited = try await app.surveys.revise(String(survey.id), title: "试点（修改）", questions: questions, ageBands: nil, actor: planner)
            #expect(edited.id == survey.id && edited.questionnaire.version == 1 && edited.questionnaire.questions.count == 11)
            #expect(try await app.surveys.survey(String(survey.id), actor: planner).questionnaire.title == "试点（修改）")
            await #expect(throws: JunhengError.invalid([ValidationIssue(field: "questions[11]", reason: "问题 Q11：编号重复")])) {
                try await app.surveys.revise(String(survey.id), title: nil, questions: questions + [questions[10]], ageBands: nil,
                                             actor: planner)
            }

            // Fielded, with an answer: the questions stay; the revision is version 2, a new draft.
            _ = try await app.surveys.setStatus(String(survey.id), to: .fielded, actor: planner)
            var answers = Self.answers("130522")
            answers["Q11"] = "3.5"
            _ = try await app.surveys.interview(String(survey.id), fields: answers, actor: planner)
            let next = try await app.surveys.revise(String(survey.id), title: nil, questions: Array(questions.prefix(9)), ageBands: nil,
                                                    actor: planner)
            #expect(next.id != survey.id && next.questionnaire.version == 2 && next.questionnaire.status == .draft)
            #expect(next.questionnaire.title == "试点（修改）" && next.questionnaire.questions.count == 9)
            let kept = try await app.surveys.survey(String(survey.id), actor: planner)
            #expect(kept.questionnaire.questions.count == 11 && kept.questionnaire.status == .fielded)
            #expect(try await SurveyStore(database.sql).responses(of: survey.id).first?.answers["Q11"] == .number(3.5))
            let linchen = try await MapUseCasesTests.user("linchen", in: database)
            await #expect(throws: JunhengError.self) {
                try await app.surveys.revise(String(survey.id), title: nil, questions: questions, ageBands: nil, actor: linchen)
            }
        }
    }
}
