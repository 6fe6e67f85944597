import Foundation
import Testing

import OfficePackage
@testable import Spreadsheet

private let catalogueRows: [[CellValue]] = [
    ["领域", "服务项目", "服务指导标准", "标准值", "约束性", "发布日期"],
    ["幼有所育", "学前教育资助", "每生每年1000元", 1000, true, .date(ExcelDate(year: 2021, month: 6, day: 30)!)],
    [.empty, "儿童健康管理", "新生儿访视\n1次", 1.5, false, .date(ExcelDate(iso: "2021-07-01T09:30:00")!)],
    ["学有所教", "控制符\u{1}与_x0041_和\r回车", "  两端空格  ", -0.000123, .error("#N/A"), .empty],
]

@Test(arguments: [XLSXWriteOptions.StringStorage.shared, .inline])
func writtenWorkbookReadsBackEqual(strings: XLSXWriteOptions.StringStorage) throws {
    let sheets = [
        SheetContent(name: "清单", rows: catalogueRows, merges: [CellRange("A2:A3")!]),
        SheetContent(name: "空表", rows: [], headerRowCount: 0),
        SheetContent(name: "代码表", rows: [["130500", "邢台市"], [], [.empty, 7]], headerRowCount: 0),
    ]
    let data = try XLSXWriter.write(sheets, options: XLSXWriteOptions(strings: strings))
    let workbook = try Workbook(xlsx: data)
    #expect(workbook.sheets.map(\.name) == ["清单", "空表", "代码表"])
    for (written, read) in zip(sheets, workbook.sheets) {
        #expect(read == Sheet(name: written.name, values: written.rows, merges: written.merges))
    }
}

@Test func outputIsDeterministic() throws {
    let sheets = [SheetContent(name: "清单", rows: catalogueRows)]
    #expect(try XLSXWriter.write(sheets) == XLSXWriter.write(sheets))
}

@Test func headerIsBoldFrozenAndColumnsFitChineseText() throws {
    let data = try XLSXWriter.write([SheetContent(name: "清单", rows: catalogueRows, columnWidths: [20])])
    let archive = try ZipArchive(data: data)
    var budget = ByteBudget(limit: 1 << 20)
    let sheet = String(decoding: try archive.bytes("xl/worksheets/sheet1.xml", budget: &budget), as: UTF8.self)
    #expect(sheet.contains(#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#))
    #expect(sheet.contains(#"<c r="A1" s="1" t="s">"#))  // bold header
    #expect(sheet.contains(#"<col min="1" max="1" width="20" customWidth="1"/>"#))  // as given
    #expect(sheet.contains(#"<col min="3" max="3" width="16" customWidth="1"/>"#))  // 每生每年1000元: 4 × 2 + 6 + 2
    #expect(sheet.contains(#"<c r="F2" s="2"><v>44377</v></c>"#))  // date style
    #expect(sheet.contains(#"<c r="F3" s="4"><v>"#))  // date-time style
    let styles = String(decoding: try archive.bytes("xl/styles.xml", budget: &budget), as: UTF8.self)
    #expect(styles.contains("<font><b/>"))
}

@Test func unusableWidthsAndHeaderCountsAreTamed() throws {
    let sheet = SheetContent(name: "表", rows: [["名称"]], headerRowCount: .max, columnWidths: [.nan])
    let archive = try ZipArchive(data: XLSXWriter.write([sheet]))
    var budget = ByteBudget(limit: 1 << 20)
    let xml = String(decoding: try archive.bytes("xl/worksheets/sheet1.xml", budget: &budget), as: UTF8.self)
    #expect(xml.contains(#"<pane ySplit="1" topLeftCell="A2""#) && xml.contains(#"width="6""#))
    #expect(
        try Workbook(xlsx: XLSXWriter.write([SheetContent(name: "宽", rows: [["x"]], columnWidths: [1e9])])).sheets.count
            == 1)
}

@Test func writerRejectsWhatExcelWouldRefuse() {
    let cases: [(SheetContent, SpreadsheetError.Problem)] = [
        (SheetContent(name: "a/b", rows: []), .invalidSheetName("a/b")),
        (
            SheetContent(name: String(repeating: "长", count: 32), rows: []),
            .invalidSheetName(String(repeating: "长", count: 32))
        ),
        (SheetContent(name: "'x", rows: []), .invalidSheetName("'x")),
        (SheetContent(name: "t", rows: [[.number(.nan)]]), .nonFiniteNumber),
        (
            SheetContent(name: "t", rows: [[.string(String(repeating: "x", count: 32_768))]]),
            .textTooLong(length: 32_768)
        ),
        (
            SheetContent(name: "t", rows: [], merges: [CellRange("A1:B2")!, CellRange("B2:C3")!]),
            .overlappingMerges(CellRange("A1:B2")!, CellRange("B2:C3")!)
        ),
    ]
    for (sheet, problem) in cases {
        #expect(spreadsheetError { _ = try XLSXWriter.write([sheet]) }?.problem == problem)
    }
    let located = spreadsheetError {
        _ = try XLSXWriter.write([SheetContent(name: "指标", rows: [[], [1, .number(.infinity)]])])
    }
    #expect(located?.chineseDescription == "工作表 指标 第 2 行 列 B：数字不能是无穷大或 NaN")
    #expect(spreadsheetError { _ = try XLSXWriter.write([]) }?.problem == .noSheets)
    let twice = [SheetContent(name: "Data", rows: []), SheetContent(name: "data", rows: [])]
    #expect(spreadsheetError { _ = try XLSXWriter.write(twice) }?.problem == .duplicateSheetName("data"))
}

/// LibreOffice is the independent check that the files are valid OOXML. It is skipped where
/// LibreOffice Calc is not installed (apt-get install libreoffice-calc-nogui): Writer alone, which
/// reads plan documents, cannot open a workbook.
@Test(.enabled(if: LibreOffice.path != nil))
func libreOfficeOpensWrittenWorkbooks() throws {
    let rows: [[CellValue]] = [
        ["地区代码", "指标", "年份", "数值"],
        ["130502", "义务教育巩固率", 2023, 96.5],
        ["130503", "每千人口床位数, 含\"引号\"", 2023, 6],
    ]
    let data = try XLSXWriter.write([SheetContent(name: "监测数据", rows: rows)])
    let csv = try LibreOffice.convertToCSV(data)
    #expect(
        try CSVReader.read(csv).sheet.values == Sheet(name: "", values: rows.map { $0.map { .string($0.text) } }).values
    )
}

enum LibreOffice {
    static let path = ["/usr/bin/soffice", "/usr/local/bin/soffice"].first(where: FileManager.default.isExecutableFile)
        .flatMap { soffice in
            let program = URL(fileURLWithPath: soffice).resolvingSymlinksInPath().deletingLastPathComponent()
            return FileManager.default.fileExists(atPath: program.appendingPathComponent("libsclo.so").path) ? soffice : nil
        }

    static func convertToCSV(_ xlsx: Data) throws -> Data {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("spreadsheet-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("book.xlsx")
        try xlsx.write(to: input)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path ?? "soffice")
        // A private profile lets this run beside other LibreOffice instances; 76 is UTF-8.
        process.arguments = [
            "-env:UserInstallation=file://\(folder.path)/profile", "--headless", "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", folder.path, input.path,
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return try Data(contentsOf: folder.appendingPathComponent("book.csv"))
    }
}
