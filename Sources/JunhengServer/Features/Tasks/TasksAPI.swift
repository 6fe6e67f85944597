import Foundation
import Hummingbird
import JunhengApp
import JunhengCore
import Storage

/// `/api/v1/tasks…`: key tasks and projects (the ledger, one task with its tree, reports and
/// provenance, the supervising office's overview, planners' changes and colour overrides),
/// `/api/v1/task-periods…` (reporting periods), `/api/v1/task-reports…` (review, cooperating
/// departments' parts, attachments), `/api/v1/task-files/{id}`, `/api/v1/task-departments…`
/// (names plans use that match no department) and `/api/v1/task-settings`.
struct TasksAPI {
    let services: JunhengServices
    private var tasks: TaskUseCases { services.app.tasks }

    func register(on api: RouterGroup<AppContext>) {
        api.get("tasks", use: ledger)
        api.get("tasks/supervision", use: supervision)
        api.get("tasks/ledger.xlsx", use: exportLedger)
        api.post("tasks/ledger/preview", use: previewLedger)
        api.post("tasks/ledger/apply", use: applyLedger)
        api.get("tasks/:id", use: task)
        api.patch("tasks/:id", use: update)
        api.post("tasks/:id/subtasks", use: addSubtask)
        api.post("tasks/:id/colour", use: overrideColour)
        api.get("tasks/:id/reports/:period", use: report)
        api.put("tasks/:id/reports/:period", use: fileReport)
        api.get("task-periods", use: periods)
        api.post("task-periods", use: openPeriod)
        api.post("task-periods/:id/close", use: closePeriod)
        api.post("task-periods/:id/reopen", use: reopenPeriod)
        api.post("task-periods/:id/unlock", use: unlockPeriod)
        api.post("task-reports/:id/review", use: review)
        api.post("task-reports/:id/contributions", use: contribute)
        api.post("task-reports/:id/files", use: attach)
        api.get("task-files/:id", use: file)
        api.get("task-departments/unmatched", use: unmatched)
        api.post("task-departments/map", use: mapDepartment)
        api.get("task-settings", use: settings)
        api.put("task-settings", use: saveSettings)
    }

    // MARK: response shapes

    /// Colour counts as an object with every colour: `{"red": 2, "yellow": 0, …}`.
    typealias ColourCounts = [String: Int]

    static func counts(_ counts: [TaskColour: Int]) -> ColourCounts {
        Dictionary(uniqueKeysWithValues: TaskColour.allCases.map { ($0.rawValue, counts[$0] ?? 0) })
    }

    struct DepartmentRef: Encodable, Sendable {
        let name: String
        let departmentId: Int64?
    }

    struct Reason: Encodable, Sendable {
        let code: String
        let chinese: String
        let english: String

        init(_ reason: ColourReason) {
            switch reason {
            case .done: code = "done"
            case .overdue: code = "overdue"
            case .behind: code = "behind"
            case .dueSoon: code = "due_soon"
            case .onSchedule: code = "on_schedule"
            case .overridden: code = "overridden"
            }
            chinese = reason.chineseText
            english = reason.englishText
        }
    }

    /// A task as the ledger and the task endpoint show it (`Task` in docs/openapi.json).
    struct TaskJSON: Encodable, Sendable {
        struct Plan: Encodable, Sendable { let id: Int64; let title: String? }
        struct Region: Encodable, Sendable { let code: RegionCode; let name: String }

        let id: Int64
        let kind: TaskKind
        let title: String
        let description: String
        let parentId: Int64?
        let hasChildren: Bool
        let plan: Plan?
        let region: Region
        let lead: DepartmentRef?
        let cooperating: [DepartmentRef]
        let supervisingDepartmentId: Int64?
        let startsOn: CalendarDay?
        let dueOn: CalendarDay?
        let weight: Double?
        let progressMethod: TaskProgressMethod
        let manualPercent: Double?
        let indicatorId: Int64?
        let quantity: QuantifiedTarget?
        let milestones: [Milestone]
        let status: TaskStatus
        let progress: Double?
        let expected: Double?
        let colour: TaskColour
        let computedColour: TaskColour
        let reason: Reason
        let updatedAt: String

