import Testing

@testable import Spreadsheet

@Test func the1900LeapYearBugIsReproduced() {
    let days: [(Double, String)] = [
        (1, "1900-01-01"), (59, "1900-02-28"), (60, "1900-02-29"), (61, "1900-03-01"), (0, "1899-12-31"),
        (43_164, "2018-03-05"), (2_958_465, "9999-12-31"),
    ]
    for (serial, iso) in days { #expect(ExcelDate(serial: serial)?.iso == iso, "\(serial)") }
    #expect(ExcelDate(year: 1900, month: 2, day: 28)?.serial == 59)
    #expect(ExcelDate(year: 1900, month: 3, day: 1)?.serial == 61)
    #expect(ExcelDate(year: 1900, month: 2, day: 29) == nil)
}

@Test func timesAndTheOtherDateSystem() {
    #expect(ExcelDate(serial: 43_164.604166666664)?.iso == "2018-03-05T14:30:00")
    #expect(ExcelDate(serial: 0.5)?.iso == "1899-12-31T12:00:00")
    #expect(ExcelDate(serial: 43_164.99999999)?.iso == "2018-03-06")  // rounds to the second
    #expect(ExcelDate(serial: 0, uses1904System: true)?.iso == "1904-01-01")
    #expect(ExcelDate(serial: 1, uses1904System: true)?.serialIn1900System == 1_463)
    #expect(ExcelDate(year: 2024, month: 2, day: 29, hour: 23, minute: 59, second: 59)?.iso == "2024-02-29T23:59:59")
}

@Test func outOfRangeDatesAreRefused() {
    for serial in [-1, 2_958_466, .nan, .infinity] { #expect(ExcelDate(serial: serial) == nil) }
    #expect(ExcelDate(serial: 2_957_004, uses1904System: true) == nil)
    #expect(ExcelDate(year: 1899, month: 12, day: 31) == nil && ExcelDate(year: 2023, month: 4, day: 31) == nil)
    #expect(ExcelDate(year: 2023, month: 1, day: 1, hour: 24) == nil)
}

@Test func isoTextParses() {
    let accepted = [
        "2024-03-05": "2024-03-05", "2024-03-05T08:15": "2024-03-05T08:15:00",
        "2024-03-05 08:15:30.250": "2024-03-05T08:15:30", "2024-03-05T08:15:00Z": "2024-03-05T08:15:00",
        "2024-03-05T08:15:00+08:00": "2024-03-05T08:15:00",
    ]
    for (text, iso) in accepted { #expect(ExcelDate(iso: text)?.iso == iso, "\(text)") }
    for text in ["2024-3-5", "2024-03-05T8:15", "2024/03/05", "2024-03-05junk", "2024-02-30", ""] {
        #expect(ExcelDate(iso: text) == nil, "\(text)")
    }
}

@Test func dateFormatsAreRecognised() {
    let dates = [
        "yyyy-mm-dd", "yyyy\"年\"m\"月\"d\"日\"", "[$-804]yyyy/m/d", "[DBNum1][$-804]yyyy\"年\"m\"月\"",
        "h:mm:ss", "[h]:mm", "mmm-yy", "d-mmm-yy;@",
    ]
    let numbers = ["General", "0.00", "#,##0\"元\"", "0.0%", "0.00E+00", "[Red]-#,##0", "\"day\"0", "@", "_(* #,##0_)"]
    for code in dates { #expect(StylesHandler.isDateFormat(code), "\(code)") }
    for code in numbers { #expect(!StylesHandler.isDateFormat(code), "\(code)") }
    #expect(
        StylesHandler.builtInDateFormats.isSuperset(of: [14, 22, 31, 57])
            && !StylesHandler.builtInDateFormats.contains(49))
}

@Test func cellReferencesAndRanges() {
    #expect(CellReference("XFD1048576") == CellReference(row: 1_048_576, column: 16_384))
    #expect(CellReference("$b$12")?.description == "B12")
    for bad in ["XFE1", "A0", "A1048577", "1A", "A", "", "A1B"] { #expect(CellReference(bad) == nil, "\(bad)") }
    #expect((1...30).map(CellReference.letters(forColumn:)).suffix(5) == ["Z", "AA", "AB", "AC", "AD"])
    #expect(CellReference.letters(forColumn: 16_384) == "XFD")
    #expect(CellRange("C3:A1")?.description == "A1:C3" && CellRange("B2")?.description == "B2")
    #expect(CellRange("A1:") == nil && CellRange("A1:B2:C3") == nil)
    #expect(
        CellRange("A1:B2")?.contains(row: 2, column: 2) == true
            && CellRange("A1:B2")?.contains(row: 3, column: 1) == false)
}

@Test func errorsReadInBothLanguages() {
    let error = SpreadsheetError(.invalidNumber("abc"), sheet: "指标", row: 12, column: 3)
    #expect(error.chineseDescription == "工作表 指标 第 12 行 列 C：“abc”不是数字")
    #expect(error.englishDescription == "sheet 指标, row 12, column C: \"abc\" is not a number")
    #expect(error.description == "工作表 指标 第 12 行 列 C：“abc”不是数字 (sheet 指标, row 12, column C: \"abc\" is not a number)")
    #expect(
        SpreadsheetError(.notAnArchive).description == "不是 XLSX 文件（不是 ZIP 压缩包） (not an XLSX file (not a ZIP archive))")
    #expect(error.located(sheet: "别的", row: 1).row == 12 && error.columnLetters == "C")
}
