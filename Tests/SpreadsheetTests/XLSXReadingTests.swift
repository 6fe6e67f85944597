import Foundation
import Testing

@testable import Spreadsheet

/// catalogue.xlsx as openpyxl writes it (inline strings) and as LibreOffice saves it again
/// (shared strings with rich-text runs, cached formula values) must read the same.
@Test(arguments: ["catalogue.xlsx", "catalogue-libreoffice.xlsx"])
func catalogueSheetReadsWithMergesAndChineseText(fixture: String) throws {
    let workbook = try Workbook(xlsx: Fixture.data(fixture))
    #expect(workbook.sheets.map(\.name) == ["清单", "指标", "代码表"])
    #expect(workbook.sheets.map(\.isHidden) == [false, false, true])

    let items = try #require(workbook["清单"])
    #expect(items.merges == [CellRange("A1:F1"), CellRange("A3:A5")])
    #expect(items[1, 1] == .string("邢台市基本公共服务清单（2018年版）"))
    #expect(items.values[1] == ["领域", "服务项目", "服务对象", "服务指导标准", "支出责任", "牵头负责单位"])
    #expect(items[4, 1] == .empty)
    #expect(items[5, 4] == .number(1000))
    #expect(items[7, 2] == .string("重点人群服务"))  // three rich-text runs
    #expect(items[7, 5] == .string("  前后空格  "))
    #expect(items.rowCount == 7 && items.columnCount == 6)

    let filled = items.fillingMergedCells()
    #expect(filled.values[0] == [CellValue](repeating: .string("邢台市基本公共服务清单（2018年版）"), count: 6))
    #expect((3...5).map { filled[$0, 1] } == [CellValue](repeating: "幼有所育", count: 3))
    #expect(filled[6, 1] == "学有所教" && filled[7, 1] == .empty)

    #expect(workbook["代码表"]?.values == [["130500", "邢台市"]])
}

@Test(arguments: ["catalogue.xlsx", "catalogue-libreoffice.xlsx"])
func indicatorSheetTypesNumbersBooleansAndDates(fixture: String) throws {
    let sheet = try XLSXDocument(data: Fixture.data(fixture)).sheet(named: "指标")
    #expect(sheet[2, 2] == .number(93.8) && sheet[2, 3] == .number(96.5))
    #expect(sheet[2, 4] == .bool(true) && sheet[3, 4] == .bool(false))
    guard case .date(let published) = sheet[2, 5], case .date(let reported) = sheet[2, 6],
        case .date(let first) = sheet[3, 5], case .date(let chineseFormat) = sheet[4, 5]
    else {
        Issue.record("expected dates, got \(sheet.values)")
        return
    }
    #expect(published.serial == 43_164 && published.iso == "2018-03-05")
    #expect(reported.iso == "2018-03-05T14:30:00")
    #expect(first.serial == 1 && first.iso == "1900-01-01")
    #expect(chineseFormat.iso == "2025-12-31")  // yyyy"年"m"月"d"日"
    #expect(sheet[4, 3].numericValue.map { abs($0 - 0.3) < 1e-12 } == true)
    #expect(sheet[4, 4] == .number(-12_345_678_901_234))
}

@Test func formulaCachedValuesComeFromTheLastSave() throws {
    // openpyxl stores formulas without results; LibreOffice stores the computed values.
    let bare = try XLSXDocument(data: Fixture.data("catalogue.xlsx")).sheet(named: "指标")
    let saved = try XLSXDocument(data: Fixture.data("catalogue-libreoffice.xlsx")).sheet(named: "指标")
    #expect(bare[2, 7] == .empty)
    #expect(saved[2, 7] == .number(190.3) && saved[3, 7] == .number(10.2))
}

@Test func workbookOn1904DateSystem() throws {
    let sheet = try XLSXDocument(data: Fixture.data("date1904.xlsx")).sheet(at: 0)
    guard case .date(let leapDay) = sheet[1, 1], case .date(let epoch) = sheet[2, 1] else {
        Issue.record("expected dates, got \(sheet.values)")
        return
    }
    #expect(leapDay.uses1904System && leapDay.serial == 43_889 && leapDay.iso == "2024-02-29")
    #expect(epoch.serial == 0 && epoch.iso == "1904-01-01")
}

