import Foundation
import JunhengApp
import JunhengCore
import Storage

/// How task pages write numbers, percentages and colours.
enum TaskFormat {
    /// 45, 62.5; "—" for none.
    static func number(_ value: Double?) -> String {
        guard let value else { return "—" }
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int64(rounded)) : String(format: "%.1f", rounded)
    }

    static func percent(_ value: Double?) -> String {
        value.map { number($0) + "%" } ?? "—"
    }

    static func day(_ day: CalendarDay?) -> String { day?.description ?? "—" }

    /// The chip's background and a text colour that reads on it (WCAG AA).
    static func colours(_ colour: TaskColour) -> (background: String, text: String) {
        switch colour {
        case .red: ("#c92a2a", "#ffffff")
        case .yellow: ("#ffd43b", "#1a1a1a")
        case .green: ("#237a3b", "#ffffff")
        case .blue: ("#1864ab", "#ffffff")
        }
    }

    static func reason(_ reason: ColourReason, in language: Language) -> String {
        language == .chinese ? reason.chineseText : reason.englishText
    }

    static func meaning(_ colour: TaskColour, in language: Language) -> String {
        language == .chinese ? colour.chineseMeaning : colour.englishMeaning
    }

    static func period(_ window: PeriodWindow, in language: Language) -> String {
        language == .chinese ? window.chineseLabel : window.englishLabel
    }
}

/// A task's colour as pages show it: never by colour alone, always with its name (红灯), its
/// meaning and the reason for it.
struct TaskColourView {
    let value: String
    let name: String
    let meaning: String
    let reason: String
    let background: String
    let text: String
    let overridden: Bool

    init(_ view: TaskView, language: Language) {
        value = view.colour.rawValue
        name = view.colour.name(in: language)
        meaning = TaskFormat.meaning(view.colour, in: language)
        reason = TaskFormat.reason(view.reason, in: language)
        (background, text) = TaskFormat.colours(view.colour)
        overridden = view.task.colourOverride != nil
    }
}

/// A task's progress: the percentage as text and as a bar, with the time-proportional
/// progress (序时进度) beside it.
struct TaskProgressView {
    let text: String
    /// 0–100 for the `<progress>` bar, drawn only when there is progress.
    let value: Int
    let hasValue: Bool
    let expected: String?

    init(_ view: TaskView) {
        text = TaskFormat.percent(view.progress)
        value = view.progress.map { Int(min(max($0, 0), 100).rounded()) } ?? 0
        hasValue = view.progress != nil
        expected = view.expected.map(TaskFormat.percent)
    }
}

/// One task in a table (the ledger, a dashboard, the late tasks): a row links to the task page.
struct TaskRowView {
    let number: Int
    let id: Int64
    let title: String
    let kind: String
    let lead: String
    let cooperating: String
    let due: String
    let regionName: String
    let progress: TaskProgressView
    let colour: TaskColourView
    /// A sub-task, indented under its parent.
    let isSubtask: Bool

    init(_ view: TaskView, number: Int, language: Language) {
        self.number = number
        id = view.task.id
        title = view.task.title
        kind = view.task.kind.name(in: language)
        lead = view.leadName.isEmpty ? "—" : view.leadName
        cooperating = view.cooperatingNames.joined(separator: language.punctuation.listSeparator)
        due = TaskFormat.day(view.task.dueOn)
        regionName = view.regionName
        progress = TaskProgressView(view)
        colour = TaskColourView(view, language: language)
        isSubtask = view.task.parentID != nil
    }

    static func rows(_ views: [TaskView], language: Language) -> [TaskRowView] {
        views.enumerated().map { TaskRowView($1, number: $0 + 1, language: language) }
    }
}

/// A choice in a select of a form.
struct TaskOption {
    let value: String
    let name: String
    let selected: Bool
}

/// The count of tasks of one colour, linked to the ledger filtered by it.
struct ColourCountView {
    let value: String
    let name: String
    let meaning: String
    let count: Int
    let background: String
    let text: String

