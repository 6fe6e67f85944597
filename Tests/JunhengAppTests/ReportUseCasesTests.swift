import Foundation
import JunhengApp
import JunhengCore
import JunhengTestSupport
import Storage
import Testing

/// A renderer whose files say which figures they were made from: enough to see that publishing
/// stores what it rendered and never renders again. The server's real renderer is tested with the pages.
private struct FiguresAsFiles: ReportRendering {
    func files(for report: ReportRecord, figures: ReportFigures) async throws -> [ReportFormat: Data] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = try encoder.encode(figures)
        return [.html: json, .pdf: Data("PDF \(report.title)".utf8) + json]
    }
}

/// Issue 12: annual reports and mid-term evaluations drafted, published with frozen figures and
/// files, superseded by new editions; only approved figures; drafts only for their authors.
@Suite("Reports")
struct ReportUseCasesTests {
    static let xingtai = RegionCode(rawValue: "130500")!
    static let linCheng = RegionCode(rawValue: "130522")!

    /// On the demo: Xingtai's plan targets and a 2015–2020 panel of approved figures for the city and its 18 counties.
    static func demo(_ database: JunhengDatabase) async throws -> (app: JunhengApp, planner: Actor) {
        let app = JunhengApp(database: database)
        let planner = Actor.user(try #require(try await UserStore(database.sql).user(username: "planner")), requestID: nil)
        return (app, planner)
    }

    /// Approves a corrected figure as the console would (the system may approve its own import).
    static func correct(_ app: JunhengApp, indicator: Int64, region: RegionCode, year: Int, to value: Double) async throws {
        let store = ObservationStore(app.database.sql, engine: app.database.engine)
        let submission = try await store.submit(
            regionCode: region, source: "更正", observations: [ValidatedObservation(
                key: ObservationKey(indicatorID: indicator, regionCode: region.rawValue, year: year, disaggregation: ""),
                value: value, row: 2)], warnings: [], actor: AuditActor(userID: nil, username: "test"))
        _ = try await store.approve(submission.id, comment: "更正", actor: AuditActor(userID: nil, username: "test"))
    }

    @Test(arguments: TestEngine.all)
    func aPublishedReportKeepsItsFiguresAndFilesAfterACorrection(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, holding: .demo()) { database in
            let (app, planner) = try await Self.demo(database)
            let draft = try await app.reports.createDraft(kind: .annual, region: Self.xingtai, planID: nil, year: 2020, title: nil,
                                                          actor: planner)
            #expect(draft.title == "邢台市2020年基本公共服务均等化监测报告")
            #expect(draft.stage == .draft)
            let published = try await app.reports.publish(String(draft.id), renderer: FiguresAsFiles(), actor: planner)
            #expect(published.stage == .published)
            let frozen = try #require(published.figures)
            #expect(frozen.year == 2020 && frozen.region.name == "邢台市" && frozen.children.count == 18)
            #expect(frozen.indicators.allSatisfy { $0.values.allSatisfy { $0.year <= 2020 } })
            let (_, pdf) = try await app.reports.file(String(draft.id), format: .pdf, actor: Actor(.anonymous))

            // A county's 2020 figure of the first indicator is corrected and approved.
            let indicator = try #require(frozen.indicators.first { $0.children.contains { $0.value != nil } })
            let county = try #require(indicator.children.first { $0.value != nil })
            let corrected = county.value! + 7.25
            try await Self.correct(app, indicator: indicator.id, region: RegionCode(rawValue: county.place.code)!, year: 2020,
                                   to: corrected)

            let now = try await app.reports.currentFigures(kind: .annual, region: Self.xingtai, planID: nil, year: 2020)
            #expect(now.indicators.first { $0.id == indicator.id }?.children.first { $0.place.code == county.place.code }?.value == corrected)
            // The published edition has not moved: the same figures, the same bytes.
            let reread = try await app.reports.report(String(draft.id), actor: Actor(.anonymous))
            #expect(reread.figures == frozen)
            #expect(try await app.reports.file(String(draft.id), format: .pdf, actor: Actor(.anonymous)).1 == pdf)

            // A new edition publishes the correction and lists it; the first edition is superseded.
            let second = try await app.reports.newEdition(of: String(draft.id), actor: planner)
            #expect(second.edition == 2 && second.supersedesID == draft.id && second.stage == .draft)
            let republished = try await app.reports.publish(String(second.id), renderer: FiguresAsFiles(), actor: planner)
            #expect(republished.changes.contains(.valueChanged(indicator: indicator.name, region: county.place.name, year: 2020,
                                                                old: county.value, new: corrected)))
            #expect(try await app.reports.report(String(draft.id), actor: Actor(.anonymous)).report.stage == .superseded)
            #expect(try await app.reports.publishedReports().map(\.id) == [second.id])
        }
    }

    @Test func aReportForAPastYearLeavesOutLaterFiguresAndPendingOnes() async throws {
        try await TestDatabase.with(.sqlite, holding: .demo()) { database in
            let (app, _) = try await Self.demo(database)
            let indicatorID = try await app.reports.currentFigures(kind: .annual, region: Self.xingtai, planID: nil, year: 2020)
                .indicators[0].id
            // A figure awaiting approval never enters a report.
            let store = ObservationStore(database.sql, engine: database.engine)
            _ = try await store.submit(regionCode: Self.xingtai, source: "待审", observations: [ValidatedObservation(
                key: ObservationKey(indicatorID: indicatorID, regionCode: "130500", year: 2020, disaggregation: ""), value: 12345,
                row: 2)], warnings: [], actor: AuditActor(userID: nil, username: "test"))
            let figures2020 = try await app.reports.currentFigures(kind: .annual, region: Self.xingtai, planID: nil, year: 2020)
            #expect(figures2020.indicators.first { $0.id == indicatorID }?.value(in: 2020) != 12345)
            let figures2017 = try await app.reports.currentFigures(kind: .midterm, region: Self.xingtai, planID: nil, year: 2017)
            #expect(figures2017.indicators.allSatisfy { $0.latest.map { $0.year <= 2017 } ?? true })
            #expect(figures2017.indicators.contains { $0.value(in: 2017) != nil })
        }
    }

    @Test func draftsBelongToThoseWhoMayWriteReportsInTheirRegion() async throws {
        try await TestDatabase.with(.sqlite, holding: .demo()) { database in
            let (app, planner) = try await Self.demo(database)
            let users = UserStore(database.sql)
            let county = Actor.user(try #require(try await users.user(username: "linchen")), requestID: nil)
            let reviewer = Actor.user(try #require(try await users.user(username: "reviewer")), requestID: nil)
            let draft = try await app.reports.createDraft(kind: .midterm, region: Self.xingtai, planID: nil, year: 2018,
                                                          title: "  中期评估（征求意见稿）  ", actor: planner)
            #expect(draft.title == "中期评估（征求意见稿）")

            await #expect(throws: JunhengError.unauthorized("需要登录")) { try await app.reports.report(String(draft.id), actor: Actor(.anonymous)) }
            await expectRefusal(.forbidden) { _ = try await app.reports.report(String(draft.id), actor: reviewer) }
            await expectRefusal(.forbidden) {
                _ = try await app.reports.createDraft(kind: .annual, region: Self.xingtai, planID: nil, year: 2020, title: nil, actor: county)
            }
            #expect(try await app.reports.reports(actor: Actor(.anonymous)).isEmpty)
            #expect(try await app.reports.reports(actor: planner).map(\.id) == [draft.id])

            await #expect(throws: JunhengError.invalid(field: "year", "年份应在 2000 至 2100 之间")) {
                try await app.reports.createDraft(kind: .annual, region: Self.xingtai, planID: nil, year: 20, title: nil, actor: planner)
            }
            var texts = ReportTexts(nextSteps: "- 补齐缺失数据")
            texts.selfAssessment = String(repeating: "字", count: ReportTexts.maximumLength + 1)
            await #expect(throws: JunhengError.invalid(field: "selfAssessment", "正文不能超过 20000 字")) {
                try await app.reports.updateDraft(String(draft.id), title: draft.title, texts: texts, actor: planner)
            }
            texts.selfAssessment = "总体进展顺利。"
            let saved = try await app.reports.updateDraft(String(draft.id), title: draft.title, texts: texts, actor: planner)
            #expect(saved.texts.selfAssessment == "总体进展顺利。")

            try await app.reports.deleteDraft(String(draft.id), actor: planner)
            await #expect(throws: JunhengError.notFound("报告 \(draft.id) 不存在")) {
                try await app.reports.report(String(draft.id), actor: planner)
            }
        }
    }

    @Test func aPublishedReportCannotBeEditedOrPublishedAgain() async throws {
        try await TestDatabase.with(.sqlite, holding: .demo()) { database in
            let (app, planner) = try await Self.demo(database)
            let draft = try await app.reports.createDraft(kind: .annual, region: Self.xingtai, planID: nil, year: 2019, title: nil,
                                                          actor: planner)
            _ = try await app.reports.publish(String(draft.id), renderer: FiguresAsFiles(), actor: planner)
            await #expect(throws: JunhengError.conflict("报告已发布，不能修改；可以发布新版")) {
                try await app.reports.updateDraft(String(draft.id), title: "改", texts: ReportTexts(), actor: planner)
            }
            await #expect(throws: JunhengError.conflict("报告已经发布")) {
                try await app.reports.publish(String(draft.id), renderer: FiguresAsFiles(), actor: planner)
            }
            await #expect(throws: JunhengError.conflict("已发布的报告不能删除")) {
                try await app.reports.deleteDraft(String(draft.id), actor: planner)
            }
            _ = try await app.reports.newEdition(of: String(draft.id), actor: planner)
            await expectRefusal(.conflict) { _ = try await app.reports.newEdition(of: String(draft.id), actor: planner) }
        }
    }
}
