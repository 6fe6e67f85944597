import Foundation
import JunhengCore
import Spreadsheet
import Storage
import TextFormats

/// One cell an imported ledger changes: the spreadsheet's row, the task, the column's header and
/// the value before and after, as text.
public struct LedgerChange: Sendable, Equatable, Encodable {
    public var row: Int
    public var taskID: Int64
    public var title: String
    public var column: String
    public var before: String
    public var after: String

    public init(row: Int, taskID: Int64, title: String, column: String, before: String, after: String) {
        self.row = row
        self.taskID = taskID
        self.title = title
        self.column = column
        self.before = before
        self.after = after
    }
}

/// What importing a ledger changes (or changed): every changed cell in sheet order, and how many
/// matched rows change nothing.
public struct LedgerImportPreview: Sendable, Equatable, Encodable {
    public var changes: [LedgerChange]
    public var unchangedRows: Int

    public init(changes: [LedgerChange], unchangedRows: Int) {
        self.changes = changes
        self.unchangedRows = unchangedRows
    }
}

/// The columns of the ledger spreadsheet (台账) in the order offices use, with the other headers
/// accepted on import.
enum LedgerColumn: String, CaseIterable, Sendable {
    case number = "序号"
    case id = "任务编号"
    case title = "任务"
    case kind = "类别"
    case lead = "牵头单位"
    case cooperating = "配合单位"
    case due = "完成时限"
    case progress = "进度(%)"
    case colour = "灯色"
    case progressText = "进展情况"
    case problems = "存在问题"
    case nextSteps = "下步打算"
    case status = "状态"

    var aliases: [String] {
        switch self {
        case .number: ["序 号"]
        case .id: ["任务ID", "任务 ID", "编号", "ID"]
        case .title: ["任务名称", "重点任务"]
        case .kind: ["任务类别"]
        case .lead: ["牵头部门", "责任单位"]
        case .cooperating: ["配合部门"]
        case .due: ["完成时间", "完成期限"]
        case .progress: ["进度（%）", "进度", "完成进度"]
        case .colour: ["灯色标识"]
        case .progressText: ["工作进展", "进展"]
        case .problems: ["问题"]
        case .nextSteps: ["下一步打算", "下步工作"]
        case .status: ["任务状态"]
        }
    }

    static func named(_ header: String) -> LedgerColumn? {
        let name = header.trimmingCharacters(in: .whitespacesAndNewlines)
        return allCases.first { $0.rawValue == name || $0.aliases.contains(name) }
    }

    /// Columns an import may change; the others are shown for reading and refused when edited.
    var isEditable: Bool { [.title, .due, .progressText, .problems, .nextSteps, .status].contains(self) }
    /// Columns that write the task's report in the open period.
    var isReport: Bool { [.progressText, .problems, .nextSteps, .status].contains(self) }

    /// Where a read-only column is changed instead.
    var readOnlyReason: String {
        switch self {
        case .kind: "“类别”不能在台账中修改：任务类别来自规划"
        case .lead: "“牵头单位”不能在台账中修改：请由规划管理员在任务页面调整牵头单位"
        case .cooperating: "“配合单位”不能在台账中修改：请由规划管理员在任务页面调整配合单位"
        case .progress: "“进度(%)”不能在台账中修改：进度由审核通过的进展报告计算，请在进展报告中填报完成进度"
        case .colour: "“灯色”不能在台账中修改：灯色按进度和完成时限自动计算，如需人工调整请由督办单位在任务页面填写理由"
        default: "“\(rawValue)”不能在台账中修改"
        }
    }
}

/// One task as the ledger shows it: its view, the period whose report the ledger carries, and
/// that report when the actor may read it.
struct LedgerEntry: Sendable {
    var view: TaskView
    /// The latest open period of the task's region path, else the latest period.
    var period: ReportingPeriodRecord?
    var report: TaskReportRecord?

    var task: TaskRecord { view.task }

    /// The status the ledger shows: the one reported in the period's report, else the task's.
    var status: TaskStatus { report?.reportedStatus ?? view.task.status }