    static func all(_ counts: [TaskColour: Int], language: Language) -> [ColourCountView] {
        TaskColour.allCases.map { colour in
            let (background, text) = TaskFormat.colours(colour)
            return ColourCountView(value: colour.rawValue, name: colour.name(in: language), meaning: TaskFormat.meaning(colour, in: language),
                                   count: counts[colour] ?? 0, background: background, text: text)
        }
    }
}

/// `Tasks/ledger`: the ledger (台账) filtered by region, plan, department, colour, kind and due
/// date, with the counts by colour over the filter (before the colour filter) and links to the
/// spreadsheet export and import.
struct LedgerPage {
    let region: String
    let dueBy: String
    let plans: [TaskOption]
    let departments: [TaskOption]
    let colours: [TaskOption]
    let kinds: [TaskOption]
    let filtered: Bool
    let counts: [ColourCountView]
    let total: Int
    let rows: [TaskRowView]
    /// The query of this view, for the export link and the colour links.
    let query: String
    let colourQuery: String
    let mayImport: Bool

    struct Query {
        var region: String = ""
        var plan: String = ""
        var department: String = ""
        var colour: String = ""
        var kind: String = ""
        var dueBy: String = ""

        var isEmpty: Bool { [region, plan, department, colour, kind, dueBy].allSatisfy(\.isEmpty) }

        /// `region=…&plan=…`, empty fields left out.
        func encoded(withoutColour: Bool = false) -> String {
            [("region", region), ("plan", plan), ("department", department), ("colour", withoutColour ? "" : colour), ("kind", kind),
             ("due_by", dueBy)]
                .filter { !$0.1.isEmpty }
                .map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
                .joined(separator: "&")
        }
    }

    init(ledger: Ledger?, query: Query, plans: [PlanRecord], departments: [Department], mayImport: Bool, language: Language) {
        region = query.region
        dueBy = query.dueBy
        self.plans = plans.map { TaskOption(value: String($0.id), name: $0.title, selected: String($0.id) == query.plan) }
        self.departments = departments.map { TaskOption(value: String($0.id), name: $0.name, selected: String($0.id) == query.department) }
        colours = TaskColour.allCases.map {
            TaskOption(value: $0.rawValue, name: $0.name(in: language), selected: $0.rawValue == query.colour)
        }
        kinds = TaskKind.allCases.map { TaskOption(value: $0.rawValue, name: $0.name(in: language), selected: $0.rawValue == query.kind) }
        filtered = !query.isEmpty
        counts = ColourCountView.all(ledger?.counts ?? TaskColourRules.counts([]), language: language)
        total = ledger?.counts.values.reduce(0, +) ?? 0
        rows = TaskRowView.rows(ledger?.rows ?? [], language: language)
        self.query = query.encoded()
        let withoutColour = query.encoded(withoutColour: true)
        colourQuery = withoutColour.isEmpty ? "" : withoutColour + "&"
        self.mayImport = mayImport
    }
}

/// `Tasks/task`: one task — its facts, progress and colour with the reason, milestones, sub-tasks,
/// the plan sentence it came from and its reports — and the forms the viewer may use.
struct TaskPage {
    struct Facts {
        let id: Int64
        let title: String
        let description: String?
        let kind: String
        let status: String
        let planID: Int64?
        let planTitle: String?
        let regionCode: String
        let regionName: String
        let lead: String
        let cooperating: String
        let supervising: String?
        let startsOn: String
        let dueOn: String
        let weight: String
        let method: String
        let parentID: Int64?
        /// "10 个（2020年）", and how much is achieved.
        let target: String?
        let achieved: String?
    }

    struct MilestoneView {
        let id: Int64
        let title: String
        let due: String
        let share: String
        let done: Bool
        let doneOn: String
        /// Ticked in the report form.
        let checked: Bool
    }

    struct Contribution {
        let department: String
        let text: String
    }

    struct File {
        let id: Int64
        let filename: String
        let size: String
    }

