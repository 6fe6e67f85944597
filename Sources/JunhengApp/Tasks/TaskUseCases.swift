import Foundation
import JunhengCore
import Storage

/// A task as people read it: its record with the progress and colour computed today, and the
/// names of its departments, plan and region.
public struct TaskView: Sendable, Equatable {
    public var task: TaskRecord
    public var progress: Double?
    /// The colour shown: the override when one is set, otherwise the computed one.
    public var colour: TaskColour
    public var computedColour: TaskColour
    public var reason: ColourReason
    /// The time-proportional progress (序时进度) today.
    public var expected: Double?
    public var leadName: String
    public var cooperatingNames: [String]
    public var planTitle: String?
    public var regionName: String
    /// Whether the task has sub-tasks (its progress is their roll-up).
    public var hasChildren: Bool
}

/// Which tasks a ledger shows; nil fields do not filter.
public struct LedgerFilter: Sendable, Equatable {
    public var region: RegionCode?
    public var planID: Int64?
    public var departmentID: Int64?
    public var colour: TaskColour?
    public var kind: TaskKind?
    /// Tasks due on or before this day.
    public var dueBy: CalendarDay?

    public init(region: RegionCode? = nil, planID: Int64? = nil, departmentID: Int64? = nil, colour: TaskColour? = nil,
                kind: TaskKind? = nil, dueBy: CalendarDay? = nil) {
        self.region = region
        self.planID = planID
        self.departmentID = departmentID
        self.colour = colour
        self.kind = kind
        self.dueBy = dueBy
    }
}

/// The department ledger (台账): tasks in plan order with counts by colour over all of them.
public struct Ledger: Sendable, Equatable {
    public var rows: [TaskView]
    /// Every colour, zeros included.
    public var counts: [TaskColour: Int]
}

/// Colour counts of one lead department or one region, for the supervising office's overview.
public struct ColourCountsRow: Sendable, Equatable {
    /// Set on rows by lead department (nil there for a name matched to no department).
    public var departmentID: Int64?
    /// Set on rows by region.
    public var regionCode: RegionCode?
    public var name: String
    /// Every colour, zeros included.
    public var counts: [TaskColour: Int]
    public var total: Int
}

/// The supervising office's overview: who is behind, where, and which tasks.
public struct SupervisionOverview: Sendable, Equatable {
    /// By lead department, most red (then yellow) first.
    public var departments: [ColourCountsRow]
    /// By the region a task belongs to, most red (then yellow) first.
    public var regions: [ColourCountsRow]
    /// Red, then yellow; earliest due first.
    public var late: [TaskView]
}

/// Key tasks and projects (重点任务与重点工程): the ledger, each task with its tree, milestones,
/// reports and provenance, the supervising office's view, department dashboards and the
/// department names plans use. Progress and colours are computed here, from approved reports only
/// (a report changes a task when the supervising office approves it), so what anyone sees is
/// what was approved.
public struct TaskUseCases: Sendable {
    let app: JunhengApp
    var database: JunhengDatabase { app.database }
    var store: TaskStore { TaskStore(database.sql) }
    var reports: TaskReportStore { TaskReportStore(database.sql) }

    /// The day colours are judged on; tests and the demo pass their own.
    public var today: CalendarDay { app.settings.today ?? CalendarDay.today }

    // MARK: reading

    /// The tasks in the filter's region subtree (the actor's whole scope without one; anyone may
    /// read tasks, as Decidim publishes results), with progress and colours.
    public func ledger(_ filter: LedgerFilter, actor: Actor) async throws -> Ledger {
        let regions = try await regionsToRead(filter.region, actor: actor)
        var views = try await views(of: try await store.tasks(TaskFilter(regions: regions, planID: filter.planID)))
        if let department = filter.departmentID {
            views = views.filter { $0.task.departments.contains { $0.departmentID == department } }
        }
        if let kind = filter.kind { views = views.filter { $0.task.kind == kind } }
        if let dueBy = filter.dueBy { views = views.filter { $0.task.dueOn.map { $0 <= dueBy } ?? false } }
        let counts = TaskColourRules.counts(views.map(\.colour))
        if let colour = filter.colour { views = views.filter { $0.colour == colour } }
        return Ledger(rows: views, counts: counts)
    }

