import Foundation
import JunhengCore
import Storage

/// The demo ledger: the key tasks and projects of Anju district's action plan (seed 004, whose
/// tasks name their departments), published under 安居区 with a register of the district's
/// departments, and one reporting period with reports in every colour. The plan ran 2016–2020,
/// so the demo moves the tasks' dates around today and says so: 示例数据, never real progress.
public enum DemoTasks {
    public static let region = RegionCode(rawValue: "510904")!
    static let actor = Actor.system("demo（示例数据：重点任务进展）")

    /// Today's names of the district's departments (after the 2019 reform), so that some names the
    /// 2018 plan uses match by rule (区人社局, 区残联), one is mapped by hand as a planner would
    /// (区卫计局 → 卫生健康局) and the rest wait on the planner's page.
    public static let departments = [
        "安居区教育局", "安居区人力资源和社会保障局", "安居区卫生健康局", "安居区民政局", "安居区财政局",
        "安居区发展和改革局", "安居区住房和城乡建设局", "安居区残疾人联合会", "安居区妇女联合会", "安居区司法局",
        "安居区经济和信息化局", "安居区农业农村局", "安居区文化广播电视和旅游局", "安居区人民政府督查室",
    ]

    static let accounts = [
        DemoData.Account(username: "anju-planner", displayName: "示例·安居区发改局规划科", role: .planner, region: region.rawValue,
                         department: nil),
        DemoData.Account(username: "anju-edu", displayName: "示例·安居区教育局填报员", role: .departmentEditor,
                         region: region.rawValue, department: "安居区教育局"),
        DemoData.Account(username: "anju-hrss", displayName: "示例·安居区人社局填报员", role: .departmentEditor,
                         region: region.rawValue, department: "安居区人力资源和社会保障局"),
        DemoData.Account(username: "anju-supervisor", displayName: "示例·安居区政府督查室", role: .reviewer,
                         region: region.rawValue, department: nil),
    ]

    /// The colour each demo task is steered to, in turn, by its dates and an approved report.
    enum Scenario: CaseIterable {
        case done, ahead, behind, stalled, overdue, longRunning
    }

    /// Publishes the plan's tasks and fills one period, unless the district has tasks already. The
    /// departments and accounts are registered by ``DemoData/load(into:)`` with the others.
    static func load(into database: JunhengDatabase, today: CalendarDay = .today) async throws {
        let app = JunhengApp(database: database)
        if try await !TaskStore(database.sql).tasks(TaskFilter(regions: [region])).isEmpty { return }
        guard let url = Bundle.module.url(forResource: "Plans/anju-district-13th", withExtension: "txt") else {
            throw JunhengError.notFound("示例规划文件 anju-district-13th.txt")
        }
        var draft = try PlanDraftBuilder.draft(document: try Data(contentsOf: url), filename: "anju-13th-action-plan.txt",
                                               region: region)
        // The ledger needs the tasks and projects; the Xingtai plan already demonstrates targets.
        draft.extractions = draft.extractions.filter { $0.kind == .task || $0.kind == .project }
        let tasksOnly = draft
        let audit = actor.audit
        let health = try await DepartmentStore(database.sql).departments(in: region).first { $0.name == "安居区卫生健康局" }
        try await app.tasks.mapDepartmentName("区卫计局", to: health?.id, region: region, actor: actor)
        try await database.transaction { db in
            let plans = PlanStore(db)
            let plan = try await plans.createDraft(tasksOnly, actor: audit)
            _ = try await plans.acceptPending(planID: plan.id, actor: audit)
            _ = try await plans.publish(planID: plan.id, actor: audit)
        }
        try await fillPeriod(app: app, today: today)
    }

    /// Moves the tasks' dates around today and files one approved report each, so that every colour
    /// shows; a few reports stay submitted, returned or in draft to show the review at work.
    static func fillPeriod(app: JunhengApp, today: CalendarDay) async throws {
        let tasks = try await TaskStore(app.database.sql).tasks(TaskFilter(regions: [region]))
        let period = try await app.tasks.openPeriod(region: region, containing: today, actor: actor)
        let start = today.adding(days: -270)
        for (index, task) in tasks.enumerated() {
            let scenario = Scenario.allCases[index % Scenario.allCases.count]
            let due: CalendarDay
            let status: TaskStatus
            switch scenario {
            case .done: (due, status) = (today.adding(days: 95), .done)
            case .ahead: (due, status) = (today.adding(days: 95), .nearlyDone)
            case .behind: (due, status) = (today.adding(days: 95), .inProgress)
            case .stalled: (due, status) = (today.adding(days: 95), .notStarted)
            case .overdue: (due, status) = (today.adding(days: -12), .inProgress)
            case .longRunning: (due, status) = (today.adding(days: 400), .inProgress)
            }
            _ = try await app.tasks.update(task: String(task.id), TaskChanges(startsOn: start, dueOn: due), actor: actor)
            let content = ReportContent(
                progressText: "示例数据：\(status == .done ? "已完成年度目标任务，正在整理验收资料" : "按计划推进，本季度完成阶段性工作")。",
                problems: status == .notStarted ? "示例数据：项目资金尚未到位。" : "",
                nextSteps: "示例数据：下季度继续推进并按时报送进展。", reportedStatus: status)
            let report = try await app.tasks.fileReport(task: String(task.id), period: String(period.id), content: content,
                                                        step: .submit, actor: actor)
            switch index {
            case 1: continue  // awaiting the supervising office
            case 2:
                _ = try await app.tasks.review(report: String(report.id), step: .returnToDepartment,
                                               comment: "示例数据：请补充资金使用情况。", actor: actor)
            default:
                _ = try await app.tasks.review(report: String(report.id), step: .approve, comment: "", actor: actor)
            }
        }
    }
}