@Test func handWrittenQuirks() throws {
    let document = try XLSXDocument(data: Fixture.data("quirks.xlsx"))
    #expect(document.sheetNames == ["Quirks & 怪癖"])
    let sheet = try document.sheet(at: 0)
    #expect(sheet.values[0] == ["内联文本", .empty, "富文本 ", .empty, "内联文本!"])  // phonetic run left out
    #expect(sheet.values[1] == [])
    guard case .date(let stamped) = sheet[3, 1] else {
        Issue.record("A3 should be a t=\"d\" date, got \(sheet[3, 1])")
        return
    }
    #expect(stamped.iso == "2024-03-05T08:15:00")
    #expect(sheet[3, 2] == .error("#DIV/0!") && sheet[3, 3] == .number(1500))
    #expect(sheet[3, 4] == .string("第一行\r\n第二行 & <三> 中"))  // _x000D_ and entities
    #expect(sheet.values[3] == [.empty, .bool(false)])  // styled empty cell and uncached formula dropped
    #expect(sheet.rowCount == 4)  // row 6 holds only a styled empty cell
    #expect(sheet.cell(row: 3, column: 2).reference == "B3")
    #expect(sheet.fillingMergedCells().values[1] == ["内联文本", "内联文本"])
}

@Test func streamingGivesTheSameRowsAsTheSheet() throws {
    let document = try XLSXDocument(data: Fixture.data("catalogue-libreoffice.xlsx"))
    for (index, name) in document.sheetNames.enumerated() {
        var streamed: [SheetRow] = []
        try document.forEachRow(inSheet: name) { streamed.append($0) }
        let sheet = try document.sheet(at: index)
        #expect(streamed.map(\.number) == Array(1...sheet.rowCount))
        #expect(streamed.map(\.cells) == sheet.rows)

        var filled: [[Cell]] = []
        try document.forEachRow(inSheetAt: index, fillingMergedCells: true) { filled.append($0.cells) }
        #expect(filled == sheet.fillingMergedCells().rows)
    }
}

@Test func streamingStopsWhenTheBodyThrows() throws {
    struct Enough: Error {}
    var seen = 0
    #expect(throws: Enough.self) {
        try XLSXDocument(data: Fixture.data("catalogue.xlsx")).forEachRow(inSheet: "清单") { _ in
            seen += 1
            if seen == 2 { throw Enough() }
        }
    }
    #expect(seen == 2)
}

@Test func gapsAndSparseRowsAreFilledWithEmptyCells() throws {
    let xml = StoredZip.sheet(
        """
        <row r="2"><c r="C2"><v>3</v></c><c r="E2" t="inlineStr"><is><t>e</t></is></c></row>\
        <row r="5"><c r="A5"><v>1</v></c></row>
        """)
    let sheet = try XLSXDocument(data: StoredZip.workbook(sheetXML: xml)).sheet(at: 0)
    #expect(sheet.values == [[], [.empty, .empty, 3, .empty, "e"], [], [], [1]])
    #expect(sheet.rows[1].map(\.reference) == ["A2", "B2", "C2", "D2", "E2"])
    #expect(sheet[9, 9] == .empty && sheet.cell(row: 9, column: 9).reference == "I9")
}

@Test func mergedAreaReachingPastTheDataIsFilled() throws {
    let xml = StoredZip.sheet(
        #"<row r="1"><c r="A1" t="inlineStr"><is><t>领域</t></is></c></row>"#,
        after: #"<mergeCells count="1"><mergeCell ref="A1:B3"/></mergeCells>"#)
    let document = try XLSXDocument(data: StoredZip.workbook(sheetXML: xml))
    let expected: [[CellValue]] = [["领域", "领域"], ["领域", "领域"], ["领域", "领域"]]
    #expect(try document.sheet(at: 0).fillingMergedCells().values == expected)
    var streamed: [[CellValue]] = []
    try document.forEachRow(inSheetAt: 0, fillingMergedCells: true) { streamed.append($0.cells.map(\.value)) }
    #expect(streamed == expected)
}

@Test func sharedStringsWithPhoneticRunsAndEscapes() throws {
    let strings = """
        <sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
        <si><t>东京</t><rPh sb="0" eb="2"><t>とうきょう</t></rPh></si>\
        <si><r><t>a</t></r><r><t>_x005F_x0041_</t></r></si>\
        <si><t/></si></sst>
        """
    let xml = StoredZip.sheet(
        #"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>"#)
    let sheet = try XLSXDocument(data: StoredZip.workbook(sheetXML: xml, sharedStringsXML: strings)).sheet(at: 0)
    #expect(sheet.values == [["东京", "a_x0041_"]])
}

@Test func textAccessorsOfValues() {
    #expect(CellValue.number(12).text == "12" && CellValue.number(-0.5).text == "-0.5")
    #expect(CellValue.number(1e20).text == "1e+20" && CellValue.bool(true).text == "TRUE")
    #expect(CellValue.string(" 96.5 ").numericValue == 96.5 && CellValue.string("九十").numericValue == nil)
    #expect(CellValue.string("\u{3000}3\u{3000}").numericValue == 3)
    #expect(CellValue.date(ExcelDate(year: 2024, month: 1, day: 2)!).text == "2024-01-02")
    #expect(CellValue.bool(false).numericValue == nil && CellValue.empty.text == "")
}