    /// One task with its computed progress, or `notFound`.
    public func task(_ idText: String?, actor: Actor) async throws -> TaskView {
        let id = try recordID(idText, "任务")
        let task = try await store.existingTask(id: id)
        let family = try await store.tasks(TaskFilter(regions: [task.regionCode], planID: task.planID))
        guard let view = try await views(of: family.contains(where: { $0.id == id }) ? family : family + [task])
            .first(where: { $0.task.id == id }) else { throw JunhengError.notFound("任务 \(id)") }
        return view
    }

    /// The task's sub-tasks, with their progress.
    public func children(of task: TaskView) async throws -> [TaskView] {
        let family = try await store.tasks(TaskFilter(regions: [task.task.regionCode], planID: task.task.planID))
        return try await views(of: family).filter { $0.task.parentID == task.task.id }
    }

    /// The sentence of the plan the task came from, when it came from a plan.
    public func provenance(of task: TaskRecord) async throws -> ProvenanceRecord? {
        try await ProvenanceStore(database.sql).records(entity: "task", entityID: task.id).first
    }

    /// The supervising office's overview: colour counts by lead department and by region, most
    /// red first, and the late tasks (red, then yellow, earliest due first).
    public func supervision(region: RegionCode?, actor: Actor) async throws -> SupervisionOverview {
        let ledger = try await ledger(LedgerFilter(region: region), actor: actor)
        func rows(_ groups: [String: [TaskView]], _ row: ([TaskView]) -> ColourCountsRow) -> [ColourCountsRow] {
            groups.values.map(row).sorted {
                ($0.counts[.red]!, $0.counts[.yellow]!, $1.name) > ($1.counts[.red]!, $1.counts[.yellow]!, $0.name)
            }
        }
        let departments = rows(Dictionary(grouping: ledger.rows) { $0.task.lead?.departmentID.map(String.init) ?? "name:" + $0.leadName }) {
            ColourCountsRow(departmentID: $0[0].task.lead?.departmentID, name: $0[0].leadName,
                            counts: TaskColourRules.counts($0.map(\.colour)), total: $0.count)
        }
        let regions = rows(Dictionary(grouping: ledger.rows) { $0.task.regionCode.rawValue }) {
            ColourCountsRow(regionCode: $0[0].task.regionCode, name: $0[0].regionName,
                            counts: TaskColourRules.counts($0.map(\.colour)), total: $0.count)
        }
        let late = ledger.rows.filter { $0.colour == .red || $0.colour == .yellow }.sorted {
            ($0.colour, $0.task.dueOn?.description ?? "9999", $0.task.id) < ($1.colour, $1.task.dueOn?.description ?? "9999", $1.task.id)
        }
        return SupervisionOverview(departments: departments, regions: regions, late: late)
    }

    // MARK: computing

