import ArgumentParser
import Foundation
import JunhengApp
import JunhengCore

/// `junheng tasks …`: the key tasks ledger (台账) from the console: list, export and import the
/// ledger spreadsheet, list and open reporting periods, file a progress report.
struct Tasks: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tasks",
        abstract: "Key tasks and projects (重点任务台账): list, export/import the ledger, periods, progress reports.",
        subcommands: [List.self, Export.self, Import.self, Periods.self, Report.self])

    /// A ledger row as `--json` prints it.
    struct Row: Encodable {
        var id: Int64
        var kind: String
        var title: String
        var colour: String
        var progress: Double?
        var expected: Double?
        var status: String
        var startsOn: String?
        var dueOn: String?
        var lead: String
        var cooperating: [String]
        var region: String
        var regionName: String
        var parentID: Int64?

        init(_ view: TaskView) {
            id = view.task.id
            kind = view.task.kind.rawValue
            title = view.task.title
            colour = view.colour.rawValue
            progress = view.progress
            expected = view.expected
            status = view.task.status.rawValue
            startsOn = view.task.startsOn?.description
            dueOn = view.task.dueOn?.description
            lead = view.leadName
            cooperating = view.cooperatingNames
            region = view.task.regionCode.rawValue
            regionName = view.regionName
            parentID = view.task.parentID
        }
    }

    /// The filter the `list` and `export` options describe.
    static func filter(region: String?, department: Int64?, colour: String?) throws -> LedgerFilter {
        var parsedColour: TaskColour?
        if let colour {
            guard let value = TaskColour(rawValue: colour.lowercased()) else {
                throw ValidationError("--colour is red, yellow, green or blue")
            }
            parsedColour = value
        }
        return LedgerFilter(region: try region.map(Regions.code), departmentID: department, colour: parsedColour)
    }

    static func percentText(_ percent: Double?) -> String {
        guard let percent else { return "—" }
        let rounded = (percent * 10).rounded() / 10
        return (rounded.rounded() == rounded ? String(Int(rounded)) : String(rounded)) + "%"
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List tasks with their colour, progress, due date and lead department.",
            discussion: "Example: junheng tasks list --region 510904 --colour red")
        @Option(help: "Region code (its subtree).") var region: String?
        @Option(help: "Department ID (tasks it leads or cooperates on).") var department: Int64?
        @Option(help: "red, yellow, green or blue.") var colour: String?
        @Flag(help: "Print JSON.") var json = false
        @OptionGroup var databaseOptions: DatabaseOptions

        func validate() throws { _ = try Tasks.filter(region: region, department: department, colour: colour) }

        func run() async throws {
            let filter = try Tasks.filter(region: region, department: department, colour: colour)
            let ledger = try await withApp(databaseOptions) { try await $0.tasks.ledger(filter, actor: .system("tasks list")) }
            if json { return try printJSON(ledger.rows.map(Row.init)) }
            print(["id", "colour", "progress", "due", "lead", "title"].joined(separator: "\t"))
            for view in ledger.rows {
                print([String(view.task.id), view.colour.rawValue, Tasks.percentText(view.progress),
                       view.task.dueOn?.description ?? "—", view.leadName.isEmpty ? "—" : view.leadName,
                       view.task.title].joined(separator: "\t"))
            }
            let counts = TaskColour.allCases.map { "\($0.rawValue) \(ledger.counts[$0] ?? 0)" }.joined(separator: ", ")
            print("\(ledger.rows.count) tasks (\(counts))")
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the ledger as XLSX in the layout offices use (see docs/data-formats.md).",
            discussion: "Example: junheng tasks export --region 510904 --output ledger.xlsx")
        @Option(help: "Region code (its subtree).") var region: String
        @Option(help: "Department ID (tasks it leads or cooperates on).") var department: Int64?
        @Option(help: "red, yellow, green or blue.") var colour: String?
        @Option(name: .shortAndLong, help: "Output file.") var output: String
        @OptionGroup var databaseOptions: DatabaseOptions

        func validate() throws { _ = try Tasks.filter(region: region, department: department, colour: colour) }

        func run() async throws {
            let filter = try Tasks.filter(region: region, department: department, colour: colour)
            let data = try await withApp(databaseOptions) { try await $0.tasks.exportLedger(filter, actor: .system("tasks export")) }
            try data.write(to: URL(fileURLWithPath: output))
            print("wrote \(output)")
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read an edited ledger (XLSX or CSV) and print what it changes; --apply applies it, all or nothing.",
            discussion: """
                Rows are matched by 任务编号. 任务 and 完成时限 change the task; 进展情况, 存在问题, 下步打算 and 状态 write
                the lead department's draft report in the open period. 牵头单位, 配合单位, 进度(%) and 灯色 cannot be changed
                here. Any bad row refuses the whole file with its row, column and reason.
                Example: junheng tasks import ledger.xlsx            (prints the diff)
                         junheng tasks import ledger.xlsx --apply    (applies it)
                """)
        @Argument(help: "The edited ledger.") var file: String
        @Flag(help: "Apply the changes (without it, only show them).") var apply = false
        @Flag(help: "Print JSON.") var json = false
        @OptionGroup var databaseOptions: DatabaseOptions

        func run() async throws {
            let url = URL(fileURLWithPath: file)
            let data = try Data(contentsOf: url)
            let apply = apply
            let preview = try await withApp(databaseOptions) { app in
                apply ? try await app.tasks.applyLedgerImport(data, filename: url.lastPathComponent, actor: .system("tasks import"))
                    : try await app.tasks.previewLedgerImport(data, filename: url.lastPathComponent, actor: .system("tasks import"))
            }
            if json { return try printJSON(preview) }
            for change in preview.changes {
                print("row \(change.row)\ttask \(change.taskID)\t\(change.column)\t\(Import.shown(change.before)) → "
                      + "\(Import.shown(change.after))\t\(change.title)")
            }
            let rows = Set(preview.changes.map(\.row)).count
            let summary = "\(preview.changes.count) changes in \(rows) rows, \(preview.unchangedRows) rows unchanged"
            if preview.changes.isEmpty {
                print("no changes (\(preview.unchangedRows) rows unchanged)")
            } else {
                print(apply ? "applied \(summary)" : "\(summary); run again with --apply to apply them")
            }
        }

        static func shown(_ text: String) -> String {
            text.isEmpty ? "（空）" : text.replacingOccurrences(of: "\n", with: " ")
        }
    }

    struct Periods: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List a region's reporting periods; --open opens the one containing today.",
            discussion: "Example: junheng tasks periods --region 510904 --open")
        @Option(help: "Region code.") var region: String
        @Flag(help: "Open the period containing today at the region's frequency.") var open = false
        @Flag(help: "Print JSON.") var json = false
        @OptionGroup var databaseOptions: DatabaseOptions

        func run() async throws {
            let region = try Regions.code(region)
            let open = open
            let periods = try await withApp(databaseOptions) { app in
                if open { _ = try await app.tasks.openPeriod(region: region, actor: .system("tasks periods")) }
                return try await app.tasks.periods(region: region)
            }
            if json { return try printJSON(periods) }
            for period in periods {
                print("\(period.id)\t\(period.regionCode.rawValue)\t\(period.window.chineseLabel)\t\(period.window.startsOn)…"
                      + "\(period.window.endsOn)\tdue \(period.window.dueOn)\t\(period.status.rawValue)")
            }
        }
    }

    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Save (or with --submit, submit) the lead department's progress report on a task for a period.",
            discussion: "Example: junheng tasks report --task 12 --period 1 --progress \"新建公办幼儿园1所\" --percent 40 --status 推进中 --submit")
        @Option(help: "Task ID.") var task: Int64
        @Option(help: "Reporting period ID (see `junheng tasks periods`).") var period: Int64
        @Option(help: "进展情况.") var progress: String
        @Option(help: "存在问题.") var problems = ""
        @Option(help: "下步打算.") var nextSteps = ""
        @Option(help: "Percentage done (0–100).") var percent: Double?
        @Option(help: "未启动, 推进中, 基本完成 or 已完成 (or not_started, in_progress, nearly_done, done).") var status: String?
        @Option(help: "Funds used, 万元.") var funds: Double?
        @Flag(help: "Submit the report to the supervising office (default: save a draft).") var submit = false
        @Flag(help: "Print JSON.") var json = false
        @OptionGroup var databaseOptions: DatabaseOptions

        func validate() throws {
            if let status, TaskStatus(text: status) == nil {
                throw ValidationError("--status is one of 未启动, 推进中, 基本完成, 已完成")
            }
        }

        func run() async throws {
            let content = ReportContent(progressText: progress, problems: problems, nextSteps: nextSteps, fundsUsed: funds,
                                        percent: percent, reportedStatus: status.flatMap(TaskStatus.init(text:)))
            let (task, period, step) = (task, period, submit ? ReportStep.submit : .save)
            let report = try await withApp(databaseOptions) { app in
                try await app.tasks.fileReport(task: String(task), period: String(period), content: content, step: step,
                                               actor: .system("tasks report"))
            }
            if json { return try printJSON(report) }
            print("report \(report.id)\ttask \(report.taskID)\tperiod \(report.periodID)\t\(report.status.rawValue)")
        }
    }
}