    /// One report in the history, latest period first.
    struct Report {
        let id: Int64
        let period: String
        let status: String
        let statusName: String
        let approved: Bool
        let returned: Bool
        let progressText: String
        let problems: String?
        let nextSteps: String?
        let funds: String?
        let percent: String?
        let reportedStatus: String?
        let comment: String?
        let submittedAt: String?
        let reviewedAt: String?
        let contributions: [Contribution]
        let files: [File]
    }

    /// The lead department's form for the report of an open period, holding what was typed.
    struct ReportForm {
        let periodID: Int64
        let period: String
        let periods: [TaskOption]
        let reportStatus: String?
        let returnedComment: String?
        let progressText: String
        let problems: String
        let nextSteps: String
        let fundsUsed: String
        let percent: String
        let statuses: [TaskOption]
        let milestones: [MilestoneView]
    }

    /// The supervising office's decision on a submitted report.
    struct ReviewForm {
        let reportID: Int64
        let period: String
        let comment: String
    }

    struct ContributionForm {
        let reportID: Int64
        let department: String
        let text: String
    }

    struct ColourForm {
        let colours: [TaskOption]
        let reason: String
        let overridden: Bool
    }

    struct EditForm {
        let startsOn: String
        let dueOn: String
        let weight: String
        let methods: [TaskOption]
        let leads: [TaskOption]
        let cooperating: [TaskOption]
    }

    let task: Facts
    let progress: TaskProgressView
    let colour: TaskColourView
    let milestones: [MilestoneView]
    let children: [TaskRowView]
    let provenance: String?
    let provenanceFile: String?
    let reports: [Report]
    /// Only approved reports are shown (the reader is not one who files or supervises them).
    let publicReports: Bool
    var reportForm: ReportForm?
    /// The viewer files reports but no period is open.
    var noOpenPeriod = false
    /// The report of the open period waits for the supervising office.
    var awaitingReview: String?
    var review: ReviewForm?
    var contribution: ContributionForm?
    var attachmentReportID: Int64?
    var colourForm: ColourForm?
    var editForm: EditForm?

    /// What a refused form posted, to show again.
    enum Posted {
        case none
        case report(FormFields)
        case review(String)
        case contribution(String)
        case colour(FormFields)
        case edit(FormFields)
    }

