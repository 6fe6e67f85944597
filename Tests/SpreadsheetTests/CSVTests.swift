import Foundation
import Testing

@testable import Spreadsheet

private func values(_ text: String, options: CSVReadOptions = CSVReadOptions()) throws -> [[CellValue]] {
    try CSVReader.read(Data(text.utf8), options: options).sheet.values
}

@Test func quotedFieldsHoldDelimitersQuotesAndLineBreaks() throws {
    let text = "代码,名称,说明\r\n130500,\"邢台市, 河北\",\"他说\"\"好\"\"\"\r\n130502,\"两行\r\n说明\",\n"
    #expect(try values(text) == [["代码", "名称", "说明"], ["130500", "邢台市, 河北", "他说\"好\""], ["130502", "两行\r\n说明"]])
}

@Test func lineEndingsBlankRecordsAndEmptyFields() throws {
    #expect(try values("a,b\nc,d") == [["a", "b"], ["c", "d"]])
    #expect(try values("a,b\rc,d\r") == [["a", "b"], ["c", "d"]])
    #expect(try values("a,,c\n\n,,\n\"\",x\n\n\n") == [["a", .empty, "c"], [], [], [.empty, "x"]])
    #expect(try values("") == [])
    #expect(try values(" a , b ") == [[" a ", " b "]])  // spaces are data
    #expect(try values("5\" screen,x") == [["5\" screen", "x"]])  // a quote inside an unquoted field is text
}

@Test func rowsAreRecordNumbersAndCellsKnowTheirColumn() throws {
    var rows: [SheetRow] = []
    try CSVReader.forEachRow(in: Data("h1,h2\n\"x\ny\",2\n\n3".utf8)) { rows.append($0) }
    #expect(rows.map(\.number) == [1, 2, 3, 4])
    #expect(rows[1].cell(2).reference == "B2" && rows[1][2] == "2" && rows[2].isBlank)
}

