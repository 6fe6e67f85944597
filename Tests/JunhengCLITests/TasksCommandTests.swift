import Foundation
import JunhengApp
import JunhengCore
import Spreadsheet
import Storage
import Testing

extension CommandTests {
    @Suite("junheng tasks")
    struct TasksCommandTests {
        static let anju = RegionCode(rawValue: "510904")!
        static let preschool = "推进学前教育普及普惠发展"

        /// Anju's departments registered and its 13th plan published, as a planner would leave it.
        static func publishAnju(_ db: CommandDatabase) async throws {
            try await db.app { app in
                let system = Actor.system("test")
                for (name, short) in [("安居区教育局", ""), ("安居区人力资源和社会保障局", "安居区人社局")] {
                    _ = try await app.accounts.createDepartment(region: anju, name: name, shortName: short, actor: system)
                }
                let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                    .deletingLastPathComponent().appendingPathComponent("Sources/JunhengApp/Demo/Plans")
                let text = try Data(contentsOf: directory.appendingPathComponent("anju-district-13th.txt"))
                let plan = try await app.plans.ingest(PlanUseCases.Upload(filename: "anju-district-13th.txt", data: text, region: nil),
                                                      actor: system).plan
                _ = try await app.plans.acceptPending(of: plan, actor: system)
                _ = try await app.plans.publish(plan, actor: system)
            }
        }

        @Test func listExportImportAndReport() async throws {
            try await CommandDatabase.with { db in
                try await Self.publishAnju(db)
                let ledger = try await db.app { try await $0.tasks.ledger(LedgerFilter(region: Self.anju), actor: .system("test")) }
                let task = try #require(ledger.rows.first { $0.task.title.hasPrefix(Self.preschool) })

                // list: a plain table, one line per task, then the counts.
                let listed = try await standardOutput { try await junheng(["tasks", "list", "--region", "510904"] + db.option) }
                var lines = listed.split(separator: "\n").map(String.init)
                #expect(lines.first == "id\tcolour\tprogress\tdue\tlead\ttitle")
                #expect(lines.count == ledger.rows.count + 2)
                #expect(lines.contains("\(task.task.id)\t\(task.colour.rawValue)\t0%\t2020-12-31\t安居区教育局\t\(task.task.title)"))
                #expect(lines.last?.hasPrefix("\(ledger.rows.count) tasks (red ") == true)

                let json = try await standardOutput {
                    try await junheng(["tasks", "list", "--region", "510904", "--colour", task.colour.rawValue, "--json"] + db.option)
                }
                let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
                #expect(rows.count == ledger.counts[task.colour])
                #expect(rows.contains { $0["id"] as? Int == Int(task.task.id) && $0["lead"] as? String == "安居区教育局" })
                #expect(parseMessage(["tasks", "list", "--colour", "purple"]) == "--colour is red, yellow, green or blue")

                // periods: open the current one.
                let periods = try await standardOutput {
                    try await junheng(["tasks", "periods", "--region", "510904", "--open"] + db.option)
                }
                let period = try #require(try await db.app { try await $0.tasks.periods(region: Self.anju) }.first)
                #expect(periods.hasPrefix("\(period.id)\t510904\t"))
                #expect(periods.contains("\topen"))

                // export, edit one cell, import: the diff first, then --apply.
                let output = db.path(of: "ledger.xlsx")
                #expect(try await standardOutput {
                    try await junheng(["tasks", "export", "--region", "510904", "--output", output] + db.option)
                } == "wrote \(output)\n")
                var cells = try XLSXDocument(data: try Data(contentsOf: URL(fileURLWithPath: output))).sheet(at: 0).values
                #expect(cells[1][1] == "任务编号")
                let index = try #require(cells.firstIndex { $0.count > 2 && $0[2].text == task.task.title })
                cells[index][9] = "新建公办幼儿园1所"
                let edited = db.path(of: "edited.xlsx")
                try XLSXWriter.write([SheetContent(name: "重点任务台账", rows: cells, headerRowCount: 2)])
                    .write(to: URL(fileURLWithPath: edited))
                let diff = try await standardOutput { try await junheng(["tasks", "import", edited] + db.option) }
                lines = diff.split(separator: "\n").map(String.init)
                #expect(lines == [
                    "row \(index + 1)\ttask \(task.task.id)\t进展情况\t（空） → 新建公办幼儿园1所\t\(task.task.title)",
                    "1 changes in 1 rows, \(ledger.rows.count - 1) rows unchanged; run again with --apply to apply them",
                ])
                #expect(try await db.app { try await $0.tasks.reports(of: task.task, actor: .system("test")) }.isEmpty)
                let applied = try await standardOutput { try await junheng(["tasks", "import", edited, "--apply"] + db.option) }
                #expect(applied.hasSuffix("applied 1 changes in 1 rows, \(ledger.rows.count - 1) rows unchanged\n"))
                let draft = try #require(try await db.app { try await $0.tasks.reports(of: task.task, actor: .system("test")) }.first)
                #expect(draft.report.progressText == "新建公办幼儿园1所")
                #expect(draft.report.status == .draft)

                // A bad row refuses the file and changes nothing.
                cells[index][6] = "2020-02-30"
                cells[index][9] = "又改了"
                try XLSXWriter.write([SheetContent(name: "重点任务台账", rows: cells, headerRowCount: 2)])
                    .write(to: URL(fileURLWithPath: edited))
                await #expect(throws: JunhengError.invalid([ValidationIssue(
                    field: "完成时限", reason: "完成时限“2020-02-30”不是有效日期，请写成 2026-12-31、2026/12/31 或 2026年12月31日",
                    sheet: "重点任务台账", row: index + 1, column: "G")])) {
                    try await junheng(["tasks", "import", edited, "--apply"] + db.option)
                }

                // report: the lead department's report submitted from the console.
                let reported = try await standardOutput {
                    try await junheng(["tasks", "report", "--task", String(task.task.id), "--period", String(period.id),
                                       "--progress", "新建公办幼儿园2所", "--percent", "40", "--status", "推进中", "--submit"] + db.option)
                }
                #expect(reported == "report \(draft.report.id)\ttask \(task.task.id)\tperiod \(period.id)\tsubmitted\n")
                let submitted = try #require(try await db.app { try await $0.tasks.reports(of: task.task, actor: .system("test")) }.first)
                #expect(submitted.report.progressText == "新建公办幼儿园2所")
                #expect(submitted.report.percent == 40)
                #expect(submitted.report.reportedStatus == .inProgress)
                #expect(parseMessage(["tasks", "report", "--task", "1", "--period", "1", "--progress", "x", "--status", "快好了"])
                    == "--status is one of 未启动, 推进中, 基本完成, 已完成")
            }
        }
    }
}
