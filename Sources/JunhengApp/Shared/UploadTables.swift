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
        var tables: [UploadTable] = []
        try forEachRow(of: .data(data), filename: filename, limits: limits,
                       table: { sheet, header, headerRow in
                           tables.append(UploadTable(sheet: sheet, header: header, rows: [], headerRow: headerRow))
                       },
                       row: { cells, _ in tables[tables.count - 1].rows.append(cells) })
        return tables
    }

    /// Streams an upload's tables without holding them: `table` with each table's sheet, header
    /// and header row (the first row with any text), then `row` with each row after it (blank
    /// ones included) and its 1-based number. Memory stays that of one row, plus an XLSX
    /// file's shared strings; the checks of `read` (limits, NUL characters, CSV export's
    /// neutralised formulas) apply as the rows pass, and a NUL found anywhere fails the upload
    /// when the reading ends, with up to 20 cells named.
    public static func forEachRow(of source: UploadSource, filename: String, limits: SpreadsheetLimits = .upload,
                                  table: (_ sheet: String?, _ header: [String], _ headerRow: Int) throws -> Void,
                                  row: (_ cells: [String], _ number: Int) throws -> Void) throws {
        guard try !source.isEmpty else { throw JunhengError.invalid(field: "file", "文件“\(filename.excerpt())”是空的") }
        var nulIssues: [ValidationIssue] = []
        do {
            // Every cell of the upload, all sheets together, against `limits.maxCells`.
            var cellCount = 0
            var inTable = false
            func pass(_ sheetRow: SheetRow, sheet: String?, fromCSV: Bool) throws {
                cellCount += sheetRow.cells.count
                guard cellCount <= limits.maxCells else { throw SpreadsheetError(.tooManyCells(limit: limits.maxCells)) }
                var cells = sheetRow.cells.map(\.value.text)
                for (column, cell) in cells.enumerated() where cell.containsNUL {
                    nulIssues.append(ValidationIssue(field: "file", reason: "单元格" + TextSafety.nulReason, sheet: sheet,
                                                     row: sheetRow.number, column: CellReference.letters(forColumn: column + 1)))
                    if nulIssues.count == 20 { throw JunhengError.invalid(nulIssues) }
                }
                if fromCSV { cells = cells.map(unneutralised) }
                if inTable {
                    try row(cells, sheetRow.number)
                } else if cells.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) {
                    inTable = true
                    try table(sheet, cells, sheetRow.number)
                }
            }
            if try source.startsWith(zipSignature) || filename.lowercased().hasSuffix(".xlsx") {
                let document = try XLSXDocument(data: try source.mappedData(), limits: limits)
                for (index, summary) in document.sheets.enumerated() where !summary.isHidden {
                    inTable = false
                    do {
                        try document.forEachRow(inSheetAt: index) { try pass($0, sheet: summary.name, fromCSV: false) }
                    } catch let error as SpreadsheetError {
                        throw error.sheet == nil ? SpreadsheetError(error.problem, sheet: summary.name, row: error.row,
                                                                    column: error.column) : error
                    }
                }
            } else {
                switch source {
                case .data(let data): try CSVReader.forEachRow(from: BytesInMemory(data), limits: limits) { try pass($0, sheet: nil, fromCSV: true) }
                case .file(let path): try CSVReader.forEachRow(from: FileBytes(path: path), limits: limits) { try pass($0, sheet: nil, fromCSV: true) }
                }
            }
        } catch let error as SpreadsheetError {
            throw JunhengError.invalid([ValidationIssue(field: "file", reason: "无法读取“\(filename.excerpt())”：\(error.chineseDescription)",
                                                        sheet: error.sheet, row: error.row, column: error.columnLetters)])
        }
        guard nulIssues.isEmpty else { throw JunhengError.invalid(nulIssues) }
    }

    /// Undoes `CSVWriter.neutralised`: "'=SUM(A1)" → "=SUM(A1)"; anything else as it is.
    static func unneutralised(_ text: String) -> String {
        guard text.hasPrefix("'"), let second = text.unicodeScalars.dropFirst().first,
              CSVWriter.formulaTriggers.contains(second) else { return text }
        return String(text.dropFirst())
    }
}

/// An upload as it came: the bytes of a web form's file, or a file on disk (`junheng import`),
/// read in pieces so that it is never all in memory (an XLSX file is mapped, not read).
public enum UploadSource: Sendable {
    case data(Data)
    case file(path: String)

    var isEmpty: Bool {
        get throws {
            switch self {
            case .data(let data): return data.isEmpty
            case .file(let path):
                return (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue == 0
            }
        }
    }

    func startsWith(_ prefix: [UInt8]) throws -> Bool {
        switch self {
        case .data(let data): return data.starts(with: prefix)
        case .file(let path):
            let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            return try handle.read(upToCount: prefix.count).map { $0.starts(with: prefix) } ?? false
        }
    }

    /// The bytes, a file's mapped into memory (its pages are read as they are touched and may be
    /// dropped again, so a large workbook does not count as memory the import holds).
    func mappedData() throws -> Data {
        switch self {
        case .data(let data): return data
        case .file(let path): return try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        }
    }
}

/// A file read a megabyte at a time.
struct FileBytes: ByteSource {
    let path: String

    func forEachPiece(_ body: (_ piece: [UInt8], _ isLast: Bool) throws -> Bool) throws {
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        var piece = [UInt8](try handle.read(upToCount: BytesInMemory.pieceSize) ?? Data())
        while true {
            // One piece ahead, so that the last one is known as such.
            let next = [UInt8](try handle.read(upToCount: BytesInMemory.pieceSize) ?? Data())
            guard try body(piece, next.isEmpty) else { return }
            if next.isEmpty { return }
            piece = next
        }
    }
}

/// A table's header row as the readers of named columns use it: a row's cells by column name,
/// and each column's letter, so that a reader's problems (which name a column by its header)
/// point the clerk at the letter the spreadsheet shows.
struct TableHeader {
    let names: [String]
    /// The letter of each named column (the first, when a name repeats).
    let letters: [String: String]

    init(_ cells: [String]) {
        names = cells.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        letters = Dictionary(names.enumerated().filter { !$0.element.isEmpty }.map { ($0.element, ObservationValidator.columnLetter($0.offset)) }) { first, _ in first }
    }

    /// The row's cells by column name (unnamed columns and missing cells left out).
    func cells(_ row: [String]) -> [String: String] {
        var byName: [String: String] = [:]
        for (index, name) in names.enumerated() where index < row.count && !name.isEmpty { byName[name] = row[index] }
        return byName
    }

    /// The issues with each column named by its letter.
    func located(_ issues: [ValidationIssue]) -> [ValidationIssue] {
        issues.map { issue in
            var located = issue
            located.column = issue.column.flatMap { letters[$0] } ?? issue.column
            return located
        }
    }
}
