import Foundation
import JunhengCore
import SQLKit

/// A department named by a task: the name as written, and the registered department it was
/// matched to (nil until matched or mapped).
public struct TaskDepartmentLink: Codable, Sendable, Equatable {
    public var name: String
    public var departmentID: Int64?
    public var role: TaskDepartmentRole

    public init(name: String, departmentID: Int64?, role: TaskDepartmentRole) {
        self.name = name
        self.departmentID = departmentID
        self.role = role
    }
}

/// A key task, project or sub-task (`tasks` with its departments and milestones); `id` is 0 until stored.
public struct TaskRecord: Codable, Sendable, Equatable {
    public var id: Int64
    public var planID: Int64?
    public var parentID: Int64?
    public var regionCode: RegionCode
    public var kind: TaskKind
    public var sortOrder: Int
    public var title: String
    public var description: String
    /// 督办单位: the office that approves the task's reports.
    public var supervisingDepartmentID: Int64?
    public var startsOn: CalendarDay?
    public var dueOn: CalendarDay?
    public var weight: Double?
    public var progressMethod: TaskProgressMethod
    public var manualPercent: Double?
    public var status: TaskStatus
    public var indicatorID: Int64?
    public var quantity: QuantifiedTarget?
    public var colourOverride: TaskColour?
    public var colourOverrideReason: String
    /// The lead first, then the cooperating departments.
    public var departments: [TaskDepartmentLink]
    public var milestones: [Milestone]
    public var createdAt: String
    public var updatedAt: String

    public init(id: Int64 = 0, planID: Int64? = nil, parentID: Int64? = nil, regionCode: RegionCode, kind: TaskKind,
                sortOrder: Int = 0, title: String, description: String = "", supervisingDepartmentID: Int64? = nil,
                startsOn: CalendarDay? = nil, dueOn: CalendarDay? = nil, weight: Double? = nil,
                progressMethod: TaskProgressMethod = .status, manualPercent: Double? = nil, status: TaskStatus = .notStarted,
                indicatorID: Int64? = nil, quantity: QuantifiedTarget? = nil, colourOverride: TaskColour? = nil,
                colourOverrideReason: String = "", departments: [TaskDepartmentLink] = [], milestones: [Milestone] = [],
                createdAt: String = "", updatedAt: String = "") {
        self.id = id
        self.planID = planID
        self.parentID = parentID
        self.regionCode = regionCode
        self.kind = kind
        self.sortOrder = sortOrder
        self.title = title
        self.description = description
        self.supervisingDepartmentID = supervisingDepartmentID
        self.startsOn = startsOn
        self.dueOn = dueOn
        self.weight = weight
        self.progressMethod = progressMethod
        self.manualPercent = manualPercent
        self.status = status
        self.indicatorID = indicatorID
        self.quantity = quantity
        self.colourOverride = colourOverride
        self.colourOverrideReason = colourOverrideReason
        self.departments = departments
        self.milestones = milestones
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public var lead: TaskDepartmentLink? { departments.first { $0.role == .lead } }
    public var cooperating: [TaskDepartmentLink] { departments.filter { $0.role == .cooperating } }
}

/// Which tasks to list; nil fields do not filter.
public struct TaskFilter: Sendable, Equatable {
    public var regions: [RegionCode]?
    public var planID: Int64?
    /// Tasks the department leads or cooperates on.
    public var departmentID: Int64?
    public var kind: TaskKind?
    public var ids: [Int64]?

    public init(regions: [RegionCode]? = nil, planID: Int64? = nil, departmentID: Int64? = nil, kind: TaskKind? = nil,
                ids: [Int64]? = nil) {
        self.regions = regions
        self.planID = planID
        self.departmentID = departmentID
        self.kind = kind
        self.ids = ids
    }
}

/// A name plans give a department that matched no registered department, with the tasks naming it.
public struct UnmatchedDepartmentName: Codable, Sendable, Equatable {
    public var name: String
    public var taskCount: Int