    /// The cell as text, as an import compares it.
    func text(_ column: LedgerColumn) -> String {
        switch column {
        case .number: ""
        case .id: String(task.id)
        case .title: task.title
        case .kind: task.kind.chineseName
        case .lead: view.leadName
        case .cooperating: view.cooperatingNames.joined(separator: "、")
        case .due: task.dueOn?.description ?? ""
        case .progress: view.progress.map { LedgerExchange.percentText(LedgerExchange.rounded($0)) } ?? ""
        case .colour: view.colour.chineseName
        case .progressText: report?.progressText ?? ""
        case .problems: report?.problems ?? ""
        case .nextSteps: report?.nextSteps ?? ""
        case .status: status.chineseName
        }
    }
}

/// Reading and writing ledger cells.
enum LedgerExchange {
    static let sheetName = "重点任务台账"

    static func rounded(_ percent: Double) -> Double { (percent * 10).rounded() / 10 }

    static func percentText(_ percent: Double) -> String {
        percent.rounded() == percent ? String(Int(percent)) : String(percent)
    }

    /// A due date as clerks and spreadsheet programs write it: 2026-12-31, 2026/12/31,
    /// 2026年12月31日, 20261231, an ISO date with a time of day, or an Excel day number (from 20000,
    /// 1954-10-03, so that a bare year such as 2020 is not read as a day in 1905).
    static func day(_ text: String) -> CalendarDay? {
        var trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if let time = trimmed.firstIndex(where: { $0 == "T" || $0 == " " }) { trimmed = String(trimmed[..<time]) }
        if !trimmed.isEmpty, trimmed.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }) {
            if trimmed.count == 8, !trimmed.contains("."), let year = Int(trimmed.prefix(4)),
               let month = Int(trimmed.dropFirst(4).prefix(2)), let day = Int(trimmed.suffix(2)) {
                return CalendarDay(year: year, month: month, day: day)
            }
            if let serial = Double(trimmed), serial >= 20_000, serial < 2_958_466, let date = ExcelDate(serial: serial.rounded(.down)) {
                return CalendarDay(date.iso)
            }
            return nil
        }
        return CalendarDay(trimmed)
    }

    /// A 灯色 cell: 红灯, 红, red …
    static func colour(_ text: String) -> TaskColour? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        return TaskColour.allCases.first {
            $0.chineseName == trimmed || String($0.chineseName.dropLast()) == trimmed
                || $0.rawValue.caseInsensitiveCompare(trimmed) == .orderedSame
        }
    }

    /// Department names in one cell, split where clerks separate them.
    static func names(_ text: String) -> [String] {
        text.split(whereSeparator: { "、，,；;\n/".contains($0) })
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }

    static func trimmed(_ text: String) -> String { text.trimmingCharacters(in: .whitespacesAndNewlines) }
}

/// What an accepted import writes: title and due changes of tasks, content of reports.
struct LedgerImportPlan: Sendable {
    struct TaskEdit: Sendable {
        var taskID: Int64
        var title: String?
        var dueOn: CalendarDay?
    }

    struct ReportEdit: Sendable {
        var task: TaskRecord
        var periodID: Int64
        var createdBy: Int64?
        var progressText: String?
        var problems: String?
        var nextSteps: String?
        var reportedStatus: TaskStatus?
    }

    var preview: LedgerImportPreview
    var taskEdits: [TaskEdit]
    var reportEdits: [ReportEdit]
}

extension TaskUseCases {
    // MARK: export

    /// The ledger (台账) as an XLSX workbook in the layout offices use: a title row, then 序号,
    /// 任务编号, 任务, 类别, 牵头单位, 配合单位, 完成时限, 进度(%), 灯色, 进展情况, 存在问题, 下步打算,
    /// 状态. The report columns are those of the task's report in the latest open period of its
    /// region (else the latest period), when the actor may read it.
    public func exportLedger(_ filter: LedgerFilter, actor: Actor) async throws -> Data {
        let entries = try await ledgerEntries(of: try await ledger(filter, actor: actor).rows, actor: actor)
        let columns = LedgerColumn.allCases
        let title = "重点任务台账（截至\(today.year)年\(today.month)月\(today.day)日）"
        var rows: [[CellValue]] = [[.string(title)], columns.map { .string($0.rawValue) }]
        for (index, entry) in entries.enumerated() {
            rows.append(columns.map { column -> CellValue in
                switch column {
                case .number: return .number(Double(index + 1))
                case .id: return .number(Double(entry.task.id))
                case .due:
                    guard let due = entry.task.dueOn, let date = ExcelDate(year: due.year, month: due.month, day: due.day)
                    else { return .empty }
                    return .date(date)
                case .progress: return entry.view.progress.map { .number(LedgerExchange.rounded($0)) } ?? .empty
                default:
                    let text = entry.text(column)
                    return text.isEmpty ? .empty : .string(text)
                }
            })
        }
        let widths: [Double] = [6, 10, 40, 10, 18, 28, 12, 9, 8, 40, 30, 30, 10]
        let merge = CellRange(CellReference(row: 1, column: 1)!, CellReference(row: 1, column: columns.count)!)
        return try XLSXWriter.write([SheetContent(name: LedgerExchange.sheetName, rows: rows, headerRowCount: 2,
                                                  columnWidths: widths, merges: [merge])])
    }

