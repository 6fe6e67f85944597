import Foundation
import JunhengApp
import JunhengCLI
import JunhengCore
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
    }
}