    public init(name: String, taskCount: Int) {
        self.name = name
        self.taskCount = taskCount
    }
}

/// Tasks with their departments and milestones, and the names planners mapped to departments.
public struct TaskStore: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) { self.db = db }

    private struct TaskRow: Decodable {
        var id: Int64
        var planId: Int64?
        var parentId: Int64?
        var regionCode: String
        var kind: String
        var sortOrder: Int
        var title: String
        var description: String
        var supervisingDepartmentId: Int64?
        var startsOn: String?
        var dueOn: String?
        var weight: Double?
        var progressMethod: String
        var manualPercent: Double?
        var status: String
        var indicatorId: Int64?
        var targetValue: Double?
        var targetUnit: String
        var targetYear: Int?
        var achievedValue: Double?
        var colourOverride: String?
        var colourOverrideReason: String
        var createdAt: String
        var updatedAt: String

        func record() throws -> TaskRecord {
            guard let region = RegionCode(rawValue: regionCode), let kind = TaskKind(rawValue: kind),
                  let method = TaskProgressMethod(rawValue: progressMethod), let status = TaskStatus(rawValue: status) else {
                throw JunhengError.invalid(field: "tasks", "数据库中的任务 \(id) 数据无效")
            }
            return TaskRecord(
                id: id, planID: planId, parentID: parentId, regionCode: region, kind: kind, sortOrder: sortOrder,
                title: title, description: description, supervisingDepartmentID: supervisingDepartmentId,
                startsOn: startsOn.flatMap(CalendarDay.init), dueOn: dueOn.flatMap(CalendarDay.init), weight: weight,
                progressMethod: method, manualPercent: manualPercent, status: status, indicatorID: indicatorId,
                quantity: targetValue.map { QuantifiedTarget(value: $0, unit: targetUnit, year: targetYear, achieved: achievedValue) },
                colourOverride: colourOverride.flatMap(TaskColour.init), colourOverrideReason: colourOverrideReason,
                createdAt: createdAt, updatedAt: updatedAt)
        }
    }

    private struct DepartmentRow: Decodable {
        var taskId: Int64
        var departmentName: String
        var departmentId: Int64?
        var role: String
    }

    private struct MilestoneRow: Decodable {
        var id: Int64
        var taskId: Int64
        var title: String
        var dueOn: String?
        var share: Double
        var doneOn: String?
    }

    private static let taskColumns = [
        "id", "plan_id", "parent_id", "region_code", "kind", "sort_order", "title", "description",
        "supervising_department_id", "starts_on", "due_on", "weight", "progress_method", "manual_percent", "status",
        "indicator_id", "target_value", "target_unit", "target_year", "achieved_value", "colour_override",
        "colour_override_reason", "created_at", "updated_at",
    ]

    public func task(id: Int64) async throws -> TaskRecord? {
        try await tasks(TaskFilter(ids: [id])).first
    }

    public func existingTask(id: Int64) async throws -> TaskRecord {
        guard let task = try await task(id: id) else { throw JunhengError.notFound("任务 \(id) 不存在") }
        return task
    }

    /// Tasks in plan order (plan, then the order the plan names them), each with its departments
    /// and milestones, in three queries whatever their number.
    public func tasks(_ filter: TaskFilter) async throws -> [TaskRecord] {
        let query = db.select().columns(Self.taskColumns.map { SQLColumn($0, table: "tasks") }).from("tasks")
        if let regions = filter.regions { query.where(SQLColumn("region_code", table: "tasks"), .in, SQLBind.group(regions.map(\.rawValue))) }
        if let planID = filter.planID { query.where(SQLColumn("plan_id", table: "tasks"), .equal, SQLBind(planID)) }
        if let kind = filter.kind { query.where(SQLColumn("kind", table: "tasks"), .equal, SQLBind(kind.rawValue)) }
        if let ids = filter.ids { query.where(SQLColumn("id", table: "tasks"), .in, SQLBind.group(ids)) }
        if let department = filter.departmentID {
            query.where(SQLColumn("id", table: "tasks"), .in,
                        SQLSubquery.select { $0.column("task_id").from("task_departments").where("department_id", .equal, department) })
        }
        let rows = try await query.orderBy(SQLColumn("plan_id", table: "tasks")).orderBy(SQLColumn("sort_order", table: "tasks"))
            .orderBy(SQLColumn("id", table: "tasks")).all()
        var tasks = try rows.map { try $0.decode(model: TaskRow.self, keyDecodingStrategy: .convertFromSnakeCase).record() }
        guard !tasks.isEmpty else { return [] }
        let ids = tasks.map(\.id)
        let departments = Dictionary(grouping: try await db.select()
            .columns("task_id", "department_name", "department_id", "role").from("task_departments")
            .where("task_id", .in, ids).orderBy("task_id").orderBy("sort_order").all()
            .map { try $0.decode(model: DepartmentRow.self, keyDecodingStrategy: .convertFromSnakeCase) }, by: \.taskId)
        let milestones = Dictionary(grouping: try await db.select()
            .columns("id", "task_id", "title", "due_on", "share", "done_on").from("task_milestones")
            .where("task_id", .in, ids).orderBy("task_id").orderBy("sort_order").orderBy("id").all()
            .map { try $0.decode(model: MilestoneRow.self, keyDecodingStrategy: .convertFromSnakeCase) }, by: \.taskId)
        for index in tasks.indices {
            let id = tasks[index].id
            tasks[index].departments = (departments[id] ?? []).map {
                TaskDepartmentLink(name: $0.departmentName, departmentID: $0.departmentId,
                                   role: TaskDepartmentRole(rawValue: $0.role) ?? .cooperating)
            }
            tasks[index].milestones = (milestones[id] ?? []).map {
                Milestone(id: $0.id, title: $0.title, dueOn: $0.dueOn.flatMap(CalendarDay.init), share: $0.share,
                          doneOn: $0.doneOn.flatMap(CalendarDay.init))
            }
        }
        return tasks
    }

    /// Stores a new task with its departments and milestones; audited.
    public func create(_ task: TaskRecord, actor: AuditActor) async throws -> TaskRecord {
        var task = task
        let now = Timestamp.now()
        task.createdAt = now
        task.updatedAt = now
        let values = Self.values(of: task)
        task.id = try await db.insert(into: "tasks").columns(values.map(\.0) + ["created_at"])
            .values(values.map(\.1) + [SQLBind(now)])
            .returning("id").first()!.decode(column: "id", as: Int64.self)
        try await writeChildren(of: task)
        task = try await existingTask(id: task.id)
        try await AuditLog(db).record(actor, action: "create", entity: "task", entityID: String(task.id),
                                      regionCode: task.regionCode.rawValue, after: task)
        return task
    }

    /// Replaces a stored task's fields, departments and milestones; audited with before and after.
    @discardableResult
    public func update(_ task: TaskRecord, actor: AuditActor, action: String = "update") async throws -> TaskRecord {
        let before = try await existingTask(id: task.id)
        var task = task
        task.updatedAt = Timestamp.now()
        let update = db.update("tasks")
        for (column, value) in Self.values(of: task) { update.set(SQLColumn(column), to: value) }
        try await update.where("id", .equal, task.id).run()
        try await db.delete(from: "task_departments").where("task_id", .equal, task.id).run()
        try await writeDepartments(of: task)
        // Milestones keep their ids (reports refer to them): update in place, add new, drop removed.
        let kept = task.milestones.map(\.id).filter { id in before.milestones.contains { $0.id == id } }
        let removed = before.milestones.map(\.id).filter { !kept.contains($0) }
        if !removed.isEmpty { try await db.delete(from: "task_milestones").where("id", .in, removed).run() }
        for (order, milestone) in task.milestones.enumerated() {
            if kept.contains(milestone.id) {
                try await db.update("task_milestones").set("title", to: milestone.title)
                    .set("due_on", to: SQLBind(milestone.dueOn?.description)).set("share", to: milestone.share)
                    .set("done_on", to: SQLBind(milestone.doneOn?.description)).set("sort_order", to: order)
                    .where("id", .equal, milestone.id).run()
            } else {
                try await insert(milestone, order: order, taskID: task.id)
            }
        }
        let after = try await existingTask(id: task.id)
        try await AuditLog(db).record(actor, action: action, entity: "task", entityID: String(task.id),
                                      regionCode: task.regionCode.rawValue, before: before, after: after)
        return after
    }

    private static func values(of task: TaskRecord) -> [(String, SQLBind)] {
        [
            ("plan_id", SQLBind(task.planID)), ("parent_id", SQLBind(task.parentID)),
            ("region_code", SQLBind(task.regionCode.rawValue)), ("kind", SQLBind(task.kind.rawValue)),
            ("sort_order", SQLBind(task.sortOrder)), ("title", SQLBind(task.title)), ("description", SQLBind(task.description)),
            ("supervising_department_id", SQLBind(task.supervisingDepartmentID)),
            ("starts_on", SQLBind(task.startsOn?.description)), ("due_on", SQLBind(task.dueOn?.description)),
            ("weight", SQLBind(task.weight)), ("progress_method", SQLBind(task.progressMethod.rawValue)),
            ("manual_percent", SQLBind(task.manualPercent)), ("status", SQLBind(task.status.rawValue)),
            ("indicator_id", SQLBind(task.indicatorID)), ("target_value", SQLBind(task.quantity?.value)),
            ("target_unit", SQLBind(task.quantity?.unit ?? "")), ("target_year", SQLBind(task.quantity?.year)),
            ("achieved_value", SQLBind(task.quantity?.achieved)), ("colour_override", SQLBind(task.colourOverride?.rawValue)),
            ("colour_override_reason", SQLBind(task.colourOverrideReason)), ("updated_at", SQLBind(task.updatedAt)),
        ]
    }

    private func writeChildren(of task: TaskRecord) async throws {
        try await writeDepartments(of: task)
        for (order, milestone) in task.milestones.enumerated() { try await insert(milestone, order: order, taskID: task.id) }
    }

    private func writeDepartments(of task: TaskRecord) async throws {
        for (order, department) in task.departments.enumerated() {
            try await db.insert(into: "task_departments")
                .columns("task_id", "department_name", "department_id", "role", "sort_order")
                .values(SQLBind(task.id), SQLBind(department.name), SQLBind(department.departmentID),
                        SQLBind(department.role.rawValue), SQLBind(order))
                .run()
        }
    }

    private func insert(_ milestone: Milestone, order: Int, taskID: Int64) async throws {
        try await db.insert(into: "task_milestones")
            .columns("task_id", "title", "due_on", "share", "done_on", "sort_order")
            .values(SQLBind(taskID), SQLBind(milestone.title), SQLBind(milestone.dueOn?.description),
                    SQLBind(milestone.share), SQLBind(milestone.doneOn?.description), SQLBind(order))
            .run()
    }

    // MARK: department names

    /// The planner's earlier mappings in a region: name → department (nil: not a department).
    public func aliases(in region: RegionCode) async throws -> [String: Int64?] {
        var aliases: [String: Int64?] = [:]
        for row in try await db.select().columns("name", "department_id").from("department_aliases")
            .where("region_code", .equal, region.rawValue).all() {
            aliases[try row.decode(column: "name", as: String.self)] = try row.decode(column: "department_id", as: Int64?.self)
        }
        return aliases
    }

    /// Names of the region's tasks that matched no department and were not mapped, most used first.
    public func unmatchedNames(in regions: [RegionCode]) async throws -> [UnmatchedDepartmentName] {
        let rows = try await db.select()
            .column(SQLColumn("department_name", table: "task_departments"))
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "tasks")
            .from("task_departments")
            .join("tasks", on: SQLColumn("id", table: "tasks"), .equal, SQLColumn("task_id", table: "task_departments"))
            .where(SQLColumn("department_id", table: "task_departments"), .is, SQLLiteral.null)
            .where(SQLColumn("region_code", table: "tasks"), .in, SQLBind.group(regions.map(\.rawValue)))
            .where(SQLColumn("department_name", table: "task_departments"), .notIn,
                   SQLSubquery.select { $0.column("name").from("department_aliases")
                       .where("region_code", .in, regions.map(\.rawValue)) })
            .groupBy(SQLColumn("department_name", table: "task_departments"))
            .orderBy("tasks", .descending).orderBy(SQLColumn("department_name", table: "task_departments"))
            .all()
        return try rows.map {
            UnmatchedDepartmentName(name: try $0.decode(column: "department_name", as: String.self),
                                    taskCount: try $0.decode(column: "tasks", as: Int.self))
        }
    }

    /// Remembers that `name` means `departmentID` in `region` (nil: not a department) and links the
    /// region's tasks that name it. Audited.
    public func mapName(_ name: String, to departmentID: Int64?, in region: RegionCode, userID: Int64?,
                        actor: AuditActor) async throws {
        try await db.delete(from: "department_aliases").where("region_code", .equal, region.rawValue)
            .where("name", .equal, name).run()
        try await db.insert(into: "department_aliases")
            .columns("region_code", "name", "department_id", "created_by", "created_at")
            .values(SQLBind(region.rawValue), SQLBind(name), SQLBind(departmentID), SQLBind(userID), SQLBind(Timestamp.now()))
            .run()
        try await db.update("task_departments").set("department_id", to: SQLBind(departmentID))
            .where("department_name", .equal, name)
            .where("task_id", .in, SQLSubquery.select { $0.column("id").from("tasks").where("region_code", .equal, region.rawValue) })
            .run()
        struct Mapping: Encodable { var name: String; var departmentID: Int64? }
        try await AuditLog(db).record(actor, action: "map", entity: "department_name", entityID: name,
                                      regionCode: region.rawValue, after: Mapping(name: name, departmentID: departmentID))
    }
}

