import Foundation
import JunhengApp
import JunhengCore
import JunhengTestSupport
import Logging
import Storage
import Testing

/// A renderer that needs no browser: its "PDF" names the report.
private struct TitleAsFiles: ReportRendering {
    func files(for report: ReportRecord, figures: ReportFigures) async throws -> [ReportFormat: Data] {
        [.html: Data("<h1>\(report.title)</h1>".utf8), .pdf: Data("PDF \(report.title)".utf8)]
    }
}

/// Issue 17, part 5: what several server processes on one database share — sessions, background
/// jobs run by whichever process claims them — and which reads go to a replica.
@Suite("More than one server")
struct MoreThanOneServerTests {
    static let xingtai = RegionCode(rawValue: "130500")!

    static func planner(_ database: JunhengDatabase) async throws -> Actor {
        Actor.user(try #require(try await UserStore(database.sql).user(username: "planner")), requestID: nil)
    }

    static func worker(_ app: JunhengApp, _ name: String = "test:1:1") -> JobWorker {
        JobWorker(app: app, renderer: TitleAsFiles(), name: name, logger: TestDatabase.logger)
    }

    @Test(arguments: TestEngine.all)
    func aSessionStartedOnOneProcessIsValidOnAnother(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, holding: .demo()) { database in
            try await TestDatabase.withSecondProcess(on: database) { other in
                let planner = try #require(try await Self.planner(database).user)
                let token = try await JunhengApp(database: database).accounts.startSession(for: planner, hours: 12)
                #expect(try await JunhengApp(database: other).accounts.user(sessionToken: token)?.username == "planner")
                try await JunhengApp(database: other).accounts.endSession(rawToken: token)
                #expect(try await JunhengApp(database: database).accounts.user(sessionToken: token) == nil, "signed out everywhere")
            }
        }
    }

    /// On the demo: the planner's draft of Xingtai's 2020 report queued for publishing.
    static func queuedPublishing(_ database: JunhengDatabase) async throws
        -> (app: JunhengApp, planner: Actor, draft: ReportRecord, job: JobRecord) {
        let planner = try await Self.planner(database)
        let app = JunhengApp(database: database)
        let draft = try await app.reports.createDraft(kind: .annual, region: Self.xingtai, planID: nil, year: 2020, title: nil,
                                                      actor: planner)
        return (app, planner, draft, try await app.reports.requestPublish(String(draft.id), actor: planner))
    }

