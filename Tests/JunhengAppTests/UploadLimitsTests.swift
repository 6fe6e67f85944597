import Foundation
import JunhengApp
import JunhengCore
import PlanIngest
import Spreadsheet
import Testing

/// Issue 16, items 1 and 3, at the application's edge: uploads are read within documented limits
/// and refused with a message that names the limit.
@Suite struct UploadLimitsTests {
    @Test func uploadedWorkbookOfTooManyRowsIsRefusedNamingTheLimit() throws {
        let rows = [[CellValue]](repeating: [1], count: 100_001)
        let data = try XLSXWriter.write([SheetContent(name: "数据", rows: rows)])
        let error = #expect(throws: JunhengError.self) { try UploadTables.read(data, filename: "大.xlsx") }
        guard case .invalid(let issues) = error else { Issue.record("\(String(describing: error))"); return }
        #expect(issues.first?.reason == "无法读取“大.xlsx”：工作表 数据 第 100001 行：超过 100000 行的上限")
        #expect(issues.first?.sheet == "数据" && issues.first?.row == 100_001)
        // Below the limit the same workbook reads.
        let fits = try XLSXWriter.write([SheetContent(name: "数据", rows: Array(rows.prefix(1_000)))])
        #expect(try UploadTables.read(fits, filename: "小.xlsx").first?.rows.count == 999)
    }

    @Test func uploadedCSVOfTooManyCellsIsRefused() throws {
        let data = Data(String(repeating: "1,2,3,4,5,6,7,8,9,10\n", count: 2_000).utf8)
        var limits = SpreadsheetLimits.upload
        limits.maxCells = 10_000
        let error = #expect(throws: JunhengError.self) { try UploadTables.read(data, filename: "宽.csv", limits: limits) }
        guard case .invalid(let issues) = error else { Issue.record("\(String(describing: error))"); return }
        #expect(issues.first?.reason.contains("单元格超过 10000 个的上限") == true)
    }

    @Test func planDocumentOverTheSizeLimitIsRefusedInChinese() throws {
        let data = Data(String(repeating: "到2020年，全市学前三年毛入园率达到90%以上。", count: 100_000).utf8)
        #expect(data.count > 5 << 20)
        let error = #expect(throws: JunhengError.self) {
            try PlanDraftBuilder.draft(document: data, filename: "大.txt", region: nil)
        }
        guard case .invalid(let issues) = error else { Issue.record("\(String(describing: error))"); return }
        #expect(issues.first?.field == "file")
        let reason = issues.first?.reason ?? ""
        #expect(reason.hasPrefix("无法读取文件“大.txt”：文件大小 ") && reason.contains(" MB，超过规划文件 5 MB 的上限"), "\(reason)")
    }

    @Test func planReadOffThreadStopsWhenItsTaskIsCancelled() async throws {
        let data = Data(String(repeating: "到2020年，全市学前三年毛入园率达到90%以上。", count: 60_000).utf8)
        let limits = IngestLimits(maxExtractions: .max, timeLimit: .seconds(600))
        let task = Task {
            try await PlanDraftBuilder.draftOffThread(document: data, filename: "长.txt", region: nil, limits: limits)
        }
        try await Task.sleep(for: .milliseconds(200))
        task.cancel()
        let result = await task.result
        // Only a reading that saw the cancellation ends in CancellationError; one that ran to the
        // end would return the draft (no time bound: a loaded machine only makes it slower).
        #expect(throws: CancellationError.self) { try result.get() }
    }
}