extension TaskStore {
    /// Stores a published plan's key tasks and projects under its region, due by the end of the
    /// plan's period, their departments matched to the region's register (and the planner's
    /// remembered mappings). Returns each task's id with the fact it came from.
    func createPublished(_ publication: PlanPublication, plan: PlanRecord, actor: AuditActor) async throws
        -> [(Int64, Extraction)] {
        let regions = RegionStore(db)
        var regionNames: [String] = []
        for code in try await regions.path(of: plan.regionCode) {
            if let region = try await regions.region(code) { regionNames.append(region.name) }
        }
        let candidates = try await DepartmentStore(db).departments(in: plan.regionCode)
            .map { DepartmentCandidate(id: $0.id, name: $0.name, shortName: $0.shortName) }
        let aliases = try await aliases(in: plan.regionCode)
        func link(_ department: PlanPublication.TaskDepartment) -> TaskDepartmentLink {
            let id: Int64?
            if let mapped = aliases[department.name] {
                id = mapped
            } else if case .department(let matched) = DepartmentMatching.match(department.name, among: candidates,
                                                                                regionNames: regionNames) {
                id = matched
            } else {
                id = nil
            }
            return TaskDepartmentLink(name: department.name, departmentID: id, role: department.role)
        }
        let startsOn = plan.periodStart.flatMap { CalendarDay(year: $0, month: 1, day: 1) }
        let dueOn = plan.periodEnd.flatMap { CalendarDay(year: $0, month: 12, day: 31) }
        var created: [(Int64, Extraction)] = []
        for (order, task) in publication.tasks.enumerated() {
            let record = try await create(TaskRecord(
                planID: plan.id, regionCode: plan.regionCode, kind: .keyTask, sortOrder: order, title: task.title,
                description: task.description, startsOn: startsOn, dueOn: dueOn, progressMethod: .status,
                departments: task.departments.map(link)), actor: actor)
            created.append((record.id, task.source))
        }
        for (order, project) in publication.projects.enumerated() {
            let quantity = project.targetValue.map { QuantifiedTarget(value: $0, unit: project.targetUnit, year: project.targetYear) }
            let record = try await create(TaskRecord(
                planID: plan.id, regionCode: plan.regionCode, kind: .project, sortOrder: publication.tasks.count + order,
                title: project.name, description: project.description, startsOn: startsOn,
                dueOn: project.targetYear.flatMap { CalendarDay(year: $0, month: 12, day: 31) } ?? dueOn,
                progressMethod: quantity == nil ? .status : .quantity, quantity: quantity), actor: actor)
            created.append((record.id, project.source))
        }
        return created
    }
}