        init(_ view: TaskView) {
            let task = view.task
            id = task.id
            kind = task.kind
            title = task.title
            description = task.description
            parentId = task.parentID
            hasChildren = view.hasChildren
            plan = task.planID.map { Plan(id: $0, title: view.planTitle) }
            region = Region(code: task.regionCode, name: view.regionName)
            lead = task.lead.map { DepartmentRef(name: view.leadName, departmentId: $0.departmentID) }
            cooperating = zip(task.cooperating, view.cooperatingNames).map { DepartmentRef(name: $1, departmentId: $0.departmentID) }
            supervisingDepartmentId = task.supervisingDepartmentID
            startsOn = task.startsOn
            dueOn = task.dueOn
            weight = task.weight
            progressMethod = task.progressMethod
            manualPercent = task.manualPercent
            indicatorId = task.indicatorID
            quantity = task.quantity
            milestones = task.milestones
            status = task.status
            progress = view.progress
            expected = view.expected
            colour = view.colour
            computedColour = view.computedColour
            reason = Reason(view.reason)
            updatedAt = task.updatedAt
        }
    }

    struct LedgerJSON: Encodable, Sendable {
        let items: [TaskJSON]
        let count: Int
        /// Over every task the other filters keep, whatever `colour` asks for.
        let counts: ColourCounts
    }

    struct PeriodJSON: Encodable, Sendable {
        let id: Int64
        let regionCode: RegionCode
        let frequency: PeriodFrequency
        let startsOn: CalendarDay
        let endsOn: CalendarDay
        let dueOn: CalendarDay
        let label: String
        let englishLabel: String
        let status: PeriodStatus
        let openedAt: String
        let closedAt: String?
        /// Departments allowed to file in the closed period; given by the period endpoints only.
        let unlocks: [PeriodUnlock]?

        init(_ period: ReportingPeriodRecord, unlocks: [PeriodUnlock]? = nil) {
            id = period.id
            regionCode = period.regionCode
            frequency = period.window.frequency
            startsOn = period.window.startsOn
            endsOn = period.window.endsOn
            dueOn = period.window.dueOn
            label = period.window.chineseLabel
            englishLabel = period.window.englishLabel
            status = period.status
            openedAt = period.openedAt
            closedAt = period.closedAt
            self.unlocks = unlocks
        }
    }

    struct ReportJSON: Encodable, Sendable {
        struct Contribution: Encodable, Sendable {
            let departmentId: Int64
            let departmentName: String?
            let text: String
            let updatedAt: String
        }

        let id: Int64
        let taskId: Int64
        let period: PeriodJSON
        let departmentId: Int64?
        let departmentName: String?
        let status: ReportStatus
        let progressText: String
        let problems: String
        let nextSteps: String
        let fundsUsed: Double?
        let percent: Double?
        let reportedStatus: TaskStatus?
        let achievedValue: Double?
        let milestonesDone: [Int64]
        let reviewComment: String
        let updatedAt: String
        let submittedAt: String?
        let reviewedAt: String?
        let contributions: [Contribution]
        let files: [ReportFile]

        init(_ view: ReportView) {
            let report = view.report
            id = report.id
            taskId = report.taskID
            period = PeriodJSON(view.period)
            departmentId = report.departmentID
            departmentName = report.departmentID.flatMap { view.departmentNames[$0] }
            status = report.status
            progressText = report.progressText
            problems = report.problems
            nextSteps = report.nextSteps
            fundsUsed = report.fundsUsed
            percent = report.percent
            reportedStatus = report.reportedStatus
            achievedValue = report.achievedValue
            milestonesDone = report.milestonesDone
            reviewComment = report.reviewComment
            updatedAt = report.updatedAt
            submittedAt = report.submittedAt
            reviewedAt = report.reviewedAt
            contributions = view.contributions.map {
                Contribution(departmentId: $0.departmentID, departmentName: view.departmentNames[$0.departmentID], text: $0.text,
                             updatedAt: $0.updatedAt)
            }
            files = view.files
        }
    }

