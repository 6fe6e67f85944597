import Foundation
import JunhengCore
import Storage

/// A planner's change to a task; nil fields stay as they are.
public struct TaskChanges: Sendable, Equatable, Decodable {
    public var title: String?
    public var description: String?
    public var startsOn: CalendarDay?
    public var dueOn: CalendarDay?
    public var weight: Double?
    public var progressMethod: TaskProgressMethod?
    public var indicatorID: Int64?
    public var leadDepartmentID: Int64?
    public var cooperatingDepartmentIDs: [Int64]?
    public var supervisingDepartmentID: Int64?
    public var milestones: [Milestone]?

    public init(title: String? = nil, description: String? = nil, startsOn: CalendarDay? = nil, dueOn: CalendarDay? = nil,
                weight: Double? = nil, progressMethod: TaskProgressMethod? = nil, indicatorID: Int64? = nil,
                leadDepartmentID: Int64? = nil, cooperatingDepartmentIDs: [Int64]? = nil,
                supervisingDepartmentID: Int64? = nil, milestones: [Milestone]? = nil) {
        self.title = title
        self.description = description
        self.startsOn = startsOn
        self.dueOn = dueOn
        self.weight = weight
        self.progressMethod = progressMethod
        self.indicatorID = indicatorID
        self.leadDepartmentID = leadDepartmentID
        self.cooperatingDepartmentIDs = cooperatingDepartmentIDs
        self.supervisingDepartmentID = supervisingDepartmentID
        self.milestones = milestones
    }
}

extension TaskUseCases {
    /// Applies a planner's changes to a task of their region; checks dates, weight, method inputs
    /// and departments (registered in the task's region).
    public func update(task idText: String?, _ changes: TaskChanges, actor: Actor) async throws -> TaskView {
        let task = try await store.existingTask(id: try recordID(idText, "任务"))
        try await app.access.authorize(.manageTasks, region: task.regionCode, actor: actor)
        let changed = try await applying(changes, to: task)
        _ = try await database.transaction { db in try await TaskStore(db).update(changed, actor: actor.audit) }
        return try await self.task(String(task.id), actor: actor)
    }

