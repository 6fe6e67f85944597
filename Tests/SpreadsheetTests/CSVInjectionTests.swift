import Foundation
import Spreadsheet
import Testing

/// Issue 16, item 11: a CSV cell that Excel or WPS would run as a formula is written as text.
@Test func csvTextCellsThatWouldRunAsFormulasGetAnApostrophe() throws {
    let rows: [[CellValue]] = [
        ["=1+1", "+1-1", "-1+cmd", "@SUM(A1)", "\tx", "\rx", "a=b", "'quoted", "－全角"],
        [.number(-3.5), .number(-7), "-3.5", "+12", "-", "-.5", .bool(true), .empty, .error("#N/A")],
    ]
    let text = String(decoding: CSVWriter.write(rows, options: CSVWriteOptions(includeByteOrderMark: false)), as: UTF8.self)
    let read = try CSVReader.read(Data(text.utf8)).sheet.rows.map { $0.map(\.value.text) }
    #expect(read[0] == ["'=1+1", "'+1-1", "'-1+cmd", "'@SUM(A1)", "'\tx", "'\rx", "a=b", "'quoted", "－全角"])
    // Numbers stay numbers; text is text, even when it spells a number.
    #expect(read[1] == ["-3.5", "-7", "'-3.5", "'+12", "'-", "'-.5", "TRUE", "", "#N/A"])
    #expect(text.hasPrefix("'=1+1,'+1-1,'-1+cmd,'@SUM(A1),'\tx,\"'\rx\",a=b,'quoted,－全角\r\n-3.5,-7,"))

    let raw = CSVWriter.write([["=1+1", .number(-1)]], options: CSVWriteOptions(includeByteOrderMark: false, neutralisesFormulas: false))
    #expect(String(decoding: raw, as: UTF8.self) == "=1+1,-1\r\n")
}