    init(view: TaskView, children: [TaskView], provenance: ProvenanceRecord?, reports: [ReportView], rights: TaskRights,
         departments: [Department], language: Language) {
        let task = view.task
        let names = Dictionary(departments.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let (open, close) = (language.punctuation.open, language.punctuation.close)
        self.task = Facts(
            id: task.id, title: task.title,
            description: task.description.isEmpty || task.description == provenance?.quote ? nil : task.description,
            kind: task.kind.name(in: language), status: task.status.name(in: language), planID: task.planID, planTitle: view.planTitle,
            regionCode: task.regionCode.rawValue, regionName: view.regionName, lead: view.leadName.isEmpty ? "—" : view.leadName,
            cooperating: view.cooperatingNames.isEmpty ? "—" : view.cooperatingNames.joined(separator: language.punctuation.listSeparator),
            supervising: task.supervisingDepartmentID.flatMap { names[$0] }, startsOn: TaskFormat.day(task.startsOn),
            dueOn: TaskFormat.day(task.dueOn), weight: TaskFormat.number(task.weight),
            // A parent's progress is its sub-tasks' roll-up, whatever method it was given.
            method: view.hasChildren ? language.text("progressFromSubtasks") : task.progressMethod.name(in: language),
            parentID: task.parentID,
            target: task.quantity.map { "\(TaskFormat.number($0.value)) \($0.unit)" + ($0.year.map { "\(open)\($0)\(close)" } ?? "") },
            achieved: task.quantity.map { "\(TaskFormat.number($0.achieved)) \($0.unit)" })
        progress = TaskProgressView(view)
        colour = TaskColourView(view, language: language)
        milestones = task.milestones.map {
            MilestoneView(id: $0.id, title: $0.title, due: TaskFormat.day($0.dueOn), share: TaskFormat.number($0.share), done: $0.isDone,
                          doneOn: TaskFormat.day($0.doneOn), checked: $0.isDone)
        }
        self.children = TaskRowView.rows(children, language: language)
        self.provenance = provenance?.quote
        provenanceFile = provenance?.filename
        self.reports = reports.sorted { $0.period.window.startsOn > $1.period.window.startsOn }.map { report in
            let record = report.report
            return Report(
                id: record.id, period: TaskFormat.period(report.period.window, in: language), status: record.status.rawValue,
                statusName: record.status.name(in: language), approved: record.status == .approved, returned: record.status == .returned,
                progressText: record.progressText, problems: record.problems.isEmpty ? nil : record.problems,
                nextSteps: record.nextSteps.isEmpty ? nil : record.nextSteps,
                funds: record.fundsUsed.map(TaskFormat.number), percent: record.percent.map(TaskFormat.percent),
                reportedStatus: record.reportedStatus?.name(in: language),
                comment: record.reviewComment.isEmpty ? nil : record.reviewComment,
                submittedAt: record.submittedAt.map(ChinaTime.format), reviewedAt: record.reviewedAt.map(ChinaTime.format),
                contributions: report.contributions.map {
                    Contribution(department: report.departmentNames[$0.departmentID] ?? String($0.departmentID), text: $0.text)
                },
                files: report.files.map { File(id: $0.id, filename: $0.filename, size: TaskFormat.number(Double($0.size) / 1024) + " KB") })
        }
        publicReports = !rights.maySeeUnapproved
    }

    /// Adds the forms the viewer may use for the open period `period` (nil: none is open) and
    /// its report, with what a refused form posted.
    mutating func addForms(view: TaskView, rights: TaskRights, openPeriods: [ReportingPeriodRecord], period: ReportingPeriodRecord?,
                           report: ReportView?, allReports: [ReportView], departments: [Department], posted: Posted, language: Language) {
        let task = view.task
        let record = report?.report
        if rights.mayReport {
            if let period, record.map({ $0.status.isEditable }) ?? true {
                var typed: FormFields?
                if case .report(let fields) = posted { typed = fields }
                let status = typed.map { $0["status"] ?? "" } ?? record?.reportedStatus?.rawValue ?? task.status.rawValue
                let done = Set(record?.milestonesDone ?? [])
                reportForm = ReportForm(
                    periodID: period.id, period: TaskFormat.period(period.window, in: language),
                    periods: openPeriods.count > 1 ? openPeriods.map {
                        TaskOption(value: String($0.id), name: TaskFormat.period($0.window, in: language), selected: $0.id == period.id)
                    } : [],
                    reportStatus: record?.status.name(in: language),
                    returnedComment: record?.status == .returned && !(record?.reviewComment.isEmpty ?? true) ? record?.reviewComment : nil,
                    progressText: typed?["progress"] ?? record?.progressText ?? "",
                    problems: typed?["problems"] ?? record?.problems ?? "",
                    nextSteps: typed?["nextSteps"] ?? record?.nextSteps ?? "",
                    fundsUsed: typed?["fundsUsed"] ?? record?.fundsUsed.map(TaskFormat.number) ?? "",
                    percent: typed?["percent"] ?? record?.percent.map(TaskFormat.number) ?? "",
                    statuses: TaskStatus.allCases.map { TaskOption(value: $0.rawValue, name: $0.name(in: language), selected: $0.rawValue == status) },
                    milestones: task.milestones.map { milestone in
                        MilestoneView(id: milestone.id, title: milestone.title, due: TaskFormat.day(milestone.dueOn),
                                      share: TaskFormat.number(milestone.share), done: milestone.isDone, doneOn: TaskFormat.day(milestone.doneOn),
                                      checked: typed.map { $0["milestone_\(milestone.id)"] != nil } ?? (milestone.isDone || done.contains(milestone.id)))
                    })
                if let record, record.status.isEditable { attachmentReportID = record.id }
            } else if period == nil {
                noOpenPeriod = true
            } else if let record, record.status == .submitted, let period {
                awaitingReview = TaskFormat.period(period.window, in: language)
            }
        }
        // The supervising office reviews the open period's report, else any other waiting for it.
        let submitted = report?.report.status == .submitted ? report : allReports.first { $0.report.status == .submitted }
        if rights.maySupervise, let submitted {
            var comment = ""
            if case .review(let typed) = posted { comment = typed }
            review = ReviewForm(reportID: submitted.report.id, period: TaskFormat.period(submitted.period.window, in: language),
                                comment: comment)
        }
        if let department = rights.contributingDepartmentID, let record, record.status.isEditable {
            var text = report?.contributions.first { $0.departmentID == department }?.text ?? ""
            if case .contribution(let typed) = posted { text = typed }
            contribution = ContributionForm(reportID: record.id,
                                            department: departments.first { $0.id == department }?.name ?? String(department), text: text)
        }
        if rights.mayManage || rights.maySupervise {
            var typed: FormFields?
            if case .colour(let fields) = posted { typed = fields }
            let chosen = typed.map { $0["colour"] ?? "" } ?? task.colourOverride?.rawValue ?? ""
            colourForm = ColourForm(
                colours: TaskColour.allCases.map { TaskOption(value: $0.rawValue, name: $0.name(in: language), selected: $0.rawValue == chosen) },
                reason: typed?["reason"] ?? task.colourOverrideReason, overridden: task.colourOverride != nil)
        }
        if rights.mayManage {
            var typed: FormFields?
            if case .edit(let fields) = posted { typed = fields }
            let method = typed?["method"] ?? task.progressMethod.rawValue
            let lead = typed?["lead"] ?? task.lead?.departmentID.map(String.init) ?? ""
            let cooperating = Set(task.cooperating.compactMap(\.departmentID))
            editForm = EditForm(
                startsOn: typed?["startsOn"] ?? task.startsOn?.description ?? "", dueOn: typed?["dueOn"] ?? task.dueOn?.description ?? "",
                weight: typed?["weight"] ?? task.weight.map(TaskFormat.number) ?? "",
                methods: TaskProgressMethod.allCases.map { TaskOption(value: $0.rawValue, name: $0.name(in: language), selected: $0.rawValue == method) },
                leads: departments.map { TaskOption(value: String($0.id), name: $0.name, selected: String($0.id) == lead) },
                cooperating: departments.map { department in
                    TaskOption(value: String(department.id), name: department.name,
                               selected: typed.map { $0["cooperating_\(department.id)"] != nil } ?? cooperating.contains(department.id))
                })
        }
    }
}

/// `Tasks/department`: a department's dashboard — its tasks, and for those who file or supervise
/// reports, the reports due in open periods and those returned with the comment.
struct DepartmentPage {
    struct Due {
        let taskID: Int64
        let title: String
        let period: String
        let dueOn: String
    }

