import Foundation
import JunhengApp
import JunhengCLI
import JunhengCore
import Storage
import Testing

extension CommandTests {
    @Suite("junheng hotline")
    struct HotlineCommandTests {
        @Test func keywordsImportAndReportWorkFromTheShell() async throws {
            try await CommandDatabase.with(holding: .demo()) { db in
                try await db.app { app in
                    let store = CatalogueStore(app.database.sql)
                    let draft = try await store.createDraft(regionCode: RegionCode(rawValue: "130500")!, title: "清单", items: [
                        CatalogueItem(key: "B10", domain: "病有所医", name: "基本医疗服务"),
                    ], actor: .system("test"))
                    _ = try await store.submit(draft.id, actor: .system("test"))
                    _ = try await store.publish(draft.id, actor: .system("test"))
                }
                let keywords = try db.file("关键词.txt", "B10=看病、医院\n")
                let saved = try await standardOutput {
                    try await junheng(["hotline", "keywords", "--set", keywords, "--region", "130500"] + db.option)
                }
                #expect(saved == "B10=看病、医院\n")
                let export = try db.file("12345.csv", "工单编号,受理日期,区划代码,来电人,诉求内容,办理状态,满意度\n"
                    + "K1,2026-04-01,130522,周九,县医院看病难,已办结,满意\nK2,2026-04-02,130523,吴十,路灯坏了,办理中,\n")
                let imported = try await standardOutput {
                    try await junheng(["hotline", "import", export, "--region", "130500"] + db.option)
                }
                #expect(imported == "新增 2 件，更新 0 件；按关键词归类 1 件，待人工归类 1 件\n未读取的列：来电人\n")
                let csv = try await standardOutput {
                    try await junheng(["hotline", "report", "--region", "130500", "--from", "2026-01-01", "--to", "2026-12-31"] + db.option)
                }
                let lines = csv.split(whereSeparator: \.isNewline)
                #expect(lines.first?.hasPrefix("分组,名称,工单数,每万人工单数,办结数") == true)
                #expect(lines.contains { $0.hasPrefix("合计,邢台市,2,,1,2,50,") })
                #expect(lines.contains { $0 == "服务领域,病有所医,1,,1,1,100,20.7,100,1,1,100,20.7,100" })
                await #expect(throws: JunhengError.self) {
                    try await junheng(["hotline", "import", try db.file("坏.csv", "工单编号,受理日期\nX,2026-01-01\n"), "--region", "130500"] + db.option)
                }
            }
        }
    }
}