    /// Splits a sub-task off a task; it inherits the parent's region, plan and dates unless given.
    public func addSubtask(to parentText: String?, title: String, _ changes: TaskChanges, actor: Actor) async throws -> TaskView {
        let parent = try await store.existingTask(id: try recordID(parentText, "任务"))
        try await app.access.authorize(.manageTasks, region: parent.regionCode, actor: actor)
        guard !title.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw JunhengError.invalid(field: "title", "请填写子任务名称")
        }
        let siblings = try await store.tasks(TaskFilter(regions: [parent.regionCode], planID: parent.planID))
        var subtask = TaskRecord(planID: parent.planID, parentID: parent.id, regionCode: parent.regionCode, kind: .subtask,
                                 sortOrder: (siblings.map(\.sortOrder).max() ?? 0) + 1, title: title,
                                 supervisingDepartmentID: parent.supervisingDepartmentID, startsOn: parent.startsOn,
                                 dueOn: parent.dueOn, progressMethod: .status, departments: parent.departments)
        subtask = try await applying(changes, to: subtask)
        let stored = subtask
        let created = try await database.transaction { db in try await TaskStore(db).create(stored, actor: actor.audit) }
        return try await task(String(created.id), actor: actor)
    }

    /// Sets a colour by hand with a reason, or (nil) goes back to the computed colour. Audited.
    public func overrideColour(task idText: String?, colour: TaskColour?, reason: String, actor: Actor) async throws -> TaskView {
        var task = try await store.existingTask(id: try recordID(idText, "任务"))
        if try await !app.access.allows(.superviseTasks, region: task.regionCode, actor: actor) {
            try await app.access.authorize(.manageTasks, region: task.regionCode, actor: actor)
        }
        let trimmed = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        if colour != nil, trimmed.isEmpty { throw JunhengError.invalid(field: "reason", "人工调整灯色时请写明理由") }
        task.colourOverride = colour
        task.colourOverrideReason = colour == nil ? "" : trimmed
        let changed = task
        _ = try await database.transaction { db in
            try await TaskStore(db).update(changed, actor: actor.audit, action: colour == nil ? "clear_colour" : "override_colour")
        }
        return try await self.task(String(task.id), actor: actor)
    }

    private func applying(_ changes: TaskChanges, to task: TaskRecord) async throws -> TaskRecord {
        var task = task
        var issues: [ValidationIssue] = []
        if let title = changes.title {
            let trimmed = title.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { issues.append(ValidationIssue(field: "title", reason: "任务名称不能为空")) }
            task.title = trimmed
        }
        if let description = changes.description { task.description = description }
        if let startsOn = changes.startsOn { task.startsOn = startsOn }
        if let dueOn = changes.dueOn { task.dueOn = dueOn }
        if let start = task.startsOn, let due = task.dueOn, due < start {
            issues.append(ValidationIssue(field: "dueOn", reason: "完成时限（\(due)）早于开始日期（\(start)）"))
        }
        if let weight = changes.weight {
            if weight < 0 { issues.append(ValidationIssue(field: "weight", reason: "权重不能为负数")) }
            task.weight = weight
        }
        if let method = changes.progressMethod { task.progressMethod = method }
        if let indicator = changes.indicatorID { task.indicatorID = indicator }
        if task.progressMethod == .indicator, task.indicatorID == nil {
            issues.append(ValidationIssue(field: "indicatorID", reason: "按关联指标计算进度时请选择指标"))
        }
        if let indicator = task.indicatorID, try await IndicatorStore(database.sql).indicator(id: indicator) == nil {
            issues.append(ValidationIssue(field: "indicatorID", reason: "指标 \(indicator) 不存在"))
        }
        if task.progressMethod == .quantity, task.quantity == nil {
            issues.append(ValidationIssue(field: "progressMethod", reason: "该任务没有量化目标，不能按工程量计算进度"))
        }
        let registered = try await DepartmentStore(database.sql).departments(in: task.regionCode)
        func registeredDepartment(_ id: Int64, field: String) -> Department? {
            guard let department = registered.first(where: { $0.id == id }) else {
                issues.append(ValidationIssue(field: field, reason: "部门 \(id) 不是本地区登记的部门"))
                return nil
            }
            return department
        }
        if changes.leadDepartmentID != nil || changes.cooperatingDepartmentIDs != nil {
            let leadID = changes.leadDepartmentID ?? task.lead?.departmentID
            let cooperatingIDs = changes.cooperatingDepartmentIDs ?? task.cooperating.compactMap(\.departmentID)
            var links: [TaskDepartmentLink] = []
            if let leadID, let lead = registeredDepartment(leadID, field: "leadDepartmentID") {
                links.append(TaskDepartmentLink(name: lead.name, departmentID: lead.id, role: .lead))
            }
            for id in cooperatingIDs where id != leadID {
                if let department = registeredDepartment(id, field: "cooperatingDepartmentIDs"),
                   !links.contains(where: { $0.departmentID == id }) {
                    links.append(TaskDepartmentLink(name: department.name, departmentID: id, role: .cooperating))
                }
            }
            task.departments = links
        }
        if let supervising = changes.supervisingDepartmentID {
            task.supervisingDepartmentID = registeredDepartment(supervising, field: "supervisingDepartmentID")?.id
        }
        if let milestones = changes.milestones {
            for (index, milestone) in milestones.enumerated() {
                if milestone.title.trimmingCharacters(in: .whitespaces).isEmpty {
                    issues.append(ValidationIssue(field: "milestones[\(index)].title", reason: "里程碑名称不能为空"))
                }
                if milestone.share < 0 {
                    issues.append(ValidationIssue(field: "milestones[\(index)].share", reason: "里程碑占比不能为负数"))
                }
            }
            task.milestones = milestones
        }
        if !issues.isEmpty { throw JunhengError.invalid(issues) }
        return task
    }

    // MARK: department names

    /// Names the region's tasks use that matched no registered department and were not mapped.
    public func unmatchedDepartmentNames(region: RegionCode, actor: Actor) async throws -> [UnmatchedDepartmentName] {
        try await app.access.authorize(.manageTasks, region: region, actor: actor)
        return try await store.unmatchedNames(in: try await RegionStore(database.sql).subtreeCodes(of: region))
    }

    /// Maps a name to a registered department of the region (nil: it names no department, such as
    /// 各乡镇人民政府); the region's tasks naming it follow, and the next plans remember it.
    public func mapDepartmentName(_ name: String, to departmentID: Int64?, region: RegionCode, actor: Actor) async throws {
        let user = try await app.access.authorize(.manageTasks, region: region, actor: actor)
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw JunhengError.invalid(field: "name", "请填写单位名称") }
        if let departmentID {
            guard let department = try await DepartmentStore(database.sql).department(id: departmentID),
                  department.regionCode == region else {
                throw JunhengError.invalid(field: "department", "部门 \(departmentID) 不是本地区登记的部门")
            }
        }
        try await database.transaction { db in
            try await TaskStore(db).mapName(trimmed, to: departmentID, in: region, userID: user?.id, actor: actor.audit)
        }
    }

    // MARK: settings

    /// The colour thresholds, status percentages and frequency in force for a region.
    public func settings(region: RegionCode) async throws -> TaskSettings {
        try await reports.settings(path: try await RegionStore(database.sql).path(of: region))
    }

    public func saveSettings(_ settings: TaskSettings, region: RegionCode, actor: Actor) async throws {
        try await app.access.authorize(.manageTasks, region: region, actor: actor)
        _ = try settings.thresholds.validated()
        let issues = TaskStatus.allCases.compactMap { status -> ValidationIssue? in
            let percent = settings.statusScale.percent(status)
            return (0...100).contains(percent) ? nil
                : ValidationIssue(field: "statusPercent.\(status.rawValue)", reason: "“\(status.chineseName)”的进度应在 0 到 100 之间")
        }
        if !issues.isEmpty { throw JunhengError.invalid(issues) }
        try await database.transaction { db in
            try await TaskReportStore(db).saveSettings(settings, region: region, actor: actor.audit)
        }
    }
}
