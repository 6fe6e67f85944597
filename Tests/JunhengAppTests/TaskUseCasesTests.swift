import Foundation
import JunhengApp
import JunhengCore
import JunhengTestSupport
import Storage
import Testing

/// Key tasks as the use cases run them: publishing matches departments, reports go through the
/// supervising office, and progress and colours follow approved reports only.
@Suite("Key tasks and progress reports")
struct TaskUseCasesTests {
    static let anju = DemoTasks.region
    static let system = Actor.system("test setup")
    static let plans = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/JunhengApp/Demo/Plans")

    static func publish(_ seed: String, region: RegionCode, app: JunhengApp) async throws -> PublishSummary {
        let data = try Data(contentsOf: plans.appendingPathComponent(seed + ".txt"))
        let plan = try await app.plans.ingest(.init(filename: seed + ".txt", data: data, region: region), actor: system).plan
        _ = try await app.plans.acceptPending(of: plan, actor: system)
        return try await app.plans.publish(try await app.plans.readable(String(plan.id), actor: system), actor: system)
    }

    static func registerAnjuDepartments(_ database: JunhengDatabase) async throws -> [String: Int64] {
        var ids: [String: Int64] = [:]
        for name in DemoTasks.departments {
            ids[name] = try await DepartmentStore(database.sql).create(regionCode: anju, name: name, actor: .system("test")).id
        }
        return ids
    }

    static func user(_ app: JunhengApp, _ username: String, role: Role, department: Int64? = nil) async throws -> Actor {
        let record = try await app.accounts.createUser(username: username, displayName: "", password: "test-password", role: role,
                                                       regionCode: anju.rawValue, departmentID: department, actor: system)
        return Actor.user(record, requestID: nil)
    }

    static func task(_ title: String, in ledger: Ledger) throws -> TaskView {
        try #require(ledger.rows.first { $0.task.title == title }, "no task titled \(title)")
    }

