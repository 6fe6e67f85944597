import Foundation
import JunhengApp
import JunhengCore
import JunhengTestSupport
import Spreadsheet
import Storage
import Testing

/// The ledger spreadsheet both ways: exported in the offices' layout, edited, previewed as a diff
/// and applied all or nothing (issue 11, point 6).
@Suite("Ledger spreadsheet exchange")
struct TaskLedgerExchangeTests {
    static let anju = RegionCode(rawValue: "510904")!
    static let today = CalendarDay(year: 2020, month: 2, day: 15)!
    static let system = Actor.system("test setup")
    static let preschool = "推进学前教育普及普惠发展"
    static let employment = "完善就业服务与管理"

    struct Fixture {
        var app: JunhengApp
        var education: Department
        var period: ReportingPeriodRecord
    }

    /// Anju's departments registered, its 13th plan published and Q1 2020 open.
    static func fixture(_ database: JunhengDatabase) async throws -> Fixture {
        let app = JunhengApp(database: database, settings: AppSettings(today: today))
        let education = try await app.accounts.createDepartment(region: anju, name: "安居区教育局", shortName: "", actor: system)
        for (name, short) in [("安居区人力资源和社会保障局", "安居区人社局"), ("安居区残疾人联合会", "安居区残联"),
                              ("安居区财政局", ""), ("安居区民政局", "")] {
            _ = try await app.accounts.createDepartment(region: anju, name: name, shortName: short, actor: system)
        }
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/JunhengApp/Demo/Plans")
        let text = try Data(contentsOf: directory.appendingPathComponent("anju-district-13th.txt"))
        let plan = try await app.plans.ingest(PlanUseCases.Upload(filename: "anju-district-13th.txt", data: text, region: nil),
                                              actor: system).plan
        #expect(plan.regionCode == anju)
        _ = try await app.plans.acceptPending(of: plan, actor: system)
        _ = try await app.plans.publish(plan, actor: system)
        let period = try await app.tasks.openPeriod(region: anju, actor: system)
        return Fixture(app: app, education: education, period: period)
    }

    /// The first sheet's cells, row 1 first.
    static func cells(_ data: Data) throws -> [[CellValue]] {
        try XLSXDocument(data: data).sheet(at: 0).values
    }

    /// The workbook with `edit` applied to its cells, written again as a spreadsheet program would.
    static func edited(_ data: Data, _ edit: (inout [[CellValue]]) throws -> Void) throws -> Data {
        var rows = try cells(data)
        try edit(&rows)
        return try XLSXWriter.write([SheetContent(name: "重点任务台账", rows: rows, headerRowCount: 2)])
    }

    static func column(_ name: String, in rows: [[CellValue]]) throws -> Int {
        try #require(rows[1].firstIndex(of: .string(name)), "no column \(name)")
    }

    static func row(titled prefix: String, in rows: [[CellValue]]) throws -> Int {
        let title = try column("任务", in: rows)
        return try #require(rows.firstIndex { $0.count > title && $0[title].text.hasPrefix(prefix) }, "no row \(prefix)")
    }

    static func issues(_ error: any Error) -> [ValidationIssue] {
        if case JunhengError.invalid(let issues) = error { return issues }
        Issue.record("expected invalid, got \(error)")
        return []
    }

