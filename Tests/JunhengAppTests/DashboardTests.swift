import Foundation
import JunhengApp
import JunhengCore
import JunhengTestSupport
import Storage
import Testing

/// The home page's dashboards (issue 12, item 5): what each role sees, on a small panel of three
/// indicators targeted by Xingtai for 2020 (so 2020 is the year due whatever today is).
@Suite struct DashboardTests {
    static let xingtai = AccessRuleTests.xingtai
    static let linCheng = AccessRuleTests.linCheng
    static let system = AccessRuleTests.system

    /// The panel: A (binding) approved in the city and Lincheng for 2019 and 2020; B (expected)
    /// approved in the city for 2020, pending from Lincheng; C (binding) approved in both for 2019,
    /// its 2020 figure pending in the city and missing in Lincheng.
    struct Panel {
        let app: JunhengApp
        let planner: Actor
        let reviewer: Actor
        let linchen: Actor
        let citySubmission: SubmissionRecord
        let linchenSubmission: SubmissionRecord
    }

    static func panel(_ database: JunhengDatabase) async throws -> Panel {
        let app = JunhengApp(database: database, settings: AppSettings(today: CalendarDay(year: 2022, month: 6, day: 1),
                                                                      homeRegion: xingtai))
        let planner = try await AccessRuleTests.user(app, "planner", role: .planner, region: xingtai)
        let reviewer = try await AccessRuleTests.user(app, "reviewer", role: .reviewer, region: xingtai)
        let linchen = try await AccessRuleTests.user(app, "linchen", role: .regionReporter, region: linCheng)
        for (code, name, binding) in [("A", "学前三年毛入园率", Binding.binding), ("B", "每千人床位数", .expected),
                                      ("C", "九年义务教育巩固率", .binding)] {
            let indicator = try await app.monitoring.createIndicator(
                IndicatorRecord(code: code, name: name, unit: "%", binding: binding), actor: system)
            _ = try await app.monitoring.setTarget(TargetRecord(indicatorID: indicator.id, regionCode: xingtai, baselineYear: nil,
                                                                baselineValue: nil, targetYear: 2020, targetValue: 95), actor: system)
        }
        _ = try await app.monitoring.importFile(Data("""
            地区,指标,年份,数值
            130500,A,2019,80
            130500,A,2020,85
            130500,B,2020,100
            130500,C,2019,90
            130522,A,2019,70
            130522,A,2020,72
            130522,C,2019,88
            """.utf8), filename: "approved.csv", scope: nil, approvalComment: "示例", actor: system)
        let city = try await app.monitoring.importFile(Data("地区,指标,年份,数值\n130500,C,2020,95\n".utf8), filename: "city.csv",
                                                       scope: nil, approvalComment: nil, actor: planner)
        let county = try await app.monitoring.importFile(Data("地区,指标,年份,数值\n130522,B,2020,5\n".utf8), filename: "county.csv",
                                                         scope: nil, approvalComment: nil, actor: linchen)
        return Panel(app: app, planner: planner, reviewer: reviewer, linchen: linchen, citySubmission: city.submission,
                     linchenSubmission: county.submission)
    }

