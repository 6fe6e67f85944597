import Foundation
import JunhengApp
import JunhengCLI
import JunhengCore
import Storage
import Testing

extension CommandTests {
    @Suite("junheng report")
    struct ReportCommandTests {
        @Test func writesTheAnnualReportAsHTMLAndItsFiguresAsJSON() async throws {
            try await CommandDatabase.with(holding: .demo()) { db in
                let html = db.path(of: "xingtai-2020.html")
                try await junheng(["report", "annual", "--region", "130500", "--year", "2020", "--format", "html", "-o", html] + db.option)
                let page = try String(contentsOfFile: html, encoding: .utf8)
                #expect(page.contains("<h1>邢台市2020年基本公共服务均等化监测报告</h1>"))
                #expect(page.contains("一、总体情况") && page.contains("均等化水平") && page.contains("附表1"))
                #expect(page.contains("@page") && page.contains("counter(pages)"), "the printed page numbers its pages")

                let json = db.path(of: "xingtai-2018.json")
                try await junheng(["report", "midterm", "--region", "130500", "--year", "2018", "--format", "json", "-o", json] + db.option)
                let figures = try JSONDecoder().decode(ReportFigures.self, from: Data(contentsOf: URL(fileURLWithPath: json)))
                #expect(figures.kind == .midterm && figures.year == 2018 && figures.children.count == 18)
                #expect(figures.indicators.allSatisfy { $0.values.allSatisfy { $0.year <= 2018 } })
            }
        }

        @Test func refusesAnUnknownFormatInWords() async throws {
            try await CommandDatabase.with { db in
                do {
                    try await junheng(["report", "annual", "--region", "130500", "--year", "2020", "--format", "odt"] + db.option)
                    Issue.record("the odt format was accepted")
                } catch {
                    #expect(JunhengCommand.message(for: error).contains("--format is html, pdf, docx, xlsx or json"))
                }
                #expect(parseMessage(["report", "annual", "--region", "130500", "--year", "twenty"])?.contains("year") == true)
            }
        }
    }
}