    struct TaskDetail: Encodable, Sendable {
        let task: TaskJSON
        let children: [TaskJSON]
        /// The sentence of the plan the task came from.
        let provenance: ProvenanceRecord?
        /// Oldest period first; approved ones only for readers who neither file nor review them.
        let reports: [ReportJSON]
    }

    struct Supervision: Encodable, Sendable {
        struct DepartmentRow: Encodable, Sendable {
            let departmentId: Int64?
            let name: String
            let counts: ColourCounts
            let total: Int
        }
        struct RegionRow: Encodable, Sendable {
            let regionCode: RegionCode?
            let name: String
            let counts: ColourCounts
            let total: Int
        }
        let departments: [DepartmentRow]
        let regions: [RegionRow]
        let late: [TaskJSON]
    }

    struct SettingsJSON: Encodable, Sendable {
        let regionCode: RegionCode
        let thresholds: ColourThresholds
        /// The percentage each status stands for, keyed by status.
        let statusPercents: [String: Double]
        let frequency: PeriodFrequency

        init(_ settings: TaskSettings, region: RegionCode) {
            regionCode = region
            thresholds = settings.thresholds
            statusPercents = Dictionary(uniqueKeysWithValues: TaskStatus.allCases.map { ($0.rawValue, settings.statusScale.percent($0)) })
            frequency = settings.frequency
        }
    }

    // MARK: reading

    /// Filters: `region`, `plan`, `department`, `colour`, `kind`, `due_by`.
    @Sendable func ledger(_ request: Request, context: AppContext) async throws -> JSON<LedgerJSON> {
        let ledger = try await tasks.ledger(try Self.ledgerFilter(request), actor: context.actor)
        return JSON(LedgerJSON(items: ledger.rows.map(TaskJSON.init), count: ledger.rows.count, counts: Self.counts(ledger.counts)))
    }

    static func ledgerFilter(_ request: Request) throws -> LedgerFilter {
        let query = request.uri.queryParameters
        func text(_ name: String) -> String? {
            query[Substring(name)].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        }
        func parse<T>(_ name: String, _ what: String, _ make: (String) -> T?) throws -> T? {
            guard let value = text(name) else { return nil }
            guard let parsed = make(value) else { throw JunhengError.invalid(field: name, "“\(value)”不是有效的\(what)") }
            return parsed
        }
        return LedgerFilter(
            region: try optionalRegionCode(text("region"), field: "region"),
            planID: try parse("plan", "规划 ID") { Int64($0) },
            departmentID: try parse("department", "部门 ID") { Int64($0) },
            colour: try parse("colour", "灯色（red、yellow、green、blue）") { TaskColour(rawValue: $0) },
            kind: try parse("kind", "任务类型（key_task、project、subtask）") { TaskKind(rawValue: $0) },
            dueBy: try parse("due_by", "日期（yyyy-MM-dd）") { CalendarDay($0) })
    }

    // MARK: the ledger spreadsheet