    /// Each task with the period its ledger row reports on and that period's report when the
    /// actor may read it.
    func ledgerEntries(of views: [TaskView], actor: Actor) async throws -> [LedgerEntry] {
        var periodByRegion: [RegionCode: ReportingPeriodRecord] = [:]
        for code in Set(views.map(\.task.regionCode)) {
            let periods = try await periods(region: code)
            if let period = periods.first(where: { $0.status == .open }) ?? periods.first { periodByRegion[code] = period }
        }
        let periodIDs = Set(periodByRegion.values.map(\.id))
        let filed = periodIDs.isEmpty ? []
            : try await reports.reports(taskIDs: views.map(\.task.id), periodIDs: Array(periodIDs))
        var mayReadDrafts: [RegionCode: Bool] = [:]
        var entries: [LedgerEntry] = []
        for view in views {
            let period = periodByRegion[view.task.regionCode]
            var report = period.flatMap { period in filed.first { $0.taskID == view.task.id && $0.periodID == period.id } }
            if let found = report, found.status != .approved {
                if mayReadDrafts[view.task.regionCode] == nil {
                    mayReadDrafts[view.task.regionCode] = try await maySeeUnapproved(view.task, actor: actor)
                }
                if mayReadDrafts[view.task.regionCode] != true { report = nil }
            }
            entries.append(LedgerEntry(view: view, period: period, report: report))
        }
        return entries
    }

    // MARK: import

    /// Reads an edited ledger (XLSX or CSV) and returns what importing it would change, writing
    /// nothing. Any problem refuses the whole file with `invalid`, each issue naming its row and
    /// column.
    public func previewLedgerImport(_ data: Data, filename: String, actor: Actor) async throws -> LedgerImportPreview {
        try await ledgerImportPlan(data, filename: filename, actor: actor).preview
    }

    /// Checks an edited ledger again and applies every change in one transaction: task titles and
    /// due dates as the planner's update, report columns as the lead department's draft in the open
    /// period. All or nothing; returns what changed.
    public func applyLedgerImport(_ data: Data, filename: String, actor: Actor) async throws -> LedgerImportPreview {
        let plan = try await ledgerImportPlan(data, filename: filename, actor: actor)
        guard !plan.preview.changes.isEmpty else { return plan.preview }
        let audit = actor.audit
        try await database.transaction { db in
            let tasks = TaskStore(db)
            let reports = TaskReportStore(db)
            for edit in plan.taskEdits {
                var task = try await tasks.existingTask(id: edit.taskID)
                if let title = edit.title { task.title = title }
                if let due = edit.dueOn { task.dueOn = due }
                if let start = task.startsOn, let due = task.dueOn, due < start {
                    throw JunhengError.invalid(field: LedgerColumn.due.rawValue, "任务 \(task.id) 的完成时限（\(due)）早于开始日期（\(start)）")
                }
                try await tasks.update(task, actor: audit)
            }
            for edit in plan.reportEdits {
                let existing = try await reports.report(taskID: edit.task.id, periodID: edit.periodID)
                if let existing, !existing.status.isEditable {
                    throw JunhengError.conflict("任务 \(edit.task.id) 的进展报告当前为“\(existing.status.chineseName)”，不能修改")
                }
                var report = existing ?? TaskReportRecord(taskID: edit.task.id, periodID: edit.periodID,
                                                          departmentID: edit.task.lead?.departmentID, createdBy: edit.createdBy)
                report.status = try report.status.next(for: .save)
                if let text = edit.progressText { report.progressText = text }
                if let text = edit.problems { report.problems = text }
                if let text = edit.nextSteps { report.nextSteps = text }
                if let status = edit.reportedStatus { report.reportedStatus = status }
                try await reports.save(report, action: ReportStep.save.rawValue, regionCode: edit.task.regionCode, actor: audit)
            }
        }
        return plan.preview
    }

