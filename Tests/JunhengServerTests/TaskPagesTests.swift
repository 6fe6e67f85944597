import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JunhengApp
import JunhengCore
import JunhengTestSupport
import Storage
import Testing

/// The key task pages on a small ledger of Xingtai's (fixed dates, so the page snapshots hold):
/// the ledger's counts and colour names, the report form that keeps what was typed when refused,
/// and the public who see approved reports only.
@Suite struct TaskPagesTests {
    static let xingtai = RegionCode(rawValue: "130500")!
    static let unapprovedText = "新建公办幼儿园1所（尚未审核）。"

    /// What `seed` stored.
    struct Seeded {
        let education: Int64
        let labour: Int64
        let preschool: Int64
        let period: Int64
        let report: Int64
    }

    /// Two departments of Xingtai, an education editor `edu` (password `TestServer.password`),
    /// five tasks that are green, blue, red (overdue) and yellow when judged on 2020-06-30 — and
    /// red, blue and green ever after, since the undated one stays green and the done one blue —,
    /// a sub-task, the 2020 Q2 period and the preschool task's report submitted, not yet approved.
    static func seed(_ database: JunhengDatabase) async throws -> Seeded {
        let setup = AuditActor.system("test setup")
        let system = Actor.system("test setup")
        let departments = DepartmentStore(database.sql)
        let education = try await departments.create(regionCode: xingtai, name: "邢台市教育局", actor: setup)
        let labour = try await departments.create(regionCode: xingtai, name: "邢台市人力资源和社会保障局", actor: setup)
        let users = UserStore(database.sql)
        let hash = try await Passwords.hash(TestServer.password, cost: 4)
        if try await users.user(username: "edu") == nil {
            _ = try await users.create(UserRecord(username: "edu", displayName: "教育局填报员", role: .departmentEditor,
                                               regionCode: xingtai, departmentID: education.id), passwordHash: hash, actor: setup)
        }
        for (username, role) in [("planner", Role.planner), ("reviewer", .reviewer)] where try await users.user(username: username) == nil {
            _ = try await users.create(UserRecord(username: username, displayName: username, role: role,
                                               regionCode: xingtai, departmentID: nil), passwordHash: hash, actor: setup)
        }
        let lead = { (department: Department) in TaskDepartmentLink(name: department.name, departmentID: department.id, role: .lead) }
        let cooperating = TaskDepartmentLink(name: labour.name, departmentID: labour.id, role: .cooperating)
        let start = CalendarDay("2020-01-01")
        let end = CalendarDay("2020-12-31")
        let store = TaskStore(database.sql)
        let preschool = try await store.create(TaskRecord(
            regionCode: xingtai, kind: .keyTask, sortOrder: 1, title: "推进学前教育普及普惠发展", startsOn: start, dueOn: end,
            progressMethod: .manual, manualPercent: 45, departments: [lead(education), cooperating],
            milestones: [Milestone(title: "新建公办幼儿园选址", dueOn: CalendarDay("2020-03-31"), share: 1, doneOn: CalendarDay("2020-03-20")),
                         Milestone(title: "幼儿园建成投用", dueOn: CalendarDay("2020-12-31"), share: 2)]), actor: setup)
        _ = try await store.create(TaskRecord(regionCode: xingtai, kind: .keyTask, sortOrder: 2, title: "鼓励以创业带动就业", startsOn: start,
                                              dueOn: end, status: .done, departments: [lead(labour)]), actor: setup)
        _ = try await store.create(TaskRecord(regionCode: xingtai, kind: .keyTask, sortOrder: 3, title: "完善就业服务与管理",
                                              departments: [lead(labour)]), actor: setup)
        _ = try await store.create(TaskRecord(regionCode: xingtai, kind: .project, sortOrder: 4, title: "社会保障卡工程", startsOn: start,
                                              dueOn: CalendarDay("2020-05-31"), progressMethod: .quantity,
                                              quantity: QuantifiedTarget(value: 90, unit: "%", year: 2020, achieved: 60),
                                              departments: [lead(labour)]), actor: setup)
        _ = try await store.create(TaskRecord(regionCode: xingtai, kind: .keyTask, sortOrder: 5, title: "推进义务教育均衡协同发展",
                                              startsOn: start, dueOn: end, progressMethod: .manual, manualPercent: 30,
                                              departments: [lead(education)]), actor: setup)
        _ = try await store.create(TaskRecord(parentID: preschool.id, regionCode: xingtai, kind: .subtask, sortOrder: 6,
                                              title: "新建公办幼儿园", startsOn: start, dueOn: end, status: .inProgress,
                                              departments: [lead(education)]), actor: setup)
        let app = JunhengApp(database: database)
        let period = try await app.tasks.openPeriod(region: xingtai, frequency: .quarterly, containing: CalendarDay("2020-04-01"),
                                                    actor: system)
        let report = try await app.tasks.fileReport(
            task: String(preschool.id), period: String(period.id),
            content: ReportContent(progressText: unapprovedText, problems: "用地指标紧张。", nextSteps: "推进第二所选址。", fundsUsed: 320,
                                   percent: 50, reportedStatus: .inProgress),
            step: .submit, actor: system)
        return Seeded(education: education.id, labour: labour.id, preschool: preschool.id, period: period.id, report: report.id)
    }

