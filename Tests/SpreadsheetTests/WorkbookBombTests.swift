import Foundation
import Testing

import OfficePackage
@testable import Spreadsheet

/// Issue 16, item 3: a 1.5 MB workbook of three million rows cost 50 CPU-seconds and 498 MB
/// before it was refused, because rows were only refused past Excel's grid, after a million of
/// them had been materialised. Rows, columns and shared strings are now counted as they stream.

/// A deflated workbook whose one sheet has `rows` rows of one number each, built as bytes
/// (materialising three million rows to write them would be the very cost under test).
private func workbook(rows: Int) throws -> Data {
    var xml = Array(StoredZip.sheet("").utf8)
    let close = Array("</sheetData></worksheet>".utf8)
    xml.removeLast(close.count)
    let row = Array("<row><c><v>1</v></c></row>".utf8)
    xml.reserveCapacity(xml.count + row.count * rows + close.count)
    for _ in 0..<rows { xml.append(contentsOf: row) }
    xml.append(contentsOf: close)
    var entries = StoredZip.workbookEntries(sheetXML: "")
    entries[3].bytes = xml
    return try ZipWriter.zip(entries)
}

@Test func threeMillionRowWorkbookIsRefusedBeforeItIsRead() throws {
    let data = try workbook(rows: 3_000_000)
    #expect(data.count < 2_000_000)  // about 78 MB of sheet XML inside
    let document = try XLSXDocument(data: data, limits: .upload)
    // Its sheet declares more than the 64 MB uploads may decompress (and counting would stop it
    // there if the declaration lied), so not one row is handed out.
    var delivered = 0
    let error = spreadsheetError { try document.forEachRow(inSheetAt: 0) { _ in delivered += 1 } }
    #expect(error?.problem == .sizeLimitExceeded(bytes: 64 << 20) && delivered == 0)
}

@Test func threeMillionRowWorkbookStopsAtTheRowLimitWhileStreaming() throws {
    let data = try workbook(rows: 3_000_000)
    // The upload limits with the library's byte allowance: the row count is what stops it.
    var limits = SpreadsheetLimits.upload
    limits.maxUncompressedBytes = SpreadsheetLimits().maxUncompressedBytes
    let document = try XLSXDocument(data: data, limits: limits)
    // Materialising stops at the limit, naming it and the row where it was reached.
    let error = spreadsheetError { _ = try document.sheet(at: 0) }
    #expect(error?.problem == .tooManyRows(limit: 100_000))
    #expect(error?.row == 100_001 && error?.sheet == "指标")
    #expect(error?.chineseDescription == "工作表 指标 第 100001 行：超过 100000 行的上限")
    #expect(error?.englishDescription == "sheet 指标, row 100001: more than the limit of 100,000 rows")
    // Streaming stops there too: some of the rows before the limit (those of the last
    // decompressed chunk are not handed out), not three million.
    var delivered = 0
    let streamed = spreadsheetError { try document.forEachRow(inSheetAt: 0) { _ in delivered += 1 } }
    #expect(streamed?.problem == .tooManyRows(limit: 100_000))
    #expect((90_000...100_000).contains(delivered))
}

@Test func blankRowsCountTowardsTheRowLimit() throws {
    // One row numbered past the limit would otherwise hand out all the blank rows before it.
    let xml = StoredZip.sheet(#"<row r="1"><c><v>1</v></c></row><row r="500000"><c><v>2</v></c></row>"#)
    let document = try XLSXDocument(data: StoredZip.workbook(sheetXML: xml), limits: .upload)
    var delivered = 0
    let error = spreadsheetError { try document.forEachRow(inSheetAt: 0) { _ in delivered += 1 } }
    #expect(error?.problem == .tooManyRows(limit: 100_000) && error?.row == 500_000)
    #expect(delivered <= 1)
}

@Test func columnsAreBoundedWhileStreaming() throws {
    let xml = StoredZip.sheet(#"<row r="1"><c r="A1"><v>1</v></c><c r="K1"><v>2</v></c></row>"#)
    let document = try XLSXDocument(data: StoredZip.workbook(sheetXML: xml), limits: SpreadsheetLimits(maxColumns: 10))
    let error = spreadsheetError { try document.forEachRow(inSheetAt: 0) { _ in } }
    #expect(error?.problem == .tooManyColumns(limit: 10) && error?.row == 1)
    #expect(error?.englishDescription == "sheet 指标, row 1: more than the limit of 10 columns")
    #expect(SpreadsheetLimits.upload.maxColumns == 1_000)
}

@Test func sharedStringTableIsBounded() throws {
    let strings = String(repeating: "<si/>", count: 11)
    let data = StoredZip.workbook(
        sheetXML: StoredZip.sheet(""),
        sharedStringsXML: #"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\#(strings)</sst>"#)
    let error = spreadsheetError { _ = try XLSXDocument(data: data, limits: SpreadsheetLimits(maxSharedStrings: 10)) }
    #expect(error?.problem == .tooManySharedStrings(limit: 10))
    #expect(error?.chineseDescription == "共享字符串超过 10 个的上限")
    #expect(try XLSXDocument(data: data, limits: SpreadsheetLimits(maxSharedStrings: 11)).sheets.count == 1)
}

@Test func csvRecordsAndFieldsAreBoundedWhileStreaming() throws {
    let data = Data(String(repeating: "a,b\n", count: 20).utf8)
    var delivered = 0
    let rows = spreadsheetError {
        try CSVReader.forEachRow(in: data, limits: SpreadsheetLimits(maxRows: 5)) { _ in delivered += 1 }
    }
    #expect(rows?.problem == .tooManyRows(limit: 5) && rows?.row == 6 && delivered == 5)
    let columns = spreadsheetError {
        try CSVReader.forEachRow(in: Data("a,b,c\n".utf8), limits: SpreadsheetLimits(maxColumns: 2)) { _ in }
    }
    #expect(columns?.problem == .tooManyColumns(limit: 2))
}
