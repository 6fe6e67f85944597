import Foundation
import JunhengCore
import Spreadsheet
import TextFormats

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
///
/// Uploads are read under `SpreadsheetLimits.upload` (docs/spreadsheets.md, "Limits"): rows,
/// columns, cells, shared strings and decompressed bytes are counted while the file streams, so
/// a workbook bomb (a 1.5 MB file of three million rows) is refused at the limit it reaches
/// instead of after it has been read.
public enum UploadTables {
    static let zipSignature: [UInt8] = [0x50, 0x4B, 0x03, 0x04]

    public static func read(_ data: Data, filename: String, limits: SpreadsheetLimits = .upload) throws -> [UploadTable] {
        guard !data.isEmpty else { throw JunhengError.invalid(field: "file", "文件“\(filename.excerpt())”是空的") }
        do {
            // Every cell of the upload, all sheets together, against `limits.maxCells`.
            var cellCount = 0
            func collect(_ row: SheetRow, into rows: inout [[String]]) throws {
                cellCount += row.cells.count
                guard cellCount <= limits.maxCells else { throw SpreadsheetError(.tooManyCells(limit: limits.maxCells)) }
                rows.append(row.cells.map(\.value.text))
            }
            if data.starts(with: zipSignature) || filename.lowercased().hasSuffix(".xlsx") {
                let document = try XLSXDocument(data: data, limits: limits)
                var tables: [UploadTable] = []
                for (index, summary) in document.sheets.enumerated() where !summary.isHidden {
                    var rows: [[String]] = []
                    do {
                        try document.forEachRow(inSheetAt: index) { try collect($0, into: &rows) }
                    } catch let error as SpreadsheetError {
                        throw error.sheet == nil ? SpreadsheetError(error.problem, sheet: summary.name, row: error.row,
                                                                    column: error.column) : error
                    }
                    if let table = table(rows: rows, sheet: summary.name) { tables.append(table) }
                }
                return try checked(tables, filename: filename, fromCSV: false)
            }
            var rows: [[String]] = []
            try CSVReader.forEachRow(in: data, limits: limits) { try collect($0, into: &rows) }
            return try checked(table(rows: rows, sheet: nil).map { [$0] } ?? [], filename: filename, fromCSV: true)
        } catch let error as SpreadsheetError {
            throw JunhengError.invalid([ValidationIssue(field: "file", reason: "无法读取“\(filename.excerpt())”：\(error.chineseDescription)",
                                                        sheet: error.sheet, row: error.row, column: error.columnLetters)])
        }
    }

    /// The tables as read, after two checks of their text: a cell holding a NUL character (U+0000)
    /// is refused with its sheet, row and column (stored, its text would end there); and in a CSV
    /// file, a cell that our CSV export neutralised (`'` before `=`, `+`, `-`, `@`, tab or CR, see
    /// `CSVWriter.neutralised`) loses that apostrophe again, so an exported CSV imports unchanged.
    static func checked(_ tables: [UploadTable], filename: String, fromCSV: Bool) throws -> [UploadTable] {
        var issues: [ValidationIssue] = []
        for table in tables {
            for (offset, row) in ([table.header] + table.rows).enumerated() {
                for (column, cell) in row.enumerated() where cell.containsNUL {
                    issues.append(ValidationIssue(field: "file", reason: "单元格" + TextSafety.nulReason, sheet: table.sheet,
                                                  row: table.headerRow + offset, column: CellReference.letters(forColumn: column + 1)))
                    if issues.count == 20 { throw JunhengError.invalid(issues) }
                }
            }
        }
        guard issues.isEmpty else { throw JunhengError.invalid(issues) }
        guard fromCSV else { return tables }
        return tables.map { table in
            var table = table
            table.header = table.header.map(unneutralised)
            table.rows = table.rows.map { $0.map(unneutralised) }
            return table
        }
    }

    /// Undoes `CSVWriter.neutralised`: "'=SUM(A1)" → "=SUM(A1)"; anything else as it is.
    static func unneutralised(_ text: String) -> String {
        guard text.hasPrefix("'"), let second = text.unicodeScalars.dropFirst().first,
              CSVWriter.formulaTriggers.contains(second) else { return text }
        return String(text.dropFirst())
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
