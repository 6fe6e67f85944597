import Foundation
@testable import JunhengCore
@testable import JunhengServer
import Storage
import Testing

/// The warnings page shows a province's thousands of warnings a page at a time (issue 17: 5 MB of
/// page at 20M figures), with links that keep the filters; the downloads still hold them all.
@Suite struct WarningsPageTests {
    static let region = RegionCode(rawValue: "510000")!

    static func warnings(_ count: Int) -> [EarlyWarning] {
        (0..<count).map { index in
            EarlyWarning(kind: .missingData, indicatorID: Int64(index + 1), indicatorName: "指标\(index + 1)", regionCode: "510000",
                         regionName: "四川省", departmentID: nil, year: 2024, severity: "high", message: "缺少 2024 年数据")
        }
    }

    @Test func aLongListIsShownAPageAtATimeWithLinksThatKeepTheFilters() {
        let all = Self.warnings(450)
        let first = WarningsPage(region: Self.region, departments: [], selectedDepartment: 7, kind: .missingData,
                                 warnings: all, language: .chinese)
        #expect(first.count == 450 && first.warnings.count == 200)
        #expect(first.warnings.first?.indicatorName == "指标1" && first.warnings.last?.indicatorName == "指标200")
        #expect(first.range == "第 1–200 条，共 450 条")
        #expect(first.previous == nil)
        #expect(first.next == "/warnings?region=510000&department=7&kind=missing_data&page=2")

        let last = WarningsPage(region: Self.region, departments: [], selectedDepartment: nil, warnings: all, page: 3,
                                language: .english)
        #expect(last.warnings.map(\.indicatorName) == (401...450).map { "指标\($0)" })
        #expect(last.range == "Entries 401–450 of 450")
        #expect(last.previous == "/warnings?region=510000&page=2" && last.next == nil)

        // Past either end: the nearest page.
        let beyond = WarningsPage(region: Self.region, departments: [], selectedDepartment: nil, warnings: all, page: 99, language: .chinese)
        #expect(beyond.warnings.first?.indicatorName == "指标401")
        let before = WarningsPage(region: Self.region, departments: [], selectedDepartment: nil, warnings: all, page: -1, language: .chinese)
        #expect(before.warnings.first?.indicatorName == "指标1")
    }

    @Test func oneScreenfulHasNoPager() async throws {
        let page = WarningsPage(region: Self.region, departments: [], selectedDepartment: nil, warnings: Self.warnings(200), language: .chinese)
        #expect(page.warnings.count == 200 && page.range == nil && page.previous == nil && page.next == nil)

        let library = try await PageRenderer.loadLibrary()
        func html(_ content: WarningsPage) throws -> String {
            let chrome = PageChrome(language: .chinese, title: "预警", currentPath: "/warnings", csrf: "", user: nil, formError: nil)
            return try #require(library.render(PageContext(content: content, chrome: chrome), withTemplate: "Monitoring/warnings"))
        }
        #expect(try !html(page).contains("class=\"pager\""))
        let paged = try html(WarningsPage(region: Self.region, departments: [], selectedDepartment: nil, warnings: Self.warnings(201),
                                          language: .chinese))
        #expect(paged.contains("第 1–200 条，共 201 条"))
        #expect(paged.contains("href=\"/warnings?region=510000&amp;page=2\" rel=\"next\""))
        #expect(paged.components(separatedBy: "<tr class=").count - 1 == 200)
    }
}