    struct Returned {
        let taskID: Int64
        let title: String
        let period: String
        let comment: String
    }

    let id: Int64
    let name: String
    let regionCode: String
    let rows: [TaskRowView]
    let counts: [ColourCountView]
    let showReports: Bool
    let due: [Due]
    let returned: [Returned]

    init(_ dashboard: DepartmentDashboard, periods: [Int64: ReportingPeriodRecord], showReports: Bool, language: Language) {
        id = dashboard.department.id
        name = dashboard.department.name
        regionCode = dashboard.department.regionCode.rawValue
        rows = TaskRowView.rows(dashboard.tasks, language: language)
        counts = ColourCountView.all(TaskColourRules.counts(dashboard.tasks.map(\.colour)), language: language)
        self.showReports = showReports
        due = dashboard.due.map {
            Due(taskID: $0.task.task.id, title: $0.task.task.title, period: TaskFormat.period($0.period.window, in: language),
                dueOn: $0.period.window.dueOn.description)
        }
        returned = dashboard.returned.map {
            Returned(taskID: $0.task.task.id, title: $0.task.task.title,
                     period: periods[$0.report.periodID].map { TaskFormat.period($0.window, in: language) } ?? "",
                     comment: $0.report.reviewComment)
        }
    }
}

/// `Tasks/supervision`: the supervising office's overview — colour counts by lead department,
/// the late tasks (red, then yellow) and the reports awaiting review.
struct SupervisionPage {
    /// A lead department's or a region's counts; `link` opens its dashboard or ledger.
    struct CountsRow {
        let link: String?
        let name: String
        let red: Int
        let yellow: Int
        let green: Int
        let blue: Int
        let total: Int

