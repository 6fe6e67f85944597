import Foundation
import Testing

@testable import Spreadsheet

/// Reads a whole workbook; any failure must be a `SpreadsheetError`, never a crash.
private func readFully(_ data: Data) {
    do {
        let document = try XLSXDocument(data: data)
        _ = try document.workbook()
        for index in document.sheets.indices {
            try document.forEachRow(inSheetAt: index, fillingMergedCells: true) { _ in }
        }
    } catch {
        #expect(error is SpreadsheetError, "\(error)")
    }
}

@Test func filesThatAreNotWorkbooksAreNamed() {
    let cases: [([UInt8], SpreadsheetError.Problem)] = [
        ([], .notAnArchive),
        (Array("地区,指标\n".utf8), .notAnArchive),
        (Array("\u{FEFF}  <html><table><tr><td>1</td></tr></table></html>".utf8), .markupNotWorkbook),
        (
            [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 600),
            .legacyOrEncryptedWorkbook
        ),
        (
            [0x50, 0x4B, 0x03, 0x04, 1, 2, 3],
            .damagedArchive(detail: "end of central directory not found (truncated file?)")
        ),
    ]
    for (bytes, problem) in cases {
        #expect(spreadsheetError { _ = try XLSXDocument(data: Data(bytes)) }?.problem == problem)
    }
    let legacy = spreadsheetError { _ = try XLSXDocument(data: Data(cases[3].0)) }
    #expect(legacy?.chineseDescription == "这是旧版 .xls 文件或加密的工作簿；请另存为未加密的 .xlsx")
}

@Test func missingPartsAreNamed() {
    let noWorkbook = StoredZip.make([("docProps/app.xml", Array("<x/>".utf8))])
    #expect(spreadsheetError { _ = try XLSXDocument(data: noWorkbook) }?.problem == .missingPart("xl/workbook.xml"))
    let withoutSheet = StoredZip.make(
        StoredZip.workbookEntries(sheetXML: "").filter { $0.path != "xl/worksheets/sheet1.xml" })
    let error = spreadsheetError { _ = try XLSXDocument(data: withoutSheet) }
    #expect(error?.problem == .missingPart("xl/worksheets/sheet1.xml") && error?.sheet == "指标")
}