    /// Progress and colours of `tasks`; parents roll up the children among them.
    func views(of tasks: [TaskRecord]) async throws -> [TaskView] {
        guard !tasks.isEmpty else { return [] }
        // A fixed number of reads whatever the number of regions and plans the tasks are in.
        let regionCodes = Array(Set(tasks.map(\.regionCode)))
        let lineages = try await RegionStore(database.sql).lineages(of: regionCodes)
        let settingsByRegion = try await reports.settings(paths: Dictionary(
            uniqueKeysWithValues: regionCodes.map { code in (code, lineages[code]?.map(\.code) ?? [code]) }))
        let regionNames = Dictionary(uniqueKeysWithValues: regionCodes.map { code in (code, lineages[code]?.first?.name ?? code.rawValue) })
        let departmentNames = Dictionary(try await DepartmentStore(database.sql).departments(in: regionCodes).map { ($0.id, $0.name) },
                                         uniquingKeysWith: { first, _ in first })
        let planTitles = Dictionary(try await PlanStore(database.sql).plans(ids: Set(tasks.compactMap(\.planID))).map { ($0.id, $0.title) },
                                    uniquingKeysWith: { first, _ in first })
        let indicatorPercents = try await indicatorPercents(of: tasks)
        let nodes = tasks.map { task in
            TaskNode(id: task.id, parentID: task.parentID, weight: task.weight, own: OwnProgressInput(
                method: task.progressMethod, manualPercent: task.manualPercent, status: task.status,
                milestones: task.milestones, indicatorPercent: indicatorPercents[task.id], quantity: task.quantity))
        }
        let parents = Set(tasks.compactMap(\.parentID))
        var progress: [Int64: Double?] = [:]
        for (code, settings) in settingsByRegion {
            let regional = nodes.filter { node in tasks.first { $0.id == node.id }!.regionCode == code }
            progress.merge(TaskProgressRules.tree(regional, scale: settings.statusScale)) { $1 }
        }
        return tasks.map { task in
            let percent = progress[task.id] ?? nil
            let settings = settingsByRegion[task.regionCode] ?? .standard
            let computed = TaskColourRules.colour(progress: percent, isDone: task.status == .done, start: task.startsOn,
                                                  due: task.dueOn, today: today, thresholds: settings.thresholds)
            let name = { (link: TaskDepartmentLink) in link.departmentID.flatMap { departmentNames[$0] } ?? link.name }
            return TaskView(
                task: task, progress: percent, colour: task.colourOverride ?? computed.colour, computedColour: computed.colour,
                reason: task.colourOverride == nil ? computed.reason : .overridden(reason: task.colourOverrideReason),
                expected: TaskColourRules.expectedPercent(start: task.startsOn, due: task.dueOn, today: today),
                leadName: task.lead.map(name) ?? "", cooperatingNames: task.cooperating.map(name),
                planTitle: task.planID.flatMap { planTitles[$0] }, regionName: regionNames[task.regionCode] ?? "",
                hasChildren: parents.contains(task.id))
        }
    }

    /// For tasks that follow an indicator: the share of the way from its baseline to the target
    /// in force that its latest approved figure has come, in the task's region.
    private func indicatorPercents(of tasks: [TaskRecord]) async throws -> [Int64: Double] {
        let linked = tasks.filter { $0.progressMethod == .indicator && $0.indicatorID != nil }
        guard !linked.isEmpty else { return [:] }
        var percents: [Int64: Double] = [:]
        let overviews = try await Monitoring(database.sql, engine: database.engine).overviews(of: Array(Set(linked.map(\.regionCode))))
        for (region, regional) in Dictionary(grouping: linked, by: \.regionCode) {
            let rows = overviews[region] ?? []
            for task in regional {
                guard let row = rows.first(where: { $0.indicator.id == task.indicatorID }), let baseline = row.baselineValue,
                      let latest = row.latestValue, let target = row.target?.target.targetValue,
                      let percent = TaskProgressRules.indicatorPercent(baseline: baseline, latest: latest, target: target)
                else { continue }
                percents[task.id] = percent
            }
        }
        return percents
    }

    /// The regions an actor reads tasks of: the asked region's subtree, or the actor's scope;
    /// nil (every region) for the public and nationwide accounts.
    func regionsToRead(_ region: RegionCode?, actor: Actor) async throws -> [RegionCode]? {
        let regionStore = RegionStore(database.sql)
        if let region {
            _ = try await regionStore.existingRegion(region)
            return try await regionStore.subtreeCodes(of: region)
        }
        if let scope = actor.user?.regionCode { return try await regionStore.subtreeCodes(of: scope) }
        return nil
    }
}