    /// Everything an import would do, after every check; throws `invalid` with all the problems.
    func ledgerImportPlan(_ data: Data, filename: String, actor: Actor) async throws -> LedgerImportPlan {
        if actor.user == nil && !actor.isSystem { throw JunhengError.unauthorized("需要登录") }
        let tables = try UploadTables.read(data, filename: filename)
        let match = tables.lazy.compactMap { table in
            ([table.header] + table.rows).firstIndex { $0.contains { LedgerColumn.named($0) == .id } }.map { (table, $0) }
        }.first
        guard case let (table, headerIndex)? = match else {
            throw JunhengError.invalid([ValidationIssue(field: LedgerColumn.id.rawValue,
                                                        reason: "缺少必需的列“任务编号”：请使用系统导出的台账，不要删除“任务编号”列",
                                                        sheet: tables.first?.sheet, row: tables.first?.headerRow)])
        }
        let allRows = [table.header] + table.rows
        let headerRow = table.headerRow + headerIndex
        var issues: [ValidationIssue] = []
        func letter(_ index: Int) -> String { ObservationValidator.columnLetter(index) }

        // The header: known columns, each once.
        var columnIndex: [LedgerColumn: Int] = [:]
        for (index, raw) in allRows[headerIndex].enumerated() {
            let name = LedgerExchange.trimmed(raw)
            if name.isEmpty { continue }
            guard let column = LedgerColumn.named(name) else {
                issues.append(ValidationIssue(field: name.excerpt(), reason: "无法识别的列名“\(name.excerpt())”：台账的列为"
                                              + LedgerColumn.allCases.map(\.rawValue).joined(separator: "、"),
                                              sheet: table.sheet, row: headerRow, column: letter(index)))
                continue
            }
            if columnIndex[column] != nil {
                issues.append(ValidationIssue(field: column.rawValue, reason: "列“\(column.rawValue)”重复", sheet: table.sheet,
                                              row: headerRow, column: letter(index)))
                continue
            }
            columnIndex[column] = index
        }
        if !issues.isEmpty { throw JunhengError.invalid(issues) }
        let idIndex = columnIndex[.id]!

        // The rows: a task id each, once.
        struct Row { var number: Int; var taskID: Int64; var cells: [LedgerColumn: String] }
        var rows: [Row] = []
        var firstRowOfTask: [Int64: Int] = [:]
        for (offset, cells) in allRows.dropFirst(headerIndex + 1).enumerated() {
            let number = headerRow + offset + 1
            guard cells.contains(where: { !LedgerExchange.trimmed($0).isEmpty }) else { continue }
            var values: [LedgerColumn: String] = [:]
            for (column, index) in columnIndex { values[column] = index < cells.count ? cells[index] : "" }
            let idText = LedgerExchange.trimmed(values[.id] ?? "")
            func issue(_ reason: String) {
                issues.append(ValidationIssue(field: LedgerColumn.id.rawValue, reason: reason, sheet: table.sheet, row: number,
                                              column: letter(idIndex)))
            }
            guard !idText.isEmpty else { issue("缺少任务编号：每一行都要保留导出时的任务编号"); continue }
            guard let id = Int64(idText) ?? Double(idText).flatMap({ $0.rounded() == $0 ? Int64(exactly: $0) : nil }) else {
                issue("任务编号“\(idText.excerpt())”不是数字")
                continue
            }
            if let first = firstRowOfTask[id] {
                issue("任务编号 \(id) 重复：第 \(first) 行已经是这个任务")
                continue
            }
            firstRowOfTask[id] = number
            rows.append(Row(number: number, taskID: id, cells: values))
        }

        // The tasks, within the actor's scope, with what the ledger shows of them today.
        let found = try await store.tasks(TaskFilter(ids: rows.map(\.taskID)))
        var scope: Set<RegionCode>?
        if let region = actor.user?.regionCode {
            scope = Set(try await RegionStore(database.sql).subtreeCodes(of: region))
        }
        let regions = Array(Set(found.map(\.regionCode)))
        let views = regions.isEmpty ? [] : try await self.views(of: try await store.tasks(TaskFilter(regions: regions)))
        let entries = try await ledgerEntries(of: views.filter { view in found.contains { $0.id == view.task.id } }, actor: actor)
        var entryByID: [Int64: LedgerEntry] = [:]
        for entry in entries { entryByID[entry.task.id] = entry }

        var changes: [LedgerChange] = []
        var unchanged = 0
        var taskEdits: [LedgerImportPlan.TaskEdit] = []
        var reportEdits: [LedgerImportPlan.ReportEdit] = []
        for row in rows {
            func issue(_ column: LedgerColumn, _ reason: String) {
                issues.append(ValidationIssue(field: column.rawValue, reason: reason, sheet: table.sheet, row: row.number,
                                              column: columnIndex[column].map(letter)))
            }
            guard let entry = entryByID[row.taskID] else {
                issue(.id, "任务编号 \(row.taskID) 不存在：请使用系统导出的台账")
                continue
            }
            if let scope, !scope.contains(entry.task.regionCode) {
                issue(.id, "任务 \(row.taskID)（\(entry.view.regionName)）不在您的管辖范围内")
                continue
            }
            var rowChanges: [LedgerChange] = []
            func change(_ column: LedgerColumn, after: String) {
                rowChanges.append(LedgerChange(row: row.number, taskID: entry.task.id, title: entry.task.title,
                                               column: column.rawValue, before: entry.text(column), after: after))
            }
            var edit = LedgerImportPlan.TaskEdit(taskID: entry.task.id)
            var report = LedgerImportPlan.ReportEdit(task: entry.task, periodID: entry.period?.id ?? 0, createdBy: actor.user?.id)
            let issuesBefore = issues.count
            for column in LedgerColumn.allCases {
                guard let raw = row.cells[column], column != .number, column != .id else { continue }
                let cell = LedgerExchange.trimmed(raw)
                let current = entry.text(column)
                switch column {
                case .title:
                    if cell.isEmpty { issue(column, "任务名称不能为空") } else if cell != current {
                        edit.title = cell
                        change(column, after: cell)
                    }
                case .due:
                    if cell.isEmpty {
                        if !current.isEmpty { issue(column, "完成时限不能清空（原为 \(current)）") }
                    } else if let day = LedgerExchange.day(cell) {
                        if day != entry.task.dueOn {
                            if let start = entry.task.startsOn, day < start {
                                issue(column, "完成时限（\(day)）早于任务的开始日期（\(start)）")
                            }
                            edit.dueOn = day
                            change(column, after: day.description)
                        }
                    } else {
                        issue(column, "完成时限“\(cell.excerpt())”不是有效日期，请写成 2026-12-31、2026/12/31 或 2026年12月31日")
                    }
                case .progressText, .problems, .nextSteps:
                    if cell != LedgerExchange.trimmed(current) {
                        switch column {
                        case .progressText: report.progressText = cell
                        case .problems: report.problems = cell
                        default: report.nextSteps = cell
                        }
                        change(column, after: cell)
                    }
                case .status:
                    guard !cell.isEmpty else { continue }
                    guard let status = TaskStatus(text: cell) else {
                        issue(column, "状态“\(cell.excerpt())”无法识别，应为"
                              + TaskStatus.allCases.map(\.chineseName).joined(separator: "、") + "之一")
                        continue
                    }
                    if status != entry.status {
                        report.reportedStatus = status
                        change(column, after: status.chineseName)
                    }
                case .kind, .lead, .colour:
                    guard !cell.isEmpty else { continue }
                    let same: Bool
                    switch column {
                    case .colour: same = LedgerExchange.colour(cell) == entry.view.colour
                    case .lead: same = cell == current || cell == entry.task.lead?.name
                    default: same = cell == current || TaskKind(rawValue: cell) == entry.task.kind
                    }
                    if !same { issue(column, column.readOnlyReason + "（当前为“\(current.excerpt())”，表中为“\(cell.excerpt())”）") }
                case .cooperating:
                    guard !cell.isEmpty else { continue }
                    let registered = Set(entry.view.cooperatingNames)
                    let raw = Set(entry.task.cooperating.map(\.name))
                    let typed = Set(LedgerExchange.names(cell))
                    if typed != registered && typed != raw {
                        issue(column, column.readOnlyReason + "（当前为“\(current.excerpt())”，表中为“\(cell.excerpt())”）")
                    }
                case .progress:
                    guard !cell.isEmpty else { continue }
                    let typed = Double(cell.replacingOccurrences(of: "%", with: ""))
                    let same = typed.map { typed in entry.view.progress.map { abs(LedgerExchange.rounded($0) - typed) < 0.051 } ?? false }
                    if same != true { issue(column, column.readOnlyReason + "（当前为“\(current.excerpt())”，表中为“\(cell.excerpt())”）") }
                case .number, .id:
                    break
                }
            }
            // Who may write what: the planner's rules for titles and dates, the lead department's
            // rules (and the period's lock) for the report.
            if edit.title != nil || edit.dueOn != nil {
                let column: LedgerColumn = edit.title != nil ? .title : .due
                do {
                    try await app.access.authorize(.manageTasks, region: entry.task.regionCode, actor: actor)
                } catch let JunhengError.forbidden(reason) {
                    issue(column, "无权修改任务名称和完成时限：\(reason)")
                }
            }
            let reportColumns = rowChanges.compactMap { LedgerColumn(rawValue: $0.column) }.filter(\.isReport)
            if let column = reportColumns.first {
                if let problem = try await reportProblem(entry, actor: actor) { issue(column, problem) }
                let content = ProgressReportRules.problems(progressText: report.progressText ?? entry.report?.progressText ?? "",
                                                           percent: entry.report?.percent, fundsUsed: entry.report?.fundsUsed,
                                                           step: .save, comment: "")
                for problem in content { issue(column, problem.reason) }
            }
            if issues.count > issuesBefore { continue }
            if rowChanges.isEmpty { unchanged += 1; continue }
            changes += rowChanges
            if edit.title != nil || edit.dueOn != nil { taskEdits.append(edit) }
            if !reportColumns.isEmpty { reportEdits.append(report) }
        }
        if !issues.isEmpty {
            // In sheet order, as a clerk goes through the file.
            let ordered = issues.enumerated().sorted { ($0.element.row ?? 0, $0.offset) < ($1.element.row ?? 0, $1.offset) }
            throw JunhengError.invalid(ordered.map(\.element))
        }
        return LedgerImportPlan(preview: LedgerImportPreview(changes: changes, unchangedRows: unchanged),
                                taskEdits: taskEdits, reportEdits: reportEdits)
    }