@Test func brokenSheetXMLIsLocated() {
    let mismatched = #"<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="B2"><v>2</x></c></row>"#
    let offset = StoredZip.sheet(mismatched).components(separatedBy: "</x>")[0].utf8.count
    let cases: [(String, SpreadsheetError.Problem, row: Int?, column: Int?)] = [
        (
            mismatched,
            .malformedXML(
                part: "xl/worksheets/sheet1.xml", offset: offset,
                detail: "unexpected closing tag </x>"), 2, 2
        ),
        (#"<row r="3"><c r="C3"><v>abc</v></c></row>"#, .invalidNumber("abc"), 3, 3),
        (#"<row r="2"><c r="A2" t="s"><v>5</v></c></row>"#, .sharedStringOutOfRange(index: "5", count: 0), 2, 1),
        (#"<row r="2"><c r="A3"><v>1</v></c></row>"#, .invalidCellReference("A3"), 2, nil),
        (#"<row r="2"><c r="XFE2"><v>1</v></c></row>"#, .invalidCellReference("XFE2"), 2, nil),
        (#"<row r="1048577"><c><v>1</v></c></row>"#, .tooManyRows(limit: 1_048_576), nil, nil),
        (#"<row r="5"/><row r="4"/>"#, .rowOutOfOrder, 4, nil),
        (#"<row><c r="B1"/><c r="A1"/></row>"#, .cellOutOfOrder, 1, 1),
        (#"<row><c t="b"><v>2</v></c></row>"#, .invalidBoolean("2"), 1, 1),
        (#"<row><c t="d"><v>2024-02-30</v></c></row>"#, .invalidDate("2024-02-30"), 1, 1),
        (#"<row><c t="x"><v>1</v></c></row>"#, .unknownCellType("x"), 1, 1),
        (#"<row><c><v>1e999</v></c></row>"#, .invalidNumber("1e999"), 1, 1),
        (#"<row><c><v>nan</v></c></row>"#, .invalidNumber("nan"), 1, 1),
        (#"<row r="1"><row r="2"/></row>"#, .invalidPart(part: "worksheet", detail: "a <row> inside a <row>"), 1, nil),
    ]
    for (rows, problem, row, column) in cases {
        let error = spreadsheetError {
            _ = try XLSXDocument(data: StoredZip.workbook(sheetXML: StoredZip.sheet(rows))).workbook()
        }
        #expect(error?.problem == problem, "\(rows)")
        #expect(
            error?.sheet == "指标" && error?.row == row && error?.column == column,
            "\(rows): \(String(describing: error))")
    }
}

@Test func xmlThatCouldExpandOrHideContentIsRefused() {
    let documentType = """
        <?xml version="1.0"?><!DOCTYPE lol [<!ENTITY lol "lol">]>\
        <worksheet><sheetData><row><c t="inlineStr"><is><t>&lol;</t></is></c></row></sheetData></worksheet>
        """
    let error = spreadsheetError { _ = try XLSXDocument(data: StoredZip.workbook(sheetXML: documentType)).workbook() }
    guard case .malformedXML(_, _, let detail) = error?.problem else {
        Issue.record("expected malformed XML, got \(String(describing: error))")
        return
    }
    #expect(detail == "document type declarations are not allowed")
    let unknownEntity = StoredZip.sheet(#"<row><c t="inlineStr"><is><t>&bogus;</t></is></c></row>"#)
    for broken in ["<worksheet>", "<worksheet></worksheet><x/>", "<a b=c/>", "<a b='1' b>", unknownEntity, "text", ""] {
        #expect(spreadsheetError { _ = try XLSXDocument(data: StoredZip.workbook(sheetXML: broken)).workbook() } != nil)
    }
}

@Test func tokenizerHandlesCommentsCDATAAndReferences() throws {
    let xml = StoredZip.sheet(
        """
        <!-- a comment with <tags> --><row r="1"><c r="A1" t="inlineStr"><is><t><![CDATA[<b>&amp;</b>]]>\
         &#x4E2D;&#25991;&quot;&apos;</t></is></c><?pi ignored?></row>
        """)
    #expect(try XLSXDocument(data: StoredZip.workbook(sheetXML: xml)).sheet(at: 0).values == [["<b>&amp;</b> 中文\"'"]])
}

@Test func zipBombStopsAtTheLimit() throws {
    let rows = [[CellValue]](repeating: [.string(String(repeating: "均衡", count: 100))], count: 5_000)
    let data = try XLSXWriter.write([SheetContent(name: "大", rows: rows)], options: XLSXWriteOptions(strings: .inline))
    #expect(data.count < 200_000)  // about 3 MB of XML inside
    let limits = SpreadsheetLimits(maxUncompressedBytes: 1 << 20)
    let document = try XLSXDocument(data: data, limits: limits)
    let error = spreadsheetError { try document.forEachRow(inSheetAt: 0) { _ in } }
    #expect(error?.problem == .sizeLimitExceeded(bytes: 1 << 20) && error?.sheet == "大")
    #expect(error?.englishDescription == "sheet 大: uncompressed content exceeds the 1 MB limit (possible zip bomb)")
}

@Test func mergedAreasCannotMultiplyCellsBeyondTheLimit() throws {
    let xml = StoredZip.sheet(
        #"<row r="1"><c r="A1"><v>1</v></c></row>"#,
        after: #"<mergeCells><mergeCell ref="A1:XFD1048576"/></mergeCells>"#)
    let document = try XLSXDocument(data: StoredZip.workbook(sheetXML: xml))
    let error = spreadsheetError { try document.forEachRow(inSheetAt: 0, fillingMergedCells: true) { _ in } }
    #expect(error?.problem == .tooManyCells(limit: 10_000_000) && error?.sheet == "指标")
}

@Test func cellLimitStopsMaterialisingButNotStreaming() throws {
    let rows = [[CellValue]](repeating: [1, 2, 3, 4], count: 100)
    let data = try XLSXWriter.write([SheetContent(name: "数据", rows: rows)])
    let document = try XLSXDocument(data: data, limits: SpreadsheetLimits(maxCells: 50))
    #expect(spreadsheetError { _ = try document.sheet(at: 0) }?.problem == .tooManyCells(limit: 50))
    var count = 0
    try document.forEachRow(inSheetAt: 0) { _ in count += 1 }
    #expect(count == 100)
    #expect(spreadsheetError { _ = try document.sheet(named: "无") }?.problem == .sheetNotFound("无"))
    #expect(spreadsheetError { try document.forEachRow(inSheetAt: 3) { _ in } }?.problem == .sheetNotFound("#4"))
}

@Test func archiveChecksSizesAndChecksums() throws {
    var parts = try Fixture.parts("quirks.xlsx")
    let index = try #require(parts.firstIndex { $0.path == "xl/worksheets/data.xml" })
    let good = StoredZip.make(parts)
    readFully(good)
    // Change a digit of the stored sheet: the XML stays valid, the CRC no longer matches.
    var bytes = [UInt8](good)
    let offset = try #require(bytes.indices.first { bytes[$0...].starts(with: Array("1.5E3".utf8)) })
    bytes[offset] = UInt8(ascii: "2")
    let error = spreadsheetError { _ = try XLSXDocument(data: Data(bytes)).workbook() }
    #expect(error?.problem == .damagedArchive(detail: "xl/worksheets/data.xml fails its size or CRC check"))
    parts[index].bytes.removeAll()
    readFully(StoredZip.make(parts))
}

@Test func truncatedWorkbooksNeverCrash() throws {
    for name in ["catalogue.xlsx", "catalogue-libreoffice.xlsx", "quirks.xlsx"] {
        let data = try Fixture.data(name)
        for length in stride(from: 0, to: data.count, by: 37) { readFully(data.prefix(length)) }
    }
}

@Test func mutatedWorkbooksNeverCrash() throws {
    var generator = SeededGenerator(seed: 2_025)
    for name in ["catalogue.xlsx", "catalogue-libreoffice.xlsx", "quirks.xlsx", "date1904.xlsx"] {
        let compressed = [UInt8](try Fixture.data(name))
        // Damage in the compressed file mostly trips the CRC; damage in stored parts reaches
        // the XML and cell parsers, so both are fuzzed.
        let parts = try Fixture.parts(name)
        for round in 0..<300 {
            if round % 2 == 0 {
                var bytes = compressed
                for _ in 0..<Int.random(in: 1...8, using: &generator) {
                    bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(
                        in: 0...255, using: &generator)
                }
                readFully(Data(bytes))
            } else {
                var mutated = parts
                let part = Int.random(in: 0..<mutated.count, using: &generator)
                guard !mutated[part].bytes.isEmpty else { continue }
                for _ in 0..<Int.random(in: 1...4, using: &generator) {
                    let position = Int.random(in: 0..<mutated[part].bytes.count, using: &generator)
                    mutated[part].bytes[position] = Array("<>/\"'&;=:_x0123456789 rctsv".utf8).randomElement(
                        using: &generator)!
                }
                readFully(StoredZip.make(mutated))
            }
        }
    }
}

/// Issue 16, item 11: a cell holding a whole document is quoted by its first 40 characters and
/// "…", in both languages, never in full.
@Test func aHugeBadCellIsQuotedByItsFirstFortyCharacters() {
    let cell = String(repeating: "数", count: 100_000)
    let quoted = String(repeating: "数", count: 40) + "…"
    let error = spreadsheetError {
        _ = try XLSXDocument(data: StoredZip.workbook(sheetXML: StoredZip.sheet("<row><c><v>\(cell)</v></c></row>"))).workbook()
    }
    #expect(error?.problem == .invalidNumber(cell))
    #expect(error?.chineseDescription == "工作表 指标 第 1 行 列 A：“\(quoted)”不是数字")
    #expect(error?.englishDescription == "sheet 指标, row 1, column A: \"\(quoted)\" is not a number")
    for problem in [SpreadsheetError.Problem.invalidBoolean(cell), .invalidDate(cell), .unknownCellType(cell),
                    .invalidCellReference(cell), .sheetNotFound(cell), .sharedStringOutOfRange(index: cell, count: 1)] {
        let description = SpreadsheetError(problem, sheet: cell).description
        #expect(description.count < 300 && description.contains(quoted), "\(problem)")
    }
}