    @Test(arguments: TestEngine.all)
    func theLedgerCountsTasksByColourAndNamesEachColour(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, fixture in
            _ = try await Self.seed(fixture.database)
            let page = try await client.execute(uri: "/tasks?region=130500", method: .get, headers: [.accept: "text/html"])
            #expect(page.status == .ok)
            let html = page.bodyText
            // Judged on any day after 2020: the three dated tasks not done are overdue.
            #expect(html.contains(#"data-colour="red">4</strong>"#), "red count")
            #expect(html.contains(#"data-colour="blue">1</strong>"#))
            #expect(html.contains(#"data-colour="green">1</strong>"#))
            #expect(html.contains(#"data-colour="yellow">0</strong>"#))
            #expect(html.contains(#"<strong id="task-count">6</strong>"#))
            for name in ["红灯", "蓝灯", "绿灯", "逾期或严重滞后", "已完成", "未设完成时限", "已逾期"] { #expect(html.contains(name), "\(name)") }
            // The preschool task rolls up its one sub-task, in progress (50 %), over its own 45 %.
            #expect(html.contains(#"<progress value="50" max="100" aria-label="进度 50%">"#))

            let red = try await client.execute(uri: "/tasks?region=130500&colour=red&kind=project", method: .get, headers: [.accept: "text/html"])
            #expect(red.bodyText.contains("社会保障卡工程") && !red.bodyText.contains("推进学前教育普及普惠发展"))
            let bad = try await client.execute(uri: "/tasks?due_by=tomorrow", method: .get, headers: [.accept: "text/html"])
            #expect(bad.status == .unprocessableContent && bad.bodyText.contains("“tomorrow”不是日期"))

            let english = try await client.execute(uri: "/tasks?region=130500", method: .get,
                                                   headers: [.accept: "text/html", .cookie: "jh_lang=en"])
            #expect(english.bodyText.contains("Key task ledger") && english.bodyText.contains(">Red</span>"))
        }
    }

    @Test(arguments: TestEngine.all)
    func aRefusedReportShowsTheErrorAndKeepsWhatWasTyped(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, fixture in
            let seeded = try await Self.seed(fixture.database)
            let other = try #require(try await TaskStore(fixture.database.sql).tasks(TaskFilter(regions: [Self.xingtai]))
                .first { $0.title == "推进义务教育均衡协同发展" })
            let session = try await client.browserLogin(username: "edu", password: TestServer.password)
            let page = try await client.execute(uri: "/tasks/\(other.id)", method: .get, headers: session.headers)
            #expect(page.bodyText.contains(#"class="card wide report-form""#))
            let refused = try await client.postForm("/tasks/\(other.id)/report", session: session, csrf: page.bodyText.csrfToken, fields: [
                ("period", String(seeded.period)), ("progress", "完成义务教育学校改造3所。"), ("problems", "资金缺口较大。"),
                ("percent", "150"), ("fundsUsed", "12.5"), ("status", "in_progress"), ("step", "submit"),
            ])
            #expect(refused.status == .unprocessableContent)
            let html = refused.bodyText
            #expect(html.contains("完成进度应在 0 到 100 之间"))
            #expect(html.contains(">完成义务教育学校改造3所。</textarea>") && html.contains(">资金缺口较大。</textarea>"))
            #expect(html.contains(#"name="percent" value="150""#) && html.contains(#"name="fundsUsed" value="12.5""#))
            #expect(html.contains(#"<option value="in_progress" selected>"#))
            #expect(try await TaskReportStore(fixture.database.sql).report(taskID: other.id, periodID: seeded.period) == nil)