    /// The ledger as XLSX in the layout offices use; the ledger's filters.
    @Sendable func exportLedger(_ request: Request, context: AppContext) async throws -> Response {
        let filter = try Self.ledgerFilter(request)
        let data = try await tasks.exportLedger(filter, actor: context.actor)
        let filename = "tasks-ledger" + (filter.region.map { "-\($0.rawValue)" } ?? "") + ".xlsx"
        return Download.response(data, filename: filename, fallback: "tasks-ledger.xlsx",
                                 contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    }

    /// What an edited ledger (the body with `?filename=`, or a multipart form with `file`) would change.
    @Sendable func previewLedger(_ request: Request, context: AppContext) async throws -> JSON<LedgerImportPreview> {
        _ = try context.requireUser()
        var request = request
        let file = try await UploadedFile(request: &request, context: context)
        return JSON(try await tasks.previewLedgerImport(file.data, filename: Self.ledgerFilename(file.filename), actor: context.actor))
    }

    /// Applies an edited ledger, all or nothing.
    @Sendable func applyLedger(_ request: Request, context: AppContext) async throws -> JSON<LedgerImportPreview> {
        _ = try context.requireUser()
        var request = request
        let file = try await UploadedFile(request: &request, context: context)
        return JSON(try await tasks.applyLedgerImport(file.data, filename: Self.ledgerFilename(file.filename), actor: context.actor))
    }

    /// A body without `?filename=` is taken for XLSX.
    static func ledgerFilename(_ filename: String) -> String { filename == "upload" ? "ledger.xlsx" : filename }

    @Sendable func task(_ request: Request, context: AppContext) async throws -> JSON<TaskDetail> {
        JSON(try await detail(of: tasks.task(context.parameters.get("id"), actor: context.actor), actor: context.actor))
    }

    private func detail(of view: TaskView, actor: Actor) async throws -> TaskDetail {
        TaskDetail(task: TaskJSON(view), children: try await tasks.children(of: view).map(TaskJSON.init),
                   provenance: try await tasks.provenance(of: view.task),
                   reports: try await tasks.reports(of: view.task, actor: actor).map(ReportJSON.init))
    }

    /// Colour counts by lead department and by region (most red first) and the late tasks, in `region`'s
    /// subtree or the caller's scope.
    @Sendable func supervision(_ request: Request, context: AppContext) async throws -> JSON<Supervision> {
        let region = try optionalRegionCode(request.uri.queryParameters["region"].map(String.init), field: "region")
        let overview = try await tasks.supervision(region: region, actor: context.actor)
        return JSON(Supervision(
            departments: overview.departments.map {
                Supervision.DepartmentRow(departmentId: $0.departmentID, name: $0.name, counts: Self.counts($0.counts), total: $0.total)
            },
            regions: overview.regions.map {
                Supervision.RegionRow(regionCode: $0.regionCode, name: $0.name, counts: Self.counts($0.counts), total: $0.total)
            },
            late: overview.late.map(TaskJSON.init)))
    }

    // MARK: planners' changes

    /// The body of `PATCH /tasks/{id}` and `POST /tasks/{id}/subtasks`: absent fields stay as they are.
    struct TaskChangesBody: Decodable {
        struct MilestoneBody: Decodable {
            let id: Int64?
            let title: String
            let dueOn: CalendarDay?
            let share: Double?
            let doneOn: CalendarDay?
        }

        let title: String?
        let description: String?
        let startsOn: CalendarDay?
        let dueOn: CalendarDay?
        let weight: Double?
        let progressMethod: TaskProgressMethod?
        let indicatorId: Int64?
        let leadDepartmentId: Int64?
        let cooperatingDepartmentIds: [Int64]?
        let supervisingDepartmentId: Int64?
        let milestones: [MilestoneBody]?

        var changes: TaskChanges {
            TaskChanges(title: title, description: description, startsOn: startsOn, dueOn: dueOn, weight: weight,
                        progressMethod: progressMethod, indicatorID: indicatorId, leadDepartmentID: leadDepartmentId,
                        cooperatingDepartmentIDs: cooperatingDepartmentIds, supervisingDepartmentID: supervisingDepartmentId,
                        milestones: milestones?.map {
                            Milestone(id: $0.id ?? 0, title: $0.title, dueOn: $0.dueOn, share: $0.share ?? 1, doneOn: $0.doneOn)
                        })
        }
    }

    @Sendable func update(_ request: Request, context: AppContext) async throws -> JSON<TaskJSON> {
        _ = try context.requireUser()
        let body = try await request.decode(as: TaskChangesBody.self, context: context)
        return JSON(TaskJSON(try await tasks.update(task: context.parameters.get("id"), body.changes, actor: context.actor)))
    }

    @Sendable func addSubtask(_ request: Request, context: AppContext) async throws -> JSON<TaskJSON> {
        _ = try context.requireUser()
        let body = try await request.decode(as: TaskChangesBody.self, context: context)
        var changes = body.changes
        changes.title = nil
        return JSON(TaskJSON(try await tasks.addSubtask(to: context.parameters.get("id"), title: body.title ?? "", changes,
                                                        actor: context.actor)), status: .created)
    }

    struct ColourBody: Decodable {
        /// Null goes back to the computed colour.
        let colour: TaskColour?
        let reason: String?
    }

    @Sendable func overrideColour(_ request: Request, context: AppContext) async throws -> JSON<TaskJSON> {
        _ = try context.requireUser()
        let body = try await request.decode(as: ColourBody.self, context: context)
        return JSON(TaskJSON(try await tasks.overrideColour(task: context.parameters.get("id"), colour: body.colour,
                                                            reason: body.reason ?? "", actor: context.actor)))
    }

    // MARK: periods

    @Sendable func periods(_ request: Request, context: AppContext) async throws -> JSON<ItemList<PeriodJSON>> {
        let region = try regionCode(request.uri.queryParameters["region"].map(String.init), field: "region")
        var items: [PeriodJSON] = []
        for period in try await tasks.periods(region: region) {
            items.append(PeriodJSON(period, unlocks: try await tasks.unlocks(period: period)))
        }
        return JSON(ItemList(items))
    }

    struct OpenPeriodBody: Decodable {
        let region: String
        let frequency: PeriodFrequency?
        /// A day inside the period; today by default.
        let containing: CalendarDay?
        /// Reports due; ten days after the period ends by default.
        let dueOn: CalendarDay?
    }

    @Sendable func openPeriod(_ request: Request, context: AppContext) async throws -> JSON<PeriodJSON> {
        _ = try context.requireUser()
        let body = try await request.decode(as: OpenPeriodBody.self, context: context)
        let period = try await tasks.openPeriod(region: try regionCode(body.region, field: "region"), frequency: body.frequency,
                                                containing: body.containing, dueOn: body.dueOn, actor: context.actor)
        return JSON(PeriodJSON(period, unlocks: []), status: .created)
    }

    @Sendable func closePeriod(_ request: Request, context: AppContext) async throws -> JSON<PeriodJSON> {
        try await setStatus(.closed, request, context)
    }

    @Sendable func reopenPeriod(_ request: Request, context: AppContext) async throws -> JSON<PeriodJSON> {
        try await setStatus(.open, request, context)
    }

    private func setStatus(_ status: PeriodStatus, _ request: Request, _ context: AppContext) async throws -> JSON<PeriodJSON> {
        _ = try context.requireUser()
        let period = try await tasks.setPeriodStatus(status, period: context.parameters.get("id"), actor: context.actor)
        return JSON(PeriodJSON(period, unlocks: try await tasks.unlocks(period: period)))
    }

    struct UnlockBody: Decodable {
        let departmentId: Int64
        let reason: String?
    }

    /// Lets one department file in a closed period again; the reason is logged.
    @Sendable func unlockPeriod(_ request: Request, context: AppContext) async throws -> JSON<PeriodJSON> {
        _ = try context.requireUser()
        let body = try await request.decode(as: UnlockBody.self, context: context)
        let id = context.parameters.get("id")
        try await tasks.unlock(period: id, departmentID: body.departmentId, reason: body.reason ?? "", actor: context.actor)
        let period = try await tasks.period(id)
        return JSON(PeriodJSON(period, unlocks: try await tasks.unlocks(period: period)))
    }

    // MARK: reports

    /// The task's report for the period, or 404 when there is none the caller may read.
    @Sendable func report(_ request: Request, context: AppContext) async throws -> JSON<ReportJSON> {
        let view = try await tasks.task(context.parameters.get("id"), actor: context.actor)
        let period = try await tasks.period(context.parameters.get("period"))
        guard let report = try await tasks.reports(of: view.task, actor: context.actor).first(where: { $0.period.id == period.id })
        else { throw JunhengError.notFound("任务 \(view.task.id) 在\(period.window.chineseLabel)的进展报告") }
        return JSON(ReportJSON(report))
    }

    /// The body of `PUT /tasks/{id}/reports/{period}`: the report's content and `step`.
    struct ReportBody: Decodable {
        let step: ReportStep?
        let progressText: String?
        let problems: String?
        let nextSteps: String?
        let fundsUsed: Double?
        let percent: Double?
        let reportedStatus: TaskStatus?
        let achievedValue: Double?
        let milestonesDone: [Int64]?

        var content: ReportContent {
            ReportContent(progressText: progressText ?? "", problems: problems ?? "", nextSteps: nextSteps ?? "", fundsUsed: fundsUsed,
                          percent: percent, reportedStatus: reportedStatus, achievedValue: achievedValue,
                          milestonesDone: milestonesDone ?? [])
        }
    }

    /// Saves (`"step": "save"`, the default) or submits the lead department's report.
    @Sendable func fileReport(_ request: Request, context: AppContext) async throws -> JSON<ReportJSON> {
        _ = try context.requireUser()
        let body = try await request.decode(as: ReportBody.self, context: context)
        let saved = try await tasks.fileReport(task: context.parameters.get("id"), period: context.parameters.get("period"),
                                               content: body.content, step: body.step ?? .save, actor: context.actor)
        return JSON(try await reportJSON(saved.id, actor: context.actor))
    }

    private func reportJSON(_ id: Int64, actor: Actor) async throws -> ReportJSON {
        ReportJSON(try await tasks.report(String(id), actor: actor).0)
    }

    struct ReviewBody: Decodable {
        let step: ReportStep
        let comment: String?
    }

    /// The supervising office approves a submitted report or returns it with a comment.
    @Sendable func review(_ request: Request, context: AppContext) async throws -> JSON<ReportJSON> {
        _ = try context.requireUser()
        let body = try await request.decode(as: ReviewBody.self, context: context)
        let reviewed = try await tasks.review(report: context.parameters.get("id"), step: body.step, comment: body.comment ?? "",
                                              actor: context.actor)
        return JSON(try await reportJSON(reviewed.id, actor: context.actor))
    }

    struct ContributionBody: Decodable {
        let text: String
        /// The cooperating department; the caller's own by default.
        let departmentId: Int64?
    }

    @Sendable func contribute(_ request: Request, context: AppContext) async throws -> JSON<ReportJSON> {
        _ = try context.requireUser()
        let body = try await request.decode(as: ContributionBody.self, context: context)
        let id = context.parameters.get("id")
        try await tasks.contribute(report: id, text: body.text, departmentID: body.departmentId, actor: context.actor)
        return JSON(ReportJSON(try await tasks.report(id, actor: context.actor).0))
    }

    /// The file as the body (`?filename=`), or a multipart form with `file`.
    @Sendable func attach(_ request: Request, context: AppContext) async throws -> JSON<ReportFile> {
        _ = try context.requireUser()
        var request = request
        let upload = try await UploadedFile(request: &request, context: context)
        let reportID = context.parameters.get("id")
        let fileID = try await tasks.attach(report: reportID, filename: upload.filename,
                                            contentType: Self.contentType(of: upload.filename), bytes: [UInt8](upload.data),
                                            actor: context.actor)
        guard let file = try await tasks.report(reportID, actor: context.actor).0.files.first(where: { $0.id == fileID }) else {
            throw JunhengError.notFound("附件 \(fileID)")
        }
        return JSON(file, status: .created)
    }

    /// An attachment under its own name, for those who may read its report.
    @Sendable func file(_ request: Request, context: AppContext) async throws -> Response {
        let (file, bytes) = try await tasks.attachment(context.parameters.get("id"), actor: context.actor)
        return Download.response(Data(bytes), filename: file.filename, fallback: "attachment", contentType: file.contentType)
    }

    /// The type an attachment is served as, from its extension only (never the uploader's word,
    /// so that no upload is served as a page).
    static func contentType(of filename: String) -> String {
        let types = ["pdf": "application/pdf", "jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png",
                     "doc": "application/msword", "xls": "application/vnd.ms-excel",
                     "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                     "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                     "csv": "text/csv; charset=utf-8", "txt": "text/plain; charset=utf-8", "zip": "application/zip"]
        let ext = filename.split(separator: ".").count > 1 ? filename.split(separator: ".").last.map { $0.lowercased() } : nil
        return ext.flatMap { types[$0] } ?? "application/octet-stream"
    }

    // MARK: department names

    @Sendable func unmatched(_ request: Request, context: AppContext) async throws -> JSON<ItemList<UnmatchedDepartmentName>> {
        let region = try regionCode(request.uri.queryParameters["region"].map(String.init), field: "region")
        return JSON(ItemList(try await tasks.unmatchedDepartmentNames(region: region, actor: context.actor)))
    }

    struct MappingBody: Codable, Sendable {
        let region: String
        let name: String
        /// Null: the name names no department (such as 各乡镇人民政府).
        let departmentId: Int64?
    }

    /// Maps a name to a registered department of the region; its tasks follow, and later plans remember it.
    @Sendable func mapDepartment(_ request: Request, context: AppContext) async throws -> JSON<MappingBody> {
        _ = try context.requireUser()
        let body = try await request.decode(as: MappingBody.self, context: context)
        let region = try regionCode(body.region, field: "region")
        try await tasks.mapDepartmentName(body.name, to: body.departmentId, region: region, actor: context.actor)
        return JSON(MappingBody(region: region.rawValue, name: body.name.trimmingCharacters(in: .whitespacesAndNewlines),
                                departmentId: body.departmentId))
    }

    // MARK: settings

    @Sendable func settings(_ request: Request, context: AppContext) async throws -> JSON<SettingsJSON> {
        let region = try regionCode(request.uri.queryParameters["region"].map(String.init), field: "region")
        return JSON(SettingsJSON(try await tasks.settings(region: region), region: region))
    }

    /// The body of `PUT /task-settings`: absent parts keep the settings in force.
    struct SettingsBody: Decodable {
        let thresholds: ColourThresholds?
        let statusPercents: [String: Double]?
        let frequency: PeriodFrequency?
    }

    @Sendable func saveSettings(_ request: Request, context: AppContext) async throws -> JSON<SettingsJSON> {
        _ = try context.requireUser()
        let region = try regionCode(request.uri.queryParameters["region"].map(String.init), field: "region")
        let body = try await request.decode(as: SettingsBody.self, context: context)
        var settings = try await tasks.settings(region: region)
        if let thresholds = body.thresholds { settings.thresholds = thresholds }
        if let frequency = body.frequency { settings.frequency = frequency }
        for (key, percent) in body.statusPercents ?? [:] {
            guard let status = TaskStatus(rawValue: key) else {
                throw JunhengError.invalid(field: "statusPercents.\(key)", "“\(key)”不是任务状态")
            }
            settings.statusScale.percents[status] = percent
        }
        try await tasks.saveSettings(settings, region: region, actor: context.actor)
        return JSON(SettingsJSON(try await tasks.settings(region: region), region: region))
    }
}