@Test func encodingsAreDetected() throws {
    let text = "地区,指标\r\n邢台市,义务教育巩固率\r\n"
    let expected: [[CellValue]] = [["地区", "指标"], ["邢台市", "义务教育巩固率"]]
    let utf16LE: [UInt8] = [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
    let utf16BE: [UInt8] = [0xFE, 0xFF] + text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
    let cases: [([UInt8], TextEncoding, Bool)] = [
        (Array(text.utf8), .utf8, false),
        ([0xEF, 0xBB, 0xBF] + Array(text.utf8), .utf8, true),
        (gb18030(text), .gb18030, false),
        (utf16LE, .utf16LittleEndian, true),
        (utf16BE, .utf16BigEndian, true),
    ]
    for (bytes, encoding, hadByteOrderMark) in cases {
        let table = try CSVReader.read(Data(bytes))
        #expect(table.format.encoding == encoding && table.format.hadByteOrderMark == hadByteOrderMark)
        #expect(table.sheet.values == expected)
    }
}

@Test func gb18030FourByteSequencesDecode() throws {
    // 㐀 (U+3400) and 𠀀 (U+20000) are four-byte sequences in GB18030, absent from GBK.
    let bytes: [UInt8] = [0xD6, 0xD0, 0x2C, 0x81, 0x39, 0xEE, 0x39, 0x2C, 0x95, 0x32, 0x82, 0x36]
    let table = try CSVReader.read(Data(bytes))
    #expect(table.format.encoding == .gb18030 && table.sheet.values == [["中", "㐀", "𠀀"]])
}

@Test func undecodableTextNamesTheLine() {
    let bytes: [UInt8] = Array("a,b\nc,d\n".utf8) + [0xFF, 0xFF, 0x0A]
    let error = spreadsheetError { _ = try CSVReader.read(Data(bytes), options: CSVReadOptions(sheetName: "上传.csv")) }
    #expect(error?.problem == .undecodableText(.gb18030) && error?.row == 3)
    #expect(error?.chineseDescription == "工作表 上传.csv 第 3 行：文本无法按 GB18030 编码解读")
}

@Test func delimiterIsDetectedOrGiven() throws {
    let table = try CSVReader.read(Data("a\tb,c\td\n1\t2,3\t4".utf8))
    #expect(table.format.delimiter == .tab && table.sheet.values[0] == ["a", "b,c", "d"])
    #expect(try CSVReader.read(Data("a;b;c".utf8)).format.delimiter == .semicolon)
    #expect(try CSVReader.read(Data("\"x,y\";z".utf8)).format.delimiter == .semicolon)
    #expect(try values("a;b", options: CSVReadOptions(delimiter: .comma)) == [["a;b"]])
    #expect(try CSVReader.read(Data("only".utf8)).format.delimiter == .comma)
}

@Test func brokenQuotingIsLocated() {
    let unterminated = spreadsheetError { _ = try values("a,b\nc,\"open\nd,e\n") }
    #expect(unterminated?.problem == .unterminatedQuote && unterminated?.row == 2 && unterminated?.column == 2)
    let trailing = spreadsheetError { _ = try values("a,b\n\"x\"y,z") }
    #expect(trailing?.problem == .textAfterClosingQuote && trailing?.row == 2 && trailing?.column == 1)
    #expect(trailing?.englishDescription.hasPrefix("row 2, column A: characters after a closing quote") == true)
}

@Test func cellLimitAppliesToReadButNotToStreaming() throws {
    let data = Data(String(repeating: "1,2,3\n", count: 10).utf8)
    let error = spreadsheetError { _ = try CSVReader.read(data, limits: SpreadsheetLimits(maxCells: 20)) }
    #expect(error?.problem == .tooManyCells(limit: 20))
    var count = 0
    try CSVReader.forEachRow(in: data) { _ in count += 1 }
    #expect(count == 10)
}

@Test func writtenCSVReadsBackEqual() throws {
    let rows: [[CellValue]] = [
        ["代码", "名称", "值", "日期", "标志"],
        ["130500", "逗号, \"引号\"\n换行", 96.5, .date(ExcelDate(year: 2024, month: 3, day: 5)!), true],
        [.empty, "  空格  ", -1e-7, .empty, .error("#N/A")],
    ]
    let data = CSVWriter.write(rows)
    #expect(data.starts(with: [0xEF, 0xBB, 0xBF]))
    let table = try CSVReader.read(data)
    #expect(table.format.hadByteOrderMark && table.format.delimiter == .comma)
    #expect(table.sheet.values == rows.map { $0.map { $0.isEmpty ? .empty : .string($0.text) } })

    let plain = CSVWriter.write(
        [["a", "b"], ["c"]], options: CSVWriteOptions(includeByteOrderMark: false, delimiter: .tab, lineEnding: .lf))
    #expect(String(decoding: plain, as: UTF8.self) == "a\tb\nc\n")
}

@Test func randomBytesNeverCrashTheReader() {
    var generator = SeededGenerator(seed: 18)
    let alphabet: [UInt8] = Array("a,\"\r\n\t;中".utf8) + [0xFF, 0x81, 0x30, 0xEF, 0xBB, 0xBF, 0xFE]
    for _ in 0..<2_000 {
        let bytes = (0..<Int.random(in: 0..<64, using: &generator)).map { _ in
            alphabet.randomElement(using: &generator)!
        }
        do {
            _ = try CSVReader.read(Data(bytes))
        } catch {
            #expect(error is SpreadsheetError)
        }
    }
}

private func gb18030(_ text: String) -> [UInt8] {
    // 地区,指标\r\n邢台市,义务教育巩固率\r\n as Chinese Excel saves it.
    let table: [Character: [UInt8]] = [
        "地": [0xB5, 0xD8], "区": [0xC7, 0xF8], "指": [0xD6, 0xB8], "标": [0xB1, 0xEA], "邢": [0xD0, 0xCF],
        "台": [0xCC, 0xA8], "市": [0xCA, 0xD0], "义": [0xD2, 0xE5], "务": [0xCE, 0xF1], "教": [0xBD, 0xCC],
        "育": [0xD3, 0xFD], "巩": [0xB9, 0xAE], "固": [0xB9, 0xCC], "率": [0xC2, 0xCA],
    ]
    return text.flatMap { table[$0] ?? Array(String($0).utf8) }
}