    @Test(arguments: TestEngine.all)
    func thePublicSeesApprovedHeadlineFiguresOnlyAndNothingOfTheWork(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let panel = try await Self.panel(database)
            let home = try await panel.app.dashboard.home(actor: Actor(.anonymous))
            #expect(home.region.code == Self.xingtai)
            #expect(home.planning == nil && home.review == nil && home.reporting == nil)
            let view = try #require(home.publicView)
            #expect(view.catalogue == nil, "Xingtai has published no catalogue")
            #expect(view.latestReport == nil)
            // Binding indicators first; C's pending 2020 figure (95) never shows: its latest is 2019's 90.
            let headlines = view.headlines.map { "\($0.row.indicator.code) \($0.year) \($0.value)" }
            #expect(headlines.prefix(2).sorted() == ["A 2020 85.0", "C 2019 90.0"])
            #expect(headlines.last == "B 2020 100.0")
            #expect(view.headlines.allSatisfy { $0.row.pendingValues.isEmpty && $0.row.values.values.allSatisfy { $0 != 95 } })
            let children = try await panel.app.regions.children(of: Self.xingtai).count
            #expect(view.headlines.map(\.children) == [children, children, children])
            // Lincheng reported A for 2020 and C for 2019; its B for 2020 still awaits review.
            #expect(view.headlines.map { "\($0.row.indicator.code) \($0.childrenReporting)" }.sorted() == ["A 1", "B 0", "C 1"])
        }
    }

    @Test(arguments: TestEngine.all)
    func aCountyReporterSeesExactlyTheIndicatorsLackingItsDueYearFigure(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let panel = try await Self.panel(database)
            var reporting = try #require(try await panel.app.dashboard.home(actor: panel.linchen).reporting)
            #expect(reporting.region == Self.linCheng)
            // A is approved and B awaits review: only C is still to report, by 31 March 2021.
            #expect(reporting.missingFigures.map(\.indicator.code) == ["C"])
            #expect(reporting.missingFigures.map(\.year) == [2020])
            #expect(reporting.missingFigures.map(\.deadline) == [CalendarDay(year: 2021, month: 3, day: 31)!])
            #expect(reporting.returnedSubmissions.isEmpty)
            #expect(reporting.taskReports.due.isEmpty && reporting.taskReports.returned.isEmpty)

            // Returned, B is to report again, and the submission waits for its correction.
            _ = try await panel.app.monitoring.review(submission: String(panel.linchenSubmission.id), approve: false,
                                                      comment: "请核对床位数", actor: panel.reviewer)
            reporting = try #require(try await panel.app.dashboard.home(actor: panel.linchen).reporting)
            #expect(reporting.missingFigures.map(\.indicator.code) == ["B", "C"])
            #expect(reporting.returnedSubmissions.map(\.id) == [panel.linchenSubmission.id])
        }
    }

    @Test(arguments: TestEngine.all)
    func aReviewerSeesTheSubmissionsWaitingOldestFirst(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let panel = try await Self.panel(database)
            let home = try await panel.app.dashboard.home(actor: panel.reviewer)
            #expect(home.planning == nil && home.reporting == nil && home.publicView == nil)
            let review = try #require(home.review)
            #expect(review.submissions?.map(\.id) == [panel.citySubmission.id, panel.linchenSubmission.id])
            #expect(review.taskReports?.isEmpty == true, "a reviewer supervises tasks; none wait")
            #expect(review.catalogueVersions?.isEmpty == true)

            _ = try await panel.app.monitoring.review(submission: String(panel.citySubmission.id), approve: true, comment: "",
                                                      actor: panel.reviewer)
            let after = try await panel.app.dashboard.home(actor: panel.reviewer).review?.submissions
            #expect(after?.map(\.id) == [panel.linchenSubmission.id])
        }
    }

    @Test(arguments: TestEngine.all)
    func aPlannerSeesStatusesWarningsAndEveryMissingFigureOfTheCityAndItsCounties(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let panel = try await Self.panel(database)
            let home = try await panel.app.dashboard.home(actor: panel.planner)
            #expect(home.review == nil && home.reporting == nil && home.publicView == nil)
            let planning = try #require(home.planning)
            #expect(planning.statusCounts.count == ProgressStatus.allCases.count)
            #expect(planning.statusCounts.values.reduce(0, +) == 3)
            // Of 3 indicators × (the city and its counties), approved 2020 figures exist for A in the
            // city and Lincheng and B in the city: a pending figure is still missing.
            let children = try await panel.app.regions.children(of: Self.xingtai).count
            #expect(planning.missingFigures == 3 * (children + 1) - 3)
            #expect(planning.topWarnings.count <= Dashboard.warningLimit)
            #expect(planning.topWarnings.allSatisfy { $0.kind != .missingData })
            #expect(planning.planDrafts.isEmpty)
            // On 2022-06-01 the annual report of 2021 (the year whose figures were due on 31 March) is due by 30 June.
            #expect(planning.reportsDue == [ReportDue(kind: .annual, title: "邢台市2021年基本公共服务均等化监测报告", year: 2021,
                                                      dueOn: CalendarDay(year: 2022, month: 6, day: 30), reportID: nil)])
        }
    }
}