        init(_ row: ColourCountsRow) {
            link = row.departmentID.map { "/departments/\($0)" } ?? row.regionCode.map { "/tasks?region=\($0.rawValue)" }
            name = row.name.isEmpty ? "—" : row.name
            (red, yellow, green, blue) = (row.counts[.red] ?? 0, row.counts[.yellow] ?? 0, row.counts[.green] ?? 0,
                                          row.counts[.blue] ?? 0)
            total = row.total
        }
    }

    struct ReviewRow {
        let taskID: Int64
        let title: String
        let lead: String
        let period: String
        let submittedAt: String
    }

    let region: String
    let colours: [ColourCountView]
    let departments: [CountsRow]
    let regions: [CountsRow]
    /// The late tasks, red then yellow.
    let rows: [TaskRowView]
    let showReview: Bool
    let toReview: [ReviewRow]

    init(region: String, overview: SupervisionOverview, toReview: [(task: TaskView, report: TaskReportRecord)]?,
         periods: [Int64: ReportingPeriodRecord], language: Language) {
        self.region = region
        colours = ColourCountView.all([:], language: language)
        departments = overview.departments.map(CountsRow.init)
        regions = overview.regions.map(CountsRow.init)
        rows = TaskRowView.rows(overview.late, language: language)
        showReview = toReview != nil
        self.toReview = (toReview ?? []).map {
            ReviewRow(taskID: $0.task.task.id, title: $0.task.task.title, lead: $0.task.leadName,
                      period: periods[$0.report.periodID].map { TaskFormat.period($0.window, in: language) } ?? "",
                      submittedAt: $0.report.submittedAt.map(ChinaTime.format) ?? "—")
        }
    }
}

/// `Tasks/periods`: a region's reporting periods with their status and unlocks, and for the
/// planner the forms to open, close, reopen and unlock.
struct PeriodsPage {
    struct Unlock {
        let department: String
        let reason: String
        let at: String
    }

    struct Row {
        let id: Int64
        let label: String
        let frequency: String
        let startsOn: String
        let endsOn: String
        let dueOn: String
        let statusName: String
        let open: Bool
        let unlocks: [Unlock]
    }

    let region: String
    let regionName: String
    let mayManage: Bool
    let periods: [Row]
    let frequencies: [TaskOption]
    let departments: [TaskOption]
    let quarters: [TaskOption]
    let day: String
    let year: String
    let dueOn: String
    /// The colour settings form, with what is in force or what was typed.
    let settings: SettingsForm

    /// The region's colour margins, due-soon days, frequency and the % of each status.
    struct SettingsForm {
        struct StatusPercent {
            let key: String
            let name: String
            let value: String
        }
        let yellowLag: String
        let redLag: String
        let dueSoonDays: String
        let frequencies: [TaskOption]
        let statuses: [StatusPercent]