    @Test(arguments: TestEngine.all)
    func publishingQueuedByOneProcessIsDoneByAnother(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, holding: .demo()) { database in
            let (app, planner, draft, job) = try await Self.queuedPublishing(database)
            #expect(job.kind == .reportPublish && job.status == .queued && job.createdBy == planner.user?.id)
            // Refusals that need no printing come at once, not from the job.
            await #expect(throws: JunhengError.self) {
                try await app.reports.requestPublish(String(draft.id), actor: Actor(.anonymous))
            }
            try await TestDatabase.withSecondProcess(on: database) { other in
                let ran = try #require(try await Self.worker(JunhengApp(database: other), "b:2:1").runNext())
                #expect(ran.status == .done && ran.worker == "b:2:1" && ran.attempts == 1, "\(ran.error ?? "")")
                #expect(JobUseCases.outcome(of: ran) == .report(id: draft.id))
            }
            let published = try await app.reports.report(String(draft.id), actor: planner).report
            #expect(published.stage == .published && published.publishedBy == planner.user?.id)
            #expect(try await app.reports.file(String(draft.id), format: .pdf, actor: planner).1.bytes == Data("PDF \(draft.title)".utf8))
            // The job is its author's to follow.
            #expect(try await app.jobs.job(String(job.id), actor: planner).status == .done)
            let reviewer = Actor.user(try #require(try await UserStore(database.sql).user(username: "reviewer")), requestID: nil)
            await #expect(throws: JunhengError.notFound("任务 \(job.id)")) { try await app.jobs.job(String(job.id), actor: reviewer) }
            // Publishing again is refused at once.
            await #expect(throws: JunhengError.conflict("报告已经发布")) { try await app.reports.requestPublish(String(draft.id), actor: planner) }
        }
    }

    @Test(arguments: TestEngine.all)
    func aPublishingRetriedAfterItsWorkerStoppedFinishesWithoutPublishingTwice(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, holding: .demo()) { database in
            let (app, planner, draft, job) = try await Self.queuedPublishing(database)
            // A worker took the job, published, and died before marking it done; two minutes on,
            // its lease has run out.
            #expect(try await JobStore(database).claim(kinds: [.reportPublish], worker: "crashed", policy: app.settings.jobPolicy)?.id
                    == job.id)
            _ = try await app.reports.publish(String(draft.id), renderer: TitleAsFiles(), actor: planner)
            let ran = try #require(try await Self.worker(app).runNext(now: Date().addingTimeInterval(120)))
            #expect(ran.id == job.id && ran.status == .done && ran.attempts == 2, "\(ran.error ?? "")")
            #expect(try await app.reports.reports(actor: planner).filter { $0.stage == .published }.map(\.id) == [draft.id])
        }
    }

    @Test(.enabled(if: PlanFormatsTests.hasPdftotext), arguments: TestEngine.all)
    func aPDFPlanBecomesAJobAndATextPlanIsReadAtOnce(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, holding: .demo()) { database in
            let admin = Actor.user(try #require(try await UserStore(database.sql).user(username: "admin")), requestID: nil)
            let app = JunhengApp(database: database)
            let text = PlanUseCases.Upload(filename: "qinghe-plan.txt", data: try PlanFormatsTests.fixture("qinghe-plan.txt"),
                                           region: PlanFormatsTests.qinghe)
            guard case .stored(let textPlan, let textCounts) = try await app.plans.submit(text, actor: admin) else {
                Issue.record("a text plan is read at once")
                return
            }
            let pdf = PlanUseCases.Upload(filename: "qinghe-plan.pdf", data: try PlanFormatsTests.fixture("qinghe-plan.pdf"),
                                          region: PlanFormatsTests.qinghe)
            guard case .queued(let job) = try await app.plans.submit(pdf, actor: admin) else {
                Issue.record("a PDF plan is read by a job")
                return
            }
            #expect(job.kind == .planIngest && job.status == .queued)
            #expect(try await JobStore(database).input(of: job.id) == pdf.data)
            let ran = try #require(try await Self.worker(app).runNext())
            #expect(ran.status == .done, "\(ran.error ?? "")")
            guard case .plan(let planID, let counts) = JobUseCases.outcome(of: ran) else {
                Issue.record("no plan in \(ran.result ?? "nil")")
                return
            }
            #expect(counts == textCounts && planID != textPlan.id)
            let plan = try await app.plans.readable(String(planID), actor: admin)
            #expect(plan.status == "draft" && plan.regionCode == PlanFormatsTests.qinghe)
            #expect(try await Self.worker(app).runNext() == nil)
        }
    }

    @Test(arguments: TestEngine.all)
    func aPlanUploadBySomeoneWhoMayNotManagePlansIsRefusedBeforeQueueing(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, holding: .demo()) { database in
            let reviewer = Actor.user(try #require(try await UserStore(database.sql).user(username: "reviewer")), requestID: nil)
            let pdf = PlanUseCases.Upload(filename: "plan.pdf", data: Data("%PDF-1.4\n".utf8), region: nil)
            await #expect(throws: JunhengError.forbidden("没有导入规划的权限")) {
                try await JunhengApp(database: database).plans.submit(pdf, actor: reviewer)
            }
            #expect(try await JobStore(database).job(1) == nil)
        }
    }

    /// With a replica, an anonymous visitor's public pages and the analytics of approved figures
    /// read it; a signed-in user reads the primary. Here the "replica" is a database without the
    /// demo, so each read shows where it went.
    @Test(arguments: TestEngine.all)
    func anonymousPagesAndAnalyticsReadTheReplicaAndSignedInUsersThePrimary(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, holding: .demo()) { primary in
            try await TestDatabase.with(engine) { replica in
                let app = JunhengApp(database: primary, replica: replica)
                let planner = try await Self.planner(primary)
                let anonymous = Actor(.anonymous)
                let innerMongolia = RegionCode(rawValue: "150000")!
                // The public catalogue: only on the primary, so the replica has none.
                #expect(try await JunhengApp(database: primary).catalogue.published(region: innerMongolia).status == .published)
                await #expect(throws: JunhengError.self) { try await app.catalogue.published(region: innerMongolia) }
                // Warnings and equalization (approved figures) come from the replica.
                #expect(try await !JunhengApp(database: primary).monitoring.warnings(root: Self.xingtai).isEmpty)
                #expect(try await app.monitoring.warnings(root: Self.xingtai).isEmpty)
                // A region's overview: the replica for the public, the primary for the planner.
                #expect(try await app.monitoring.overview(of: Self.xingtai, actor: anonymous).isEmpty)
                #expect(try await !app.monitoring.overview(of: Self.xingtai, actor: planner).isEmpty)
                // Reports: the public list reads the replica.
                let draft = try await app.reports.createDraft(kind: .annual, region: Self.xingtai, planID: nil, year: 2020, title: nil,
                                                              actor: planner)
                _ = try await app.reports.publish(String(draft.id), renderer: TitleAsFiles(), actor: planner)
                #expect(try await app.reports.reports(actor: planner).map(\.id) == [draft.id])
                #expect(try await app.reports.reports(actor: anonymous).isEmpty)
            }
        }
    }
}