    /// Why the actor may not write the task's report in the ledger's period, or nil: the rules
    /// of ``fileReport(task:period:content:step:actor:)``.
    private func reportProblem(_ entry: LedgerEntry, actor: Actor) async throws -> String? {
        let lead = entry.task.lead?.departmentID
        do {
            let user = try await app.access.authorize(.reportTasks, region: entry.task.regionCode, department: lead, actor: actor)
            if user?.role == .departmentEditor, lead == nil || user?.scope.departmentID != lead {
                return "只有牵头单位可以填报该任务的进展"
            }
        } catch let JunhengError.forbidden(reason) {
            return "无权填报该任务的进展：\(reason)"
        }
        guard let period = entry.period else {
            return "本地区还没有开启填报周期，不能填写进展情况、存在问题、下步打算和状态"
        }
        if period.status == .closed {
            let unlocked = try await reports.unlocks(periodID: period.id).contains { $0.departmentID == lead }
            if !unlocked { return "填报周期\(period.window.chineseLabel)已关闭，如需补报请联系规划管理员解锁" }
        }
        if let report = entry.report, !report.status.isEditable {
            return "本期进展报告当前为“\(report.status.chineseName)”，不能修改"
        }
        if entry.report == nil, try await reports.report(taskID: entry.task.id, periodID: period.id) != nil {
            return "本期进展报告您无权查看，不能修改"
        }
        return nil
    }
}
