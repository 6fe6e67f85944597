import Foundation
import JunhengCore
import Storage

/// A report with what pages show beside it.
public struct ReportView: Sendable, Equatable {
    public var report: TaskReportRecord
    public var period: ReportingPeriodRecord
    public var contributions: [ReportContribution]
    public var files: [ReportFile]
    public var departmentNames: [Int64: String]
}

/// What a department has to do: its tasks, the reports still due in open periods, the reports
/// returned to it.
public struct DepartmentDashboard: Sendable, Equatable {
    public var department: Department
    public var tasks: [TaskView]
    /// Tasks it leads with no submitted or approved report in an open period.
    public var due: [(task: TaskView, period: ReportingPeriodRecord)]
    public var returned: [(task: TaskView, report: TaskReportRecord)]
    /// Whether the reader follows the department's reports (its own users, and those of the region
    /// who file, supervise or manage reports without belonging to another department); for anyone
    /// else `due` and `returned` are empty.
    public var followsReports: Bool

    public static func == (lhs: DepartmentDashboard, rhs: DepartmentDashboard) -> Bool {
        lhs.department == rhs.department && lhs.tasks == rhs.tasks
            && lhs.due.map { [$0.task.task.id, $0.period.id] } == rhs.due.map { [$0.task.task.id, $0.period.id] }
            && lhs.returned.map(\.report) == rhs.returned.map(\.report) && lhs.followsReports == rhs.followsReports
    }
}

/// The progress reports someone still owes: tasks with no submitted or approved report in an open
/// period (with that period, whose `window.dueOn` is the deadline), and reports returned to them.
public struct ReportsOwed: Sendable {
    public var due: [(task: TaskView, period: ReportingPeriodRecord)]
    public var returned: [(task: TaskView, report: TaskReportRecord)]
}

extension TaskUseCases {
    /// Largest attachment of a report.
    public static let maximumAttachmentBytes = 10 * 1024 * 1024

    // MARK: periods

    /// The periods of the region's path (a city's periods cover its counties' tasks), latest first.
    public func periods(region: RegionCode) async throws -> [ReportingPeriodRecord] {
        try await reports.periods(in: try await RegionStore(database.sql).path(of: region))
    }

    public func period(_ idText: String?) async throws -> ReportingPeriodRecord {
        try await reports.existingPeriod(id: try recordID(idText, "填报周期"))
    }

    /// Opens the period containing `day` (today by default) at the region's frequency unless one
    /// is given, due `dueOn` or ten days after it ends.
    @discardableResult
    public func openPeriod(region: RegionCode, frequency: PeriodFrequency? = nil, containing day: CalendarDay? = nil,
                           dueOn: CalendarDay? = nil, actor: Actor) async throws -> ReportingPeriodRecord {
        let user = try await app.access.authorize(.manageTasks, region: region, actor: actor)
        let settings = try await reports.settings(path: try await RegionStore(database.sql).path(of: region))
        let window = try PeriodWindow(frequency: frequency ?? settings.frequency, containing: day ?? today, dueOn: dueOn).validated()
        return try await database.transaction { db in
            try await TaskReportStore(db).openPeriod(window, region: region, userID: user?.id, actor: actor.audit)
        }
    }

    /// Closes a period (its reports lock) or opens it again.
    public func setPeriodStatus(_ status: PeriodStatus, period idText: String?, actor: Actor) async throws -> ReportingPeriodRecord {
        let period = try await period(idText)
        try await app.access.authorize(.manageTasks, region: period.regionCode, actor: actor)
        return try await database.transaction { db in
            try await TaskReportStore(db).setStatus(status, periodID: period.id, actor: actor.audit)
        }
    }