    @Test(arguments: TestEngine.all)
    func exportEditPreviewAndApply(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let fixture = try await Self.fixture(database)
            let app = fixture.app
            let exported = try await app.tasks.exportLedger(LedgerFilter(region: Self.anju), actor: Self.system)
            var rows = try Self.cells(exported)
            #expect(rows[0].first == .string("重点任务台账（截至2020年2月15日）"))
            #expect(rows[1] == ["序号", "任务编号", "任务", "类别", "牵头单位", "配合单位", "完成时限", "进度(%)", "灯色", "进展情况",
                                "存在问题", "下步打算", "状态"])
            let ledger = try await app.tasks.ledger(LedgerFilter(region: Self.anju), actor: Self.system)
            #expect(rows.count == ledger.rows.count + 2)
            let index = try Self.row(titled: Self.preschool, in: rows)
            let task = try #require(ledger.rows.first { $0.task.title.hasPrefix(Self.preschool) })
            #expect(rows[index][0] == .number(Double(index - 1)))
            #expect(rows[index][1] == .number(Double(task.task.id)))
            #expect(rows[index][3] == "重点任务")
            #expect(rows[index][4] == "安居区教育局")
            #expect(rows[index][6] == .date(ExcelDate(year: 2020, month: 12, day: 31)!))
            #expect(rows[index][8] == .string(task.colour.chineseName))
            #expect(rows[index][12] == "未启动")
            let support = try Self.row(titled: "推动实施教育帮扶政策", in: rows)
            #expect(rows[support][4] == "安居区教育局")
            #expect(rows[support][5] == "安居区人力资源和社会保障局、安居区残疾人联合会")

            // The file as exported changes nothing.
            let untouched = try await app.tasks.previewLedgerImport(exported, filename: "ledger.xlsx", actor: Self.system)
            #expect(untouched == LedgerImportPreview(changes: [], unchangedRows: ledger.rows.count))

            // Three cells edited: a due date typed the Chinese way, a 进展情况 and a 状态.
            let progress = "已新建公办幼儿园1所，普惠性幼儿园覆盖率达到76%。"
            let edited = try Self.edited(exported) { rows in
                rows[index][6] = "2020年6月30日"
                rows[index][9] = .string(progress)
                rows[index][12] = "推进中"
            }
            let preview = try await app.tasks.previewLedgerImport(edited, filename: "ledger.xlsx", actor: Self.system)
            let row = index + 1
            let title = task.task.title
            #expect(preview.changes == [
                LedgerChange(row: row, taskID: task.task.id, title: title, column: "完成时限", before: "2020-12-31", after: "2020-06-30"),
                LedgerChange(row: row, taskID: task.task.id, title: title, column: "进展情况", before: "", after: progress),
                LedgerChange(row: row, taskID: task.task.id, title: title, column: "状态", before: "未启动", after: "推进中"),
            ])
            #expect(preview.unchangedRows == ledger.rows.count - 1)
            // Previewing wrote nothing.
            #expect(try await app.tasks.task(String(task.task.id), actor: Self.system).task.dueOn == task.task.dueOn)
            #expect(try await app.tasks.reports(of: task.task, actor: Self.system).isEmpty)

            let applied = try await app.tasks.applyLedgerImport(edited, filename: "ledger.xlsx", actor: Self.system)
            #expect(applied == preview)
            let after = try await app.tasks.task(String(task.task.id), actor: Self.system)
            #expect(after.task.dueOn == CalendarDay(year: 2020, month: 6, day: 30))
            let reports = try await app.tasks.reports(of: task.task, actor: Self.system)
            #expect(reports.count == 1)
            let report = try #require(reports.first?.report)
            #expect(report.status == .draft)
            #expect(report.periodID == fixture.period.id)
            #expect(report.departmentID == fixture.education.id)
            #expect(report.progressText == progress)
            #expect(report.reportedStatus == .inProgress)
            // A draft does not move the task: only an approved report does.
            #expect(after.task.status == .notStarted)

            // The ledger exported again shows the draft, and importing it again changes nothing.
            let again = try await app.tasks.exportLedger(LedgerFilter(region: Self.anju), actor: Self.system)
            rows = try Self.cells(again)
            #expect(rows[index][9] == .string(progress))
            #expect(rows[index][12] == "推进中")
            let second = try await app.tasks.applyLedgerImport(again, filename: "ledger.xlsx", actor: Self.system)
            #expect(second.changes.isEmpty)

            // A CSV of the same ledger is read the same way.
            let csv = CSVWriter.write(try Self.cells(again).map { $0.map { CellValue.string($0.text) } })
            #expect(try await app.tasks.previewLedgerImport(csv, filename: "ledger.csv", actor: Self.system).changes.isEmpty)
        }
    }

    @Test(arguments: TestEngine.all)
    func aFileWithABadRowChangesNothing(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let fixture = try await Self.fixture(database)
            let app = fixture.app
            let exported = try await app.tasks.exportLedger(LedgerFilter(region: Self.anju), actor: Self.system)
            let rows = try Self.cells(exported)
            let preschool = try Self.row(titled: Self.preschool, in: rows)
            let employment = try Self.row(titled: Self.employment, in: rows)
            let edited = try Self.edited(exported) { rows in
                rows[preschool][9] = "已完成幼儿园布局调整"           // a good change …
                rows[preschool][6] = "2020-02-30"                      // … a day that does not exist,
                rows[employment][1] = 999_999                          // an unknown task,
                rows[employment + 1][12] = "差不多了"                  // an unknown status,
                rows[employment + 2][1] = rows[preschool][1]           // and a task listed twice.
            }
            let ledgerBefore = try await app.tasks.ledger(LedgerFilter(region: Self.anju), actor: Self.system)
            let auditBefore = try await AuditLog(database.sql).count()
            for apply in [false, true] {
                let error = await #expect(throws: JunhengError.self) {
                    if apply {
                        _ = try await app.tasks.applyLedgerImport(edited, filename: "ledger.xlsx", actor: Self.system)
                    } else {
                        _ = try await app.tasks.previewLedgerImport(edited, filename: "ledger.xlsx", actor: Self.system)
                    }
                }
                let issues = Self.issues(try #require(error))
                #expect(issues.map { "\($0.row ?? 0) \($0.column ?? "") \($0.field)" } == [
                    "\(preschool + 1) G 完成时限", "\(employment + 1) B 任务编号", "\(employment + 2) M 状态",
                    "\(employment + 3) B 任务编号",
                ])
                #expect(issues.contains { $0.reason == "完成时限“2020-02-30”不是有效日期，请写成 2026-12-31、2026/12/31 或 2026年12月31日" })
                #expect(issues.contains { $0.reason == "任务编号 999999 不存在：请使用系统导出的台账" })
                #expect(issues.contains { $0.reason == "状态“差不多了”无法识别，应为未启动、推进中、基本完成、已完成之一" })
                #expect(issues.contains { $0.reason.hasPrefix("任务编号 \(rows[preschool][1].text) 重复：第 \(preschool + 1) 行") })
                #expect(issues.allSatisfy { $0.sheet == "重点任务台账" })
            }
            #expect(try await app.tasks.ledger(LedgerFilter(region: Self.anju), actor: Self.system) == ledgerBefore)
            #expect(try await AuditLog(database.sql).count() == auditBefore)
            let task = try #require(ledgerBefore.rows.first { $0.task.title.hasPrefix(Self.preschool) })
            #expect(try await app.tasks.reports(of: task.task, actor: Self.system).isEmpty)
        }
    }

    @Test(arguments: TestEngine.all)
    func readOnlyColumnsAndMissingHeadersAreRefusedByName(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let fixture = try await Self.fixture(database)
            let app = fixture.app
            let exported = try await app.tasks.exportLedger(LedgerFilter(region: Self.anju), actor: Self.system)
            let rows = try Self.cells(exported)
            let preschool = try Self.row(titled: Self.preschool, in: rows)
            let lead = try await #require(throws: JunhengError.self) {
                try await app.tasks.previewLedgerImport(try Self.edited(exported) { $0[preschool][4] = "安居区财政局" },
                                                        filename: "ledger.xlsx", actor: Self.system)
            }
            #expect(Self.issues(lead) == [ValidationIssue(
                field: "牵头单位",
                reason: "“牵头单位”不能在台账中修改：请由规划管理员在任务页面调整牵头单位（当前为“安居区教育局”，表中为“安居区财政局”）",
                sheet: "重点任务台账", row: preschool + 1, column: "E")])

            let colour = try await #require(throws: JunhengError.self) {
                try await app.tasks.previewLedgerImport(try Self.edited(exported) { $0[preschool][8] = "蓝灯" },
                                                        filename: "ledger.xlsx", actor: Self.system)
            }
            #expect(Self.issues(colour).map(\.field) == ["灯色"])
            #expect(Self.issues(colour).first?.reason.contains("灯色按进度和完成时限自动计算") == true)

            // A read-only cell left blank is not compared; the plain 红/绿 spelling of a colour is the same colour.
            let blank = try await app.tasks.previewLedgerImport(try Self.edited(exported) { rows in
                rows[preschool][4] = .empty
                rows[preschool][7] = .empty
                rows[preschool][8] = .string(String(rows[preschool][8].text.dropLast()))
            }, filename: "ledger.xlsx", actor: Self.system)
            #expect(blank.changes.isEmpty)

            let missing = try await #require(throws: JunhengError.self) {
                try await app.tasks.previewLedgerImport(Data("任务,进展情况\n\(Self.preschool),开工\n".utf8), filename: "ledger.csv",
                                                        actor: Self.system)
            }
            #expect(Self.issues(missing) == [ValidationIssue(
                field: "任务编号", reason: "缺少必需的列“任务编号”：请使用系统导出的台账，不要删除“任务编号”列", sheet: nil, row: 1)])
        }
    }

    @Test(arguments: TestEngine.all)
    func departmentEditorsWriteTheirOwnReportsOnly(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let fixture = try await Self.fixture(database)
            let app = fixture.app
            let record = try await app.accounts.createUser(
                username: "anju-education", displayName: "", password: "test-password", role: .departmentEditor,
                regionCode: Self.anju.rawValue, departmentID: fixture.education.id, actor: Self.system)
            let editor = Actor.user(record, requestID: nil)
            let exported = try await app.tasks.exportLedger(LedgerFilter(region: Self.anju), actor: editor)
            let rows = try Self.cells(exported)
            let preschool = try Self.row(titled: Self.preschool, in: rows)
            let employment = try Self.row(titled: Self.employment, in: rows)

            let refused = try await #require(throws: JunhengError.self) {
                try await app.tasks.previewLedgerImport(try Self.edited(exported) { rows in
                    rows[preschool][6] = "2020-06-30"
                    rows[employment][9] = "就业服务已覆盖全部乡镇"
                }, filename: "ledger.xlsx", actor: editor)
            }
            let issues = Self.issues(refused)
            #expect(issues.map(\.field) == ["完成时限", "进展情况"])
            #expect(issues[0].row == preschool + 1)
            #expect(issues[0].reason.hasPrefix("无权修改任务名称和完成时限："))
            #expect(issues[1].row == employment + 1)
            #expect(issues[1].reason == "无权填报该任务的进展：该内容属于其他部门")

            let own = try await app.tasks.applyLedgerImport(try Self.edited(exported) { rows in
                rows[preschool][9] = "新建公办幼儿园1所"
                rows[preschool][10] = "用地指标紧张"
                rows[preschool][11] = "二季度开工第二所"
            }, filename: "ledger.xlsx", actor: editor)
            #expect(own.changes.map(\.column) == ["进展情况", "存在问题", "下步打算"])
            let task = try await app.tasks.task(String(own.changes[0].taskID), actor: editor)
            let report = try #require(try await app.tasks.reports(of: task.task, actor: editor).first?.report)
            #expect([report.progressText, report.problems, report.nextSteps] == ["新建公办幼儿园1所", "用地指标紧张", "二季度开工第二所"])
            #expect(report.createdBy == record.id)

            // Once submitted, the report is not changed from the ledger.
            _ = try await app.tasks.fileReport(task: String(task.task.id), period: String(fixture.period.id),
                                               content: ReportContent(progressText: report.progressText), step: .submit, actor: editor)
            let submitted = try await #require(throws: JunhengError.self) {
                try await app.tasks.previewLedgerImport(try Self.edited(exported) { $0[preschool][9] = "再改一次" },
                                                        filename: "ledger.xlsx", actor: editor)
            }
            #expect(Self.issues(submitted).map(\.reason) == ["本期进展报告当前为“待审核”，不能修改"])
        }
    }
}
