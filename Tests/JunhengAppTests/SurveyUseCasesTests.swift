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
}