            let saved = try await client.postForm("/tasks/\(other.id)/report", session: session, csrf: page.bodyText.csrfToken, fields: [
                ("period", String(seeded.period)), ("progress", "完成义务教育学校改造3所。"), ("percent", "40"), ("step", "save"),
            ])
            #expect(saved.status == .found)
            #expect(try await TaskReportStore(fixture.database.sql).report(taskID: other.id, periodID: seeded.period)?.status == .draft)
        }
    }

    @Test func thePlannerSetsTheColourRulesAndARedMarginBelowTheYellowOneIsRefusedKeepingWhatWasTyped() async throws {
        try await TestServer.with(.sqlite) { client, fixture in
            _ = try await Self.seed(fixture.database)
            let session = try await client.browserLogin(username: "planner", password: TestServer.password)
            let page = try await client.execute(uri: "/tasks/periods?region=130500", method: .get, headers: session.headers)
            #expect(page.bodyText.contains(#"name="yellowLag" value="10""#) && page.bodyText.contains(#"name="percent_in_progress" value="50""#))
            var fields = [("region", "130500"), ("yellowLag", "30"), ("redLag", "20"), ("dueSoonDays", "15"),
                          ("settingsFrequency", "monthly"), ("percent_not_started", "0"), ("percent_in_progress", "40"),
                          ("percent_nearly_done", "80"), ("percent_done", "100")]
            let refused = try await client.postForm("/tasks/settings", session: session, csrf: page.bodyText.csrfToken, fields: fields)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.bodyText.contains("红灯滞后幅度不能小于黄灯滞后幅度"))
            #expect(refused.bodyText.contains(#"name="yellowLag" value="30""#) && refused.bodyText.contains(#"name="dueSoonDays" value="15""#))
            #expect(try await JunhengApp(database: fixture.database).tasks.settings(region: Self.xingtai) == .standard)

            fields[2] = ("redLag", "40")
            let saved = try await client.postForm("/tasks/settings", session: session, csrf: page.bodyText.csrfToken, fields: fields)
            #expect(saved.status == .found)
            let settings = try await JunhengApp(database: fixture.database).tasks.settings(region: Self.xingtai)
            #expect(settings.thresholds == ColourThresholds(yellowLag: 30, redLag: 40, dueSoonDays: 15))
            #expect(settings.frequency == .monthly && settings.statusScale.percent(.inProgress) == 40)
            // A county without its own rules follows the city's.
            #expect(try await JunhengApp(database: fixture.database).tasks.settings(region: RegionCode(rawValue: "130522")!) == settings)

            let editor = try await client.browserLogin(username: "edu", password: TestServer.password)
            let forbidden = try await client.postForm("/tasks/settings", session: editor, csrf: page.bodyText.csrfToken, fields: fields)
            #expect(forbidden.status == .forbidden)
        }
    }

    @Test(arguments: TestEngine.all)
    func thePublicSeesOnlyApprovedReports(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, fixture in
            let seeded = try await Self.seed(fixture.database)
            let path = "/tasks/\(seeded.preschool)"
            let anonymous = try await client.execute(uri: path, method: .get, headers: [.accept: "text/html"])
            #expect(anonymous.status == .ok)
            #expect(!anonymous.bodyText.contains(Self.unapprovedText) && !anonymous.bodyText.contains("用地指标紧张"))
            #expect(anonymous.bodyText.contains("仅显示督办单位审核通过的报告") && !anonymous.bodyText.contains("<form method=\"post\" action=\"/tasks/"))

            let editor = try await client.browserLogin(username: "edu", password: TestServer.password)
            #expect(try await client.execute(uri: path, method: .get, headers: editor.headers).bodyText.contains(Self.unapprovedText))

            let reviewer = try await client.browserLogin(username: "reviewer", password: TestServer.password)
            let page = try await client.execute(uri: path, method: .get, headers: reviewer.headers)
            #expect(page.bodyText.contains(#"class="card wide review-form""#))
            let approved = try await client.postForm("\(path)/review", session: reviewer, csrf: page.bodyText.csrfToken,
                                                     fields: [("report", String(seeded.report)), ("decision", "approve"), ("comment", "")])
            #expect(approved.status == .found)
            let after = try await client.execute(uri: path, method: .get, headers: [.accept: "text/html"])
            #expect(after.bodyText.contains(Self.unapprovedText) && after.bodyText.contains("已通过"))
        }
    }
}

extension TestClientProtocol {
    /// Posts a page form as a browser does, with the page's CSRF token.
    func postForm(_ path: String, session: BrowserSession, csrf: String?, fields: [(String, String)]) async throws -> TestResponse {
        var headers = session.headers
        headers[.contentType] = "application/x-www-form-urlencoded"
        let allowed = CharacterSet.alphanumerics.union(.init(charactersIn: "-._~"))
        let body = ([("_csrf", csrf ?? "")] + fields)
            .map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&")
        return try await execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: body))
    }
}