    /// Lets one department file in a closed period again; the reason is required and logged.
    public func unlock(period idText: String?, departmentID: Int64, reason: String, actor: Actor) async throws {
        let period = try await period(idText)
        let user = try await app.access.authorize(.manageTasks, region: period.regionCode, actor: actor)
        guard !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw JunhengError.invalid(field: "reason", "解锁时请写明原因")
        }
        guard try await DepartmentStore(database.sql).department(id: departmentID) != nil else {
            throw JunhengError.invalid(field: "department", "部门 \(departmentID) 不存在")
        }
        try await database.transaction { db in
            try await TaskReportStore(db).unlock(periodID: period.id, departmentID: departmentID, reason: reason,
                                                 userID: user?.id, actor: actor.audit)
        }
    }

    public func unlocks(period: ReportingPeriodRecord) async throws -> [PeriodUnlock] {
        try await reports.unlocks(periodID: period.id)
    }

    // MARK: reports

    /// The reports of a task, oldest period first: all of them for those who file or review
    /// them in the task's region, approved ones only for everyone else.
    public func reports(of task: TaskRecord, actor: Actor) async throws -> [ReportView] {
        let mayReadAll = try await maySeeUnapproved(task, actor: actor)
        let records = try await reports.reports(taskIDs: [task.id]).filter { mayReadAll || $0.status == .approved }
        return try await reportViews(records)
    }

    /// One report, or `notFound` for a reader who may not see it.
    public func report(_ idText: String?, actor: Actor) async throws -> (ReportView, TaskView) {
        let id = try recordID(idText, "进展报告")
        guard let record = try await reports.report(id: id) else { throw JunhengError.notFound("进展报告 \(id)") }
        let task = try await task(String(record.taskID), actor: actor)
        let mayRead = try await maySeeUnapproved(task.task, actor: actor)
        guard record.status == .approved || mayRead else {
            throw JunhengError.notFound("进展报告 \(id)")
        }
        return (try await reportViews([record])[0], task)
    }

    func maySeeUnapproved(_ task: TaskRecord, actor: Actor) async throws -> Bool {
        try await maySeeUnapproved(region: task.regionCode, actor: actor)
    }

    /// Refuses unless the actor files the task's lead department's reports: department editors
    /// only for the tasks their department leads. Returns the user (nil for the system).
    @discardableResult
    func requireReporter(on task: TaskRecord, actor: Actor) async throws -> UserRecord? {
        let lead = task.lead?.departmentID
        let user = try await app.access.authorize(.reportTasks, region: task.regionCode, department: lead, actor: actor)
        if user?.role == .departmentEditor, lead == nil || user?.scope.departmentID != lead {
            throw JunhengError.forbidden("只有牵头单位可以填报该任务的进展")
        }
        return user
    }

    private func reportViews(_ records: [TaskReportRecord]) async throws -> [ReportView] {
        let ids = records.map(\.id)
        let contributions = Dictionary(grouping: try await reports.contributions(reportIDs: ids), by: \.reportID)
        let files = Dictionary(grouping: try await reports.files(reportIDs: ids), by: \.reportID)
        var periods: [Int64: ReportingPeriodRecord] = [:]
        var names: [Int64: String] = [:]
        for record in records {
            if periods[record.periodID] == nil { periods[record.periodID] = try await reports.existingPeriod(id: record.periodID) }
            for id in [record.departmentID].compactMap({ $0 }) + (contributions[record.id] ?? []).map(\.departmentID)
            where names[id] == nil {
                names[id] = try await DepartmentStore(database.sql).department(id: id)?.name
            }
        }
        return records.map {
            ReportView(report: $0, period: periods[$0.periodID]!, contributions: contributions[$0.id] ?? [],
                       files: files[$0.id] ?? [], departmentNames: names)
        }
    }

    /// Saves (`.save`) or submits (`.submit`) the lead department's report on a task for a
    /// period. Department editors file for the tasks their department leads; the period must be
    /// open, or unlocked for that department; a submitted or approved report is not edited.
    @discardableResult
    public func fileReport(task idText: String?, period periodText: String?, content: ReportContent, step: ReportStep,
                           actor: Actor) async throws -> TaskReportRecord {
        guard step == .save || step == .submit else { throw JunhengError.invalid(field: "step", "只能保存或报送") }
        let task = try await store.existingTask(id: try recordID(idText, "任务"))
        let period = try await period(periodText)
        let lead = task.lead?.departmentID
        let user = try await requireReporter(on: task, actor: actor)
        try await requireOpen(period, for: task, department: lead)
        let issues = ProgressReportRules.problems(progressText: content.progressText, percent: content.percent,
                                                  fundsUsed: content.fundsUsed, step: step, comment: "")
            + milestoneProblems(content.milestonesDone, task: task)
        if !issues.isEmpty { throw JunhengError.invalid(issues) }
        let existing = try await reports.report(taskID: task.id, periodID: period.id)
        if let existing, !existing.status.isEditable {
            throw JunhengError.conflict("进展报告当前为“\(existing.status.chineseName)”，不能修改")
        }
        var report = existing ?? TaskReportRecord(taskID: task.id, periodID: period.id, departmentID: lead, createdBy: user?.id)
        report.status = try report.status.next(for: step)
        report.content = content
        if step == .submit { report.submittedAt = Timestamp.now() }
        let saved = report
        return try await database.transaction { db in
            try await TaskReportStore(db).save(saved, action: step.rawValue, regionCode: task.regionCode, actor: actor.audit)
        }
    }

    /// The supervising office returns a submitted report with a comment, or approves it; an
    /// approved report updates the task (status, percentage, quantity achieved, milestones done).
    /// Nobody approves a report they filed themselves.
    @discardableResult
    public func review(report idText: String?, step: ReportStep, comment: String, actor: Actor) async throws -> TaskReportRecord {
        guard step == .approve || step == .returnToDepartment else { throw JunhengError.invalid(field: "step", "只能退回或审核通过") }
        let id = try recordID(idText, "进展报告")
        guard var report = try await reports.report(id: id) else { throw JunhengError.notFound("进展报告 \(id)") }
        let task = try await store.existingTask(id: report.taskID)
        let user = try await app.access.authorize(.superviseTasks, region: task.regionCode, actor: actor)
        if let user, report.createdBy == user.id { throw JunhengError.forbidden("不能审核自己填报的进展报告") }
        let issues = ProgressReportRules.problems(progressText: report.progressText, percent: nil, fundsUsed: nil, step: step,
                                                  comment: comment)
        if !issues.isEmpty { throw JunhengError.invalid(issues) }
        report.status = try report.status.next(for: step)
        report.reviewComment = comment
        report.reviewedBy = user?.id
        report.reviewedAt = Timestamp.now()
        let reviewed = report
        return try await database.transaction { db in
            let saved = try await TaskReportStore(db).save(reviewed, action: step.rawValue, regionCode: task.regionCode,
                                                           actor: actor.audit)
            if step == .approve {
                try await TaskStore(db).update(Self.applying(saved, to: task, today: today), actor: actor.audit,
                                               action: "apply_report")
            }
            return saved
        }
    }

    /// The task as an approved report leaves it.
    static func applying(_ report: TaskReportRecord, to task: TaskRecord, today: CalendarDay) -> TaskRecord {
        var task = task
        if let status = report.reportedStatus { task.status = status }
        if let percent = report.percent { task.manualPercent = percent }
        if let achieved = report.achievedValue { task.quantity?.achieved = achieved }
        for index in task.milestones.indices
        where report.milestonesDone.contains(task.milestones[index].id) && task.milestones[index].doneOn == nil {
            task.milestones[index].doneOn = today
        }
        return task
    }

    /// A cooperating department adds its part to the lead's report while the lead can still edit it.
    public func contribute(report idText: String?, text: String, departmentID: Int64? = nil, actor: Actor) async throws {
        let id = try recordID(idText, "进展报告")
        guard let report = try await reports.report(id: id) else { throw JunhengError.notFound("进展报告 \(id)") }
        let task = try await store.existingTask(id: report.taskID)
        guard let department = departmentID ?? actor.user?.scope.departmentID else {
            throw JunhengError.invalid(field: "department", "请选择配合单位")
        }
        guard task.cooperating.contains(where: { $0.departmentID == department }) else {
            throw JunhengError.forbidden("该部门不是此任务的配合单位")
        }
        let user = try await app.access.authorize(.reportTasks, region: task.regionCode, department: department, actor: actor)
        guard report.status.isEditable else {
            throw JunhengError.conflict("进展报告当前为“\(report.status.chineseName)”，配合单位不能再补充")
        }
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw JunhengError.invalid(field: "text", "请填写配合单位的进展")
        }
        try await database.transaction { db in
            try await TaskReportStore(db).contribute(reportID: report.id, departmentID: department, text: text,
                                                     userID: user?.id, regionCode: task.regionCode, actor: actor.audit)
        }
    }

    /// Attaches a file to a report its lead may still edit.
    public func attach(report idText: String?, filename: String, contentType: String, bytes: [UInt8], actor: Actor) async throws
        -> Int64 {
        let id = try recordID(idText, "进展报告")
        guard let report = try await reports.report(id: id) else { throw JunhengError.notFound("进展报告 \(id)") }
        let task = try await store.existingTask(id: report.taskID)
        let user = try await requireReporter(on: task, actor: actor)
        guard report.status.isEditable else { throw JunhengError.conflict("进展报告当前为“\(report.status.chineseName)”，不能添加附件") }
        guard !bytes.isEmpty else { throw JunhengError.invalid(field: "file", "附件是空文件") }
        guard bytes.count <= Self.maximumAttachmentBytes else {
            throw JunhengError.invalid(field: "file", "附件超过 \(Self.maximumAttachmentBytes / 1024 / 1024) MB")
        }
        let name = filename.split(separator: "/").last.map(String.init) ?? "附件"
        return try await database.transaction { db in
            try await TaskReportStore(db).attach(reportID: report.id, filename: name, contentType: contentType, bytes: bytes,
                                                 userID: user?.id)
        }
    }

    /// An attachment's bytes, for those who may read its report.
    public func attachment(_ idText: String?, actor: Actor) async throws -> (ReportFile, Data) {
        let id = try recordID(idText, "附件")
        guard let (file, bytes) = try await reports.file(id: id) else { throw JunhengError.notFound("附件 \(id)") }
        _ = try await report(String(file.reportID), actor: actor)
        return (file, bytes)
    }

    private func requireOpen(_ period: ReportingPeriodRecord, for task: TaskRecord, department: Int64?) async throws {
        guard try await RegionStore(database.sql).path(of: task.regionCode).contains(period.regionCode) else {
            throw JunhengError.invalid(field: "period", "填报周期\(period.window.chineseLabel)不适用于该任务所在地区")
        }
        if period.status == .closed {
            let unlocked = try await reports.unlocks(periodID: period.id).contains { $0.departmentID == department }
            if !unlocked { throw JunhengError.conflict("填报周期\(period.window.chineseLabel)已关闭，如需补报请联系规划管理员解锁") }
        }
    }

    private func milestoneProblems(_ ids: [Int64], task: TaskRecord) -> [ValidationIssue] {
        ids.filter { id in !task.milestones.contains { $0.id == id } }.map {
            ValidationIssue(field: "milestonesDone", reason: "里程碑 \($0) 不属于该任务")
        }
    }

    // MARK: dashboards

    /// A department's tasks, the reports it still owes in open periods and those returned to it.
    public func dashboard(department departmentID: Int64, actor: Actor) async throws -> DepartmentDashboard {
        guard let department = try await DepartmentStore(database.sql).department(id: departmentID) else {
            throw JunhengError.notFound("部门 \(departmentID)")
        }
        let tasks = try await ledger(LedgerFilter(region: department.regionCode, departmentID: departmentID), actor: actor).rows
        let owed = try await owed(on: tasks.filter { $0.task.lead?.departmentID == departmentID }, region: department.regionCode)
        var follows = actor.isSystem || actor.user?.departmentID == departmentID
        if !follows, let user = actor.user, user.departmentID == nil {
            follows = try await maySeeUnapproved(region: department.regionCode, actor: actor)
        }
        return DepartmentDashboard(department: department, tasks: tasks, due: follows ? owed.due : [],
                                   returned: follows ? owed.returned : [], followsReports: follows)
    }

    /// The progress reports the actor files and still owes: a department editor's department's
    /// (as on its dashboard), a region reporter's or planner's on every task of their region.
    /// Nothing for those who file no reports (the public, reviewers) or have no region.
    public func reportsOwed(actor: Actor) async throws -> ReportsOwed {
        guard let user = actor.user, let region = user.regionCode, user.role.permissions.contains(.reportTasks) else {
            return ReportsOwed(due: [], returned: [])
        }
        if let department = user.departmentID {
            let dashboard = try await dashboard(department: department, actor: actor)
            return ReportsOwed(due: dashboard.due, returned: dashboard.returned)
        }
        return try await owed(on: try await ledger(LedgerFilter(region: region), actor: actor).rows, region: region)
    }

    /// The reports on `tasks` still due in the open periods of `region`'s path (none yet, or only
    /// a draft), and those returned: one read of the reports.
    private func owed(on tasks: [TaskView], region: RegionCode) async throws -> ReportsOwed {
        let open = try await periods(region: region).filter { $0.status == .open }
        let filed = try await reports.reports(taskIDs: tasks.map(\.task.id), periodIDs: open.map(\.id))
        var owed = ReportsOwed(due: [], returned: [])
        for period in open {
            for task in tasks where task.task.status != .done {
                let report = filed.first { $0.taskID == task.task.id && $0.periodID == period.id }
                if report == nil || report?.status == .draft { owed.due.append((task, period)) }
                if let report, report.status == .returned { owed.returned.append((task, report)) }
            }
        }
        return owed
    }

    /// Reports awaiting the supervising office in the actor's scope, oldest first.
    public func reportsToReview(actor: Actor) async throws -> [(task: TaskView, report: TaskReportRecord)] {
        let regions = try await regionsToRead(nil, actor: actor)
        let tasks = try await views(of: try await store.tasks(TaskFilter(regions: regions)))
        var result: [(task: TaskView, report: TaskReportRecord)] = []
        for report in try await reports.reports(taskIDs: tasks.map(\.task.id), status: .submitted) {
            guard let task = tasks.first(where: { $0.task.id == report.taskID }),
                  try await app.access.allows(.superviseTasks, region: task.task.regionCode, actor: actor) else { continue }
            result.append((task, report))
        }
        return result.sorted { ($0.report.submittedAt ?? "") < ($1.report.submittedAt ?? "") }
    }
}