    @Test(arguments: TestEngine.all)
    func publishingAnjuMatchesItsDepartmentsAndListsTheRestForThePlanner(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let app = JunhengApp(database: database)
            let ids = try await Self.registerAnjuDepartments(database)
            let summary = try await Self.publish("anju-district-13th", region: Self.anju, app: app)
            #expect(summary.tasks >= 20)
            let ledger = try await app.tasks.ledger(LedgerFilter(region: Self.anju), actor: Self.system)

            let preschool = try Self.task("推进学前教育普及普惠发展", in: ledger)
            #expect(preschool.task.lead == TaskDepartmentLink(name: "区教育局", departmentID: ids["安居区教育局"], role: .lead))
            #expect(preschool.leadName == "安居区教育局" && preschool.task.cooperating.isEmpty)
            let aid = try Self.task("推动实施教育帮扶政策", in: ledger)
            #expect(aid.task.departments.map(\.departmentID) == [ids["安居区教育局"], ids["安居区人力资源和社会保障局"],
                                                                 ids["安居区残疾人联合会"]])
            let training = try Self.task("加强职业技能培训", in: ledger)
            #expect(training.leadName == "安居区人力资源和社会保障局")
            #expect(training.cooperatingNames == ["安居区经济和信息化局", "安居区农业农村局"], "区经信局 and 区农业局 by abbreviation")
            #expect(preschool.task.dueOn == CalendarDay("2020-12-31") && preschool.task.startsOn == CalendarDay("2016-01-01"))

            // 区卫计局 (renamed 卫生健康局 in 2019) and 区扶贫移民局 match nothing: the planner sees them, most used
            // first; 区文广局 is 文化广播电视和旅游局 by abbreviation.
            let unmatched = try await app.tasks.unmatchedDepartmentNames(region: Self.anju, actor: Self.system)
            #expect(unmatched.first == UnmatchedDepartmentName(name: "区卫计局", taskCount: 8))
            #expect(unmatched.contains { $0.name == "区扶贫移民局" }, "\(unmatched)")
            #expect(!unmatched.contains { ["区教育局", "区人社局", "区文广局", "区残联"].contains($0.name) })

            // Mapped once, the name links today's tasks and is remembered for the district's next plan.
            try await app.tasks.mapDepartmentName("区卫计局", to: ids["安居区卫生健康局"], region: Self.anju, actor: Self.system)
            let after = try await app.tasks.unmatchedDepartmentNames(region: Self.anju, actor: Self.system)
            #expect(!after.contains { $0.name == "区卫计局" } && after.count == unmatched.count - 1)
            let health = try await app.tasks.ledger(LedgerFilter(region: Self.anju, departmentID: ids["安居区卫生健康局"]),
                                                    actor: Self.system)
            #expect(health.rows.count == unmatched.first?.taskCount)
            _ = try await Self.publish("anju-district-13th", region: Self.anju, app: app)
            let twice = try await app.tasks.ledger(LedgerFilter(region: Self.anju, departmentID: ids["安居区卫生健康局"]),
                                                   actor: Self.system)
            #expect(twice.rows.count == 2 * health.rows.count)
        }
    }

    @Test(arguments: TestEngine.all)
    func xingtaiProjectsKeepTheirQuantifiedTargets(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let app = JunhengApp(database: database)
            _ = try await Self.publish("xingtai-city-13th", region: RegionCode(rawValue: "130500")!, app: app)
            let projects = try await app.tasks.ledger(LedgerFilter(kind: .project), actor: Self.system).rows
            #expect(projects.count == 10)
            // "持卡人覆盖率达到90%以上": progress is the share of that achieved.
            let cards = try #require(projects.first { $0.task.title == "社会保障卡工程" })
            #expect(cards.task.quantity == QuantifiedTarget(value: 90, unit: "%", year: 2020))
            #expect(cards.task.progressMethod == .quantity && cards.progress == 0)
            let facilities = try #require(projects.first { $0.task.title == "基层医疗卫生服务能力提升工程" })
            #expect(facilities.task.quantity == nil && facilities.task.progressMethod == .status)
        }
    }

    @Test(arguments: TestEngine.all)
    func aReportIsFiledReturnedCorrectedAndApprovedAndOnlyThenChangesTheTask(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let app = JunhengApp(database: database, settings: AppSettings(today: CalendarDay("2020-06-30")))
            let ids = try await Self.registerAnjuDepartments(database)
            _ = try await Self.publish("anju-district-13th", region: Self.anju, app: app)
            let planner = try await Self.user(app, "planner", role: .planner)
            let education = try await Self.user(app, "edu", role: .departmentEditor, department: ids["安居区教育局"])
            let labour = try await Self.user(app, "hrss", role: .departmentEditor, department: ids["安居区人力资源和社会保障局"])
            let supervisor = try await Self.user(app, "supervisor", role: .reviewer)
            let anonymous = Actor(.anonymous)
            let ledger = try await app.tasks.ledger(LedgerFilter(region: Self.anju), actor: anonymous)
            let preschool = try Self.task("推进学前教育普及普惠发展", in: ledger)
            let taskID = String(preschool.task.id)

            await expectRefusal(.forbidden) {
                try await app.tasks.openPeriod(region: Self.anju, actor: education)
            }
            let period = try await app.tasks.openPeriod(region: Self.anju, containing: CalendarDay("2020-04-01"), actor: planner)
            #expect(period.window.chineseLabel == "2020年第2季度" && period.window.dueOn == CalendarDay("2020-07-10"))
            let periodID = String(period.id)

            var content = ReportContent(progressText: "新建公办幼儿园1所。", problems: "用地指标紧张。", nextSteps: "推进第二所选址。",
                                        fundsUsed: 320, reportedStatus: .inProgress)
            await #expect(throws: JunhengError.forbidden("该内容属于其他部门")) {
                try await app.tasks.fileReport(task: taskID, period: periodID, content: content, step: .save, actor: labour)
            }
            let draft = try await app.tasks.fileReport(task: taskID, period: periodID, content: content, step: .save, actor: education)
            #expect(draft.status == .draft && draft.departmentID == ids["安居区教育局"])
            let submitted = try await app.tasks.fileReport(task: taskID, period: periodID, content: content, step: .submit,
                                                           actor: education)
            #expect(submitted.id == draft.id && submitted.status == .submitted)
            await expectRefusal(.conflict) {
                try await app.tasks.fileReport(task: taskID, period: periodID, content: content, step: .save, actor: education)
            }
            #expect(try await app.tasks.reportsToReview(actor: supervisor).map(\.report.id) == [draft.id])

            await #expect(throws: JunhengError.invalid([ValidationIssue(field: "comment", reason: "退回时请写明退回意见")])) {
                try await app.tasks.review(report: String(draft.id), step: .returnToDepartment, comment: " ", actor: supervisor)
            }
            await expectRefusal(.forbidden) {
                try await app.tasks.review(report: String(draft.id), step: .approve, comment: "", actor: planner)
            }
            let returned = try await app.tasks.review(report: String(draft.id), step: .returnToDepartment,
                                                      comment: "请补充资金来源。", actor: supervisor)
            #expect(returned.status == .returned && returned.reviewComment == "请补充资金来源。")
            let dashboard = try await app.tasks.dashboard(department: ids["安居区教育局"]!, actor: education)
            #expect(dashboard.returned.map(\.report.id) == [draft.id] && dashboard.followsReports)
            let seenByPublic = try await app.tasks.dashboard(department: ids["安居区教育局"]!, actor: anonymous)
            #expect(!seenByPublic.followsReports && seenByPublic.returned.isEmpty && seenByPublic.due.isEmpty)
            #expect(seenByPublic.tasks.count == dashboard.tasks.count, "the tasks themselves are public")
            let otherDepartment = try await app.tasks.dashboard(department: ids["安居区教育局"]!, actor: labour)
            #expect(!otherDepartment.followsReports)

            content.progressText = "新建公办幼儿园1所，区财政投入320万元。"
            content.reportedStatus = .nearlyDone
            _ = try await app.tasks.fileReport(task: taskID, period: periodID, content: content, step: .submit, actor: education)
            #expect(try await app.tasks.task(taskID, actor: anonymous).task.status == .notStarted, "nothing changes before approval")
            #expect(try await app.tasks.reports(of: preschool.task, actor: anonymous).isEmpty)

            let approved = try await app.tasks.review(report: String(draft.id), step: .approve, comment: "同意。", actor: supervisor)
            #expect(approved.status == .approved && approved.reviewedBy == supervisor.user?.id)
            let after = try await app.tasks.task(taskID, actor: anonymous)
            #expect(after.task.status == .nearlyDone && after.progress == 90)
            // 2016-01-01 to 2020-12-31, judged on 2020-06-30: expected 90 %, so 90 % is on schedule.
            #expect(after.colour == .green)
            let publicReports = try await app.tasks.reports(of: after.task, actor: anonymous)
            #expect(publicReports.map(\.report.progressText) == ["新建公办幼儿园1所，区财政投入320万元。"])
            await expectRefusal(.conflict) {
                try await app.tasks.review(report: String(draft.id), step: .returnToDepartment, comment: "再改", actor: supervisor)
            }
        }
    }

    @Test(arguments: TestEngine.all)
    func aClosedPeriodLocksReportsUntilThePlannerUnlocksOneDepartment(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let app = JunhengApp(database: database)
            let ids = try await Self.registerAnjuDepartments(database)
            _ = try await Self.publish("anju-district-13th", region: Self.anju, app: app)
            let planner = try await Self.user(app, "planner", role: .planner)
            let labour = try await Self.user(app, "hrss", role: .departmentEditor, department: ids["安居区人力资源和社会保障局"])
            let ledger = try await app.tasks.ledger(LedgerFilter(region: Self.anju), actor: planner)
            let aid = try Self.task("推动实施教育帮扶政策", in: ledger)
            let period = try await app.tasks.openPeriod(region: Self.anju, frequency: .monthly, containing: CalendarDay("2020-03-05"),
                                                        actor: planner)
            let draft = try await app.tasks.fileReport(task: String(aid.task.id), period: String(period.id),
                                                       content: ReportContent(progressText: "草拟中"), step: .save, actor: planner)
            // A cooperating department adds its part to the lead's report.
            try await app.tasks.contribute(report: String(draft.id), text: "区人社局：落实中职免学费政策。", actor: labour)
            let view = try await app.tasks.report(String(draft.id), actor: planner).0
            #expect(view.contributions.map(\.text) == ["区人社局：落实中职免学费政策。"])
            #expect(view.departmentNames[ids["安居区人力资源和社会保障局"]!] == "安居区人力资源和社会保障局")

            _ = try await app.tasks.setPeriodStatus(.closed, period: String(period.id), actor: planner)
            await #expect(throws: JunhengError.conflict("填报周期2020年3月已关闭，如需补报请联系规划管理员解锁")) {
                try await app.tasks.fileReport(task: String(aid.task.id), period: String(period.id),
                                               content: ReportContent(progressText: "补报"), step: .save, actor: planner)
            }
            await #expect(throws: JunhengError.invalid(field: "reason", "解锁时请写明原因")) {
                try await app.tasks.unlock(period: String(period.id), departmentID: ids["安居区教育局"]!, reason: "", actor: planner)
            }
            try await app.tasks.unlock(period: String(period.id), departmentID: ids["安居区教育局"]!, reason: "系统故障补报",
                                       actor: planner)
            let late = try await app.tasks.fileReport(task: String(aid.task.id), period: String(period.id),
                                                      content: ReportContent(progressText: "补报"), step: .save, actor: planner)
            #expect(late.progressText == "补报")
            let unlocks = try await app.tasks.unlocks(period: period)
            #expect(unlocks.map(\.reason) == ["系统故障补报"] && unlocks.first?.unlockedBy == planner.user?.id)
            let logged = try await AuditLog(database.sql).count()
            #expect(logged > 0)
        }
    }

    @Test(arguments: TestEngine.all)
    func aTaskPastItsDueDateIsRedWithoutAnyoneTouchingItAndAnOverrideNeedsAReason(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            _ = try await Self.registerAnjuDepartments(database)
            let before = JunhengApp(database: database, settings: AppSettings(today: CalendarDay("2020-12-31")))
            _ = try await Self.publish("anju-district-13th", region: Self.anju, app: before)
            let onTheDay = try await before.tasks.ledger(LedgerFilter(region: Self.anju), actor: Self.system)
            #expect(onTheDay.counts[.red] == onTheDay.rows.count, "nothing reported: 100 points behind")
            #expect(onTheDay.rows[0].reason == .behind(points: 100, expected: 100))

            let after = JunhengApp(database: database, settings: AppSettings(today: CalendarDay("2021-01-05")))
            let ledger = try await after.tasks.ledger(LedgerFilter(region: Self.anju), actor: Self.system)
            let first = ledger.rows[0]
            #expect(first.colour == .red && first.reason == .overdue(days: 5))

            await #expect(throws: JunhengError.invalid(field: "reason", "人工调整灯色时请写明理由")) {
                try await after.tasks.overrideColour(task: String(first.task.id), colour: .yellow, reason: "", actor: Self.system)
            }
            let overridden = try await after.tasks.overrideColour(task: String(first.task.id), colour: .yellow,
                                                                  reason: "已报区政府同意延期", actor: Self.system)
            #expect(overridden.colour == .yellow && overridden.computedColour == .red)
            #expect(overridden.reason == .overridden(reason: "已报区政府同意延期"))
            let cleared = try await after.tasks.overrideColour(task: String(first.task.id), colour: nil, reason: "", actor: Self.system)
            #expect(cleared.colour == .red)
            let supervision = try await after.tasks.supervision(region: Self.anju, actor: Self.system)
            #expect(supervision.late.count == ledger.rows.count)
            #expect(supervision.departments.first?.name == "安居区人力资源和社会保障局", "the department with most red tasks first")
            #expect(supervision.regions.map(\.name) == ["安居区"] && supervision.regions[0].total == ledger.rows.count)
            #expect(supervision.regions[0].counts[.red] == ledger.rows.count)
        }
    }

    @Test func theDemoLedgerShowsEveryColourAndAReportInEachReviewState() async throws {
        try await TestDatabase.with(.sqlite, holding: .demo()) { database in
            let app = JunhengApp(database: database)
            let ledger = try await app.tasks.ledger(LedgerFilter(region: DemoTasks.region), actor: Actor(.anonymous))
            #expect(TaskColour.allCases.allSatisfy { (ledger.counts[$0] ?? 0) > 0 }, "\(ledger.counts)")
            let reports = try await TaskReportStore(database.sql).reports(taskIDs: ledger.rows.map(\.task.id))
            #expect(Set(reports.map(\.status)) == [.submitted, .returned, .approved])
            #expect(reports.allSatisfy { $0.progressText.hasPrefix("示例数据") })
            // Loading twice adds nothing.
            _ = try await DemoData.load(into: database)
            #expect(try await app.tasks.ledger(LedgerFilter(region: DemoTasks.region), actor: Actor(.anonymous)).rows.count
                    == ledger.rows.count)
        }
    }

    @Test(arguments: TestEngine.all)
    func milestonesReportedDoneSurviveAnEditOfTheTaskAndDriveItsProgressOnApproval(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let app = JunhengApp(database: database, settings: AppSettings(today: CalendarDay("2020-05-20")))
            _ = try await Self.registerAnjuDepartments(database)
            _ = try await Self.publish("anju-district-13th", region: Self.anju, app: app)
            let supervisor = try await Self.user(app, "supervisor", role: .reviewer)
            let ledger = try await app.tasks.ledger(LedgerFilter(region: Self.anju), actor: Self.system)
            let taskID = String(try Self.task("推进学前教育普及普惠发展", in: ledger).task.id)
            let planned = try await app.tasks.update(task: taskID, TaskChanges(progressMethod: .milestones, milestones: [
                Milestone(title: "完成选址", dueOn: CalendarDay("2020-03-31"), share: 1),
                Milestone(title: "主体完工", dueOn: CalendarDay("2020-09-30"), share: 3),
            ]), actor: Self.system)
            let siting = try #require(planned.task.milestones.first)
            let period = try await app.tasks.openPeriod(region: Self.anju, containing: CalendarDay("2020-05-01"), actor: Self.system)
            let report = try await app.tasks.fileReport(task: taskID, period: String(period.id), content: ReportContent(
                progressText: "已完成选址。", milestonesDone: [siting.id]), step: .submit, actor: Self.system)
            // The planner edits the task meanwhile; the milestone keeps its id.
            let renamed = try await app.tasks.update(task: taskID, TaskChanges(title: "推进学前教育普及普惠发展（2020年）"),
                                                     actor: Self.system)
            #expect(renamed.task.milestones.map(\.id) == planned.task.milestones.map(\.id))
            _ = try await app.tasks.review(report: String(report.id), step: .approve, comment: "", actor: supervisor)
            let after = try await app.tasks.task(taskID, actor: Self.system)
            #expect(after.task.milestones.map(\.doneOn) == [CalendarDay("2020-05-20"), nil])
            #expect(after.progress == 25, "one share of four")
        }
    }
}
