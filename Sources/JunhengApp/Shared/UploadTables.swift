import Foundation
import JunhengCore
import Spreadsheet

/// One table of an upload: a sheet of a workbook, or a CSV file.
public struct UploadTable: Sendable {
    public var sheet: String?
    public var header: [String]
    public var rows: [[String]]
    /// The 1-based row number of the header, so data rows keep the numbers a spreadsheet shows.
    public var headerRow: Int = 1

    public init(sheet: String?, header: [String], rows: [[String]], headerRow: Int = 1) {
        self.sheet = sheet
        self.header = header
        self.rows = rows
        self.headerRow = headerRow
    }
}

/// Reads an uploaded spreadsheet into tables: every visible sheet of an XLSX workbook, or a CSV
/// file (UTF-8, GBK or UTF-16). The first non-blank row of each is its header.
public enum UploadTables {
    static let zipSignature: [UInt8] = [0x50, 0x4B, 0x03, 0x04]

    public static func read(_ data: Data, filename: String) throws -> [UploadTable] {
        guard !data.isEmpty else { throw JunhengError.invalid(field: "file", "文件“\(filename)”是空的") }
        do {
            if data.starts(with: zipSignature) || filename.lowercased().hasSuffix(".xlsx") {
                let document = try XLSXDocument(data: data)
                var tables: [UploadTable] = []
                for (index, summary) in document.sheets.enumerated() where !summary.isHidden {
                    let sheet = try document.sheet(at: index)
                    if let table = table(rows: sheet.rows.map { $0.map(\.value.text) }, sheet: sheet.name) { tables.append(table) }
                }
                return tables
            }
            var rows: [[String]] = []
            try CSVReader.forEachRow(in: data) { row in rows.append(row.cells.map(\.value.text)) }
            return table(rows: rows, sheet: nil).map { [$0] } ?? []
        } catch let error as SpreadsheetError {
            throw JunhengError.invalid([ValidationIssue(field: "file", reason: "无法读取“\(filename)”：\(error.chineseDescription)",
                                                        sheet: error.sheet, row: error.row, column: error.columnLetters)])
        }
    }

    /// Rows numbered from 1 as in the file; the header is the first row with any text.
    static func table(rows: [[String]], sheet: String?) -> UploadTable? {
        guard let headerIndex = rows.firstIndex(where: { $0.contains { !$0.trimmingCharacters(in: .whitespaces).isEmpty } }) else {
            return nil
        }
        return UploadTable(sheet: sheet, header: rows[headerIndex], rows: Array(rows[(headerIndex + 1)...]),
                           headerRow: headerIndex + 1)
    }
}
