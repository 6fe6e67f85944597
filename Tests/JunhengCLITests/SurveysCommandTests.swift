import Foundation
import JunhengApp
import JunhengCLI
import JunhengCore
import Storage
import Testing

extension CommandTests {
    @Suite("junheng surveys")
    struct SurveysCommandTests {
        @Test func listsTheDemoSurveyAndPrintsItsResultsWithTheSmallCountySuppressed() async throws {
            try await CommandDatabase.with(holding: .demo(survey: true)) { db in
                let list = try await standardOutput { try await junheng(["surveys", "list"] + db.option) }
                #expect(list == "1\t130500\tclosed\t840\t邢台市2020年基本公共服务满意度调查（示例数据）\n")
                let csv = try await standardOutput { try await junheng(["surveys", "results", "1"] + db.option) }
                let rows = csv.split(whereSeparator: \.isNewline).map { $0.split(separator: ",", omittingEmptySubsequences: false) }
                let xinhe = rows.filter { $0.first == "130530" }
                #expect(xinhe.count == 10 && xinhe.allSatisfy { $0[4] == "是" && $0[6...].allSatisfy(\.isEmpty) })
                let city = try #require(rows.first { $0.first == "130500" && $0[2] == "综合" })
                #expect(Double(String(city[6])).map { (0...100).contains($0) } == true && city[10] == "36")
            }
        }

        @Test func marginsAreSetFromAFileOrThePopulationPointsAndCleared() async throws {
            try await CommandDatabase.with(holding: .demo(maps: true, survey: true)) { db in
                // The sexes add up to the population points' total, so the counties can join them.
                let total = try await db.app { app in
                    let codes = try await RegionStore(app.database.sql).subtreeCodes(of: RegionCode(rawValue: "130500")!).map(\.rawValue)
                    return try await FacilityStore(app.database.sql).populationPoints(in: codes).reduce(0) { $0 + $1.population }
                }
                let file = try db.file("人口.csv", "维度,类别,人口\n性别,男,\(total / 2)\n性别,女,\(total - total / 2)\n")
                let set = try await standardOutput {
                    try await junheng(["surveys", "margins", "1", file, "--source", "第七次全国人口普查"] + db.option)
                }
                #expect(set == "性别\t2 类\t合计 \(total) 人\n来源：第七次全国人口普查\n")
                let bad = try db.file("坏.csv", "维度,类别,人口\n性别,男,1\n性别,其他,1\n")
                await #expect(throws: JunhengError.invalid([ValidationIssue(field: "类别", reason: "“其他”不是“性别”的类别（应为男、女）",
                                                                            row: 3, column: "B")])) {
                    try await junheng(["surveys", "margins", "1", bad, "--source", "x"] + db.option)
                }
                let counties = try await standardOutput {
                    try await junheng(["surveys", "margins", "1", "--from-population-points"] + db.option)
                }
                #expect(counties == "地区\t18 类\t合计 \(total) 人\n性别\t2 类\t合计 \(total) 人\n"
                        + "来源：第七次全国人口普查；2020 年人口分布点（各下级地区合计）\n")
                let cleared = try await standardOutput { try await junheng(["surveys", "margins", "1", "--clear"] + db.option) }
                #expect(cleared == "已取消校准：估计值使用抽样设计权重\n")
                #expect(parseMessage(["surveys", "margins", "1", file])?.contains("--source is required with a margins file") == true)
                #expect(parseMessage(["surveys", "margins", "1", "--clear", "--from-population-points"])?.contains("one of them") == true)
            }
        }

        @Test func invitationsArePrintedOnceAsLinksWithTheirContacts() async throws {
            try await CommandDatabase.with(holding: .demo()) { db in
                let id = try await db.app { app in
                    let planner = Actor.user(try await UserStore(app.database.sql).user(username: "planner"), requestID: nil)
                    let survey = try await app.surveys.create(region: RegionCode(rawValue: "130500")!,
                                                              questionnaire: .standard(title: "电话调查"), actor: planner)
                    return String(try await app.surveys.setStatus(String(survey.id), to: .fielded, actor: planner).id)
                }
                let contacts = try db.file("联系人.txt", "张三 13800000001\n\n李四 13800000002\n")
                let csv = try await standardOutput {
                    try await junheng(["surveys", "invite", id, "--contacts", contacts, "--base-url", "https://jh.example.gov.cn/"] + db.option)
                }
                let lines = csv.split(whereSeparator: \.isNewline)
                #expect(lines.count == 3 && lines[0] == "链接,联系人")
                #expect(lines[1].hasPrefix("https://jh.example.gov.cn/s/") && lines[1].hasSuffix(",张三 13800000001"))
                let token = String(lines[2].dropFirst("https://jh.example.gov.cn/s/".count).prefix { $0 != "," })
                let opened = try await db.app { app in try await app.surveys.invited(token: token).id }
                #expect(String(opened) == id)
                #expect(parseMessage(["surveys", "invite", id, "--base-url", "x"])?.contains("give --count or --contacts") == true)
                try await db.app { app in _ = try await app.surveys.setStatus(id, to: .closed, actor: .system("test")) }
                await #expect(throws: JunhengError.conflict("调查当前为“已结束”，只有调查中的问卷可以填写")) {
                    try await junheng(["surveys", "invite", id, "--count", "1", "--base-url", "https://x"] + db.option)
                }
            }
        }

        @Test func aQuestionnaireIsPrintedAndAClosedSurveysRevisionBecomesTheNextVersion() async throws {
            try await CommandDatabase.with(holding: .demo(survey: true)) { db in
                let printed = try await standardOutput { try await junheng(["surveys", "questionnaire", "1"] + db.option) }
                var questionnaire = try JSONDecoder().decode(Questionnaire.self, from: Data(printed.utf8))
                #expect(questionnaire.questions.count == 10 && questionnaire.status == .closed)
                questionnaire.questions.removeLast()
                let file = db.path(of: "问卷.json")
                try JSONEncoder().encode(questionnaire).write(to: URL(fileURLWithPath: file))
                let revised = try await standardOutput { try await junheng(["surveys", "questionnaire", "1", "--set", file] + db.option) }
                #expect(revised == "调查 2：第 2 版，草稿\n")
                let bad = try db.file("坏.json", "{\"title\": 1}")
                await #expect(throws: JunhengError.self) { try await junheng(["surveys", "questionnaire", "2", "--set", bad] + db.option) }
            }
        }
    }
}