        init(_ settings: TaskSettings, typed: FormFields?, language: Language) {
            func value(_ field: String, _ current: String) -> String { typed?[field] ?? current }
            yellowLag = value("yellowLag", ColourReason.format(settings.thresholds.yellowLag))
            redLag = value("redLag", ColourReason.format(settings.thresholds.redLag))
            dueSoonDays = value("dueSoonDays", String(settings.thresholds.dueSoonDays))
            let chosen = value("settingsFrequency", settings.frequency.rawValue)
            frequencies = PeriodFrequency.allCases.map {
                TaskOption(value: $0.rawValue, name: $0.name(in: language), selected: $0.rawValue == chosen)
            }
            statuses = TaskStatus.allCases.map {
                StatusPercent(key: "percent_\($0.rawValue)", name: $0.name(in: language),
                              value: value("percent_\($0.rawValue)", ColourReason.format(settings.statusScale.percent($0))))
            }
        }
    }

    init(region: Region, periods: [(ReportingPeriodRecord, [PeriodUnlock])], departments: [Department], mayManage: Bool,
         settings: TaskSettings, typed: FormFields?, language: Language) {
        let frequency = settings.frequency
        self.settings = SettingsForm(settings, typed: typed, language: language)
        self.region = region.code.rawValue
        regionName = region.name
        self.mayManage = mayManage
        let names = Dictionary(departments.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        self.periods = periods.map { period, unlocks in
            Row(id: period.id, label: TaskFormat.period(period.window, in: language), frequency: period.window.frequency.name(in: language),
                startsOn: period.window.startsOn.description, endsOn: period.window.endsOn.description,
                dueOn: period.window.dueOn.description, statusName: period.status.name(in: language), open: period.status == .open,
                unlocks: unlocks.map { Unlock(department: names[$0.departmentID] ?? String($0.departmentID), reason: $0.reason,
                                              at: ChinaTime.format($0.unlockedAt)) })
        }
        let chosen = typed?["frequency"] ?? frequency.rawValue
        frequencies = PeriodFrequency.allCases.map { TaskOption(value: $0.rawValue, name: $0.name(in: language), selected: $0.rawValue == chosen) }
        self.departments = departments.map { TaskOption(value: String($0.id), name: $0.name, selected: false) }
        let quarter = typed?["quarter"] ?? ""
        quarters = (1...4).map { TaskOption(value: String($0), name: language.format("quarterN", $0), selected: String($0) == quarter) }
        day = typed?["day"] ?? ""
        year = typed?["year"] ?? ""
        dueOn = typed?["dueOn"] ?? ""
    }
}

/// `Tasks/department-names`: the names a region's tasks use that match no registered
/// department, each with a select to map it to one, or to say it is not a department.
struct DepartmentNamesPage {
    struct Row {
        let name: String
        let taskCount: Int
        let options: [TaskOption]
    }

    let region: String
    let regionName: String
    let rows: [Row]

    init(region: Region, names: [UnmatchedDepartmentName], departments: [Department]) {
        self.region = region.code.rawValue
        regionName = region.name
        rows = names.map { name in
            Row(name: name.name, taskCount: name.taskCount,
                options: departments.map { TaskOption(value: String($0.id), name: $0.name, selected: false) })
        }
    }
}

/// `Tasks/ledger-import`: the upload form, then the changes an edited ledger makes, each cell
/// before and after, with the button that applies them all; or what was applied.
struct LedgerImportPage {
    struct Change {
        let row: Int
        let taskID: Int64
        let title: String
        let column: String
        let before: String
        let after: String
    }

    let changes: [Change]
    let unchangedRows: Int
    let appliedCount: Int
    let previewed: Bool
    let applied: Bool
    /// The file, carried from the preview to the apply button.
    let file: String
    let filename: String
    let details: [String]

    init(preview: LedgerImportPreview? = nil, applied: Bool = false, file: Data? = nil, filename: String = "", details: [ValidationIssue] = []) {
        changes = (preview?.changes ?? []).map {
            Change(row: $0.row, taskID: $0.taskID, title: $0.title, column: $0.column, before: $0.before, after: $0.after)
        }
        unchangedRows = preview?.unchangedRows ?? 0
        appliedCount = applied ? changes.count : 0
        previewed = preview != nil && !applied
        self.applied = applied
        self.file = file?.base64EncodedString() ?? ""
        self.filename = filename
        self.details = details.map(\.description)
    }
}
