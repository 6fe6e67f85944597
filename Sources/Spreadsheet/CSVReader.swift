import Foundation
import OfficePackage
import TextFormats

/// The field separator of a CSV file.
public enum CSVDelimiter: UInt8, Sendable, Hashable, CaseIterable {
    case comma = 0x2C
    /// Excel's "Unicode text" (UTF-16, tab-separated) and many database exports.
    case tab = 0x09
    case semicolon = 0x3B
    case pipe = 0x7C
}

public struct CSVReadOptions: Sendable, Hashable {
    /// `nil` picks the delimiter that occurs most often in the first record (comma on a tie).
    public var delimiter: CSVDelimiter?
    /// The name the resulting `Sheet` and error messages use (e.g. the uploaded file's name).
    public var sheetName: String

    public init(delimiter: CSVDelimiter? = nil, sheetName: String = "") {
        self.delimiter = delimiter
        self.sheetName = sheetName
    }
}

/// How a CSV file turned out to be written.
public struct CSVFormat: Sendable, Hashable {
    public let encoding: TextEncoding
    public let hadByteOrderMark: Bool
    public let delimiter: CSVDelimiter
}

/// A CSV file read into memory.
public struct CSVTable: Sendable, Hashable {
    public let format: CSVFormat
    /// Every non-empty field is `.string`: CSV has no types, so nothing is guessed.
    public let sheet: Sheet
}

/// Reads RFC 4180 CSV from memory with the shared `CSVParser`: fields in double quotes may hold
/// delimiters, line breaks and doubled quotes; records end with CRLF, LF or CR. The encoding is
/// detected by the shared `TextDecoding` (see `TextEncoding`). Row numbers count records, as Excel numbers the rows of an opened CSV.
/// Unquoted fields are kept as they are (spaces included); a quote inside an unquoted field
/// is literal text; anything but a delimiter or line end after a closing quote is an error.
public enum CSVReader {
    /// Reads the whole file into a `Sheet`; `limits.maxCells`, `maxRows` and `maxColumns` apply.
    public static func read(
        _ data: Data, options: CSVReadOptions = CSVReadOptions(), limits: SpreadsheetLimits = SpreadsheetLimits()
    ) throws -> CSVTable {
        var rows: [[Cell]] = []
        var cellCount = 0
        let format = try forEachRow(in: data, options: options, limits: limits) { row in
            cellCount += row.cells.count
            guard cellCount <= limits.maxCells else { throw SpreadsheetError(.tooManyCells(limit: limits.maxCells)) }
            rows.append(row.cells)
        }
        return CSVTable(format: format, sheet: Sheet(name: options.sheetName, rows: rows))
    }

    /// Calls `body` with each record in order, as `Sheet.rows` would hold them (blank records
    /// included, trailing blank ones left out), without keeping them.
    /// - Returns: the detected encoding and delimiter.
    /// - Throws: `SpreadsheetError` for undecodable text or broken quoting, with the record and
    ///   column; `tooManyRows` or `tooManyColumns` past `limits.maxRows` or `limits.maxColumns`;
    ///   whatever `body` throws, which also stops the reading.
    @discardableResult
    public static func forEachRow(
        in data: Data, options: CSVReadOptions = CSVReadOptions(), limits: SpreadsheetLimits = SpreadsheetLimits(),
        _ body: (SheetRow) throws -> Void
    ) throws -> CSVFormat {
        do {
            let decoded: DecodedText
            do {
                decoded = try TextDecoding.decode([UInt8](data))
            } catch {
                throw SpreadsheetError(
                    error.problem == .unavailable ? .encodingUnavailable(error.encoding) : .undecodableText(error.encoding),
                    row: error.line)
            }
            let delimiter = options.delimiter ?? detectDelimiter(in: decoded.utf8)
            var parser = CSVParser(
                decoded.utf8, options: CSVParser.Options(delimiter: delimiter.rawValue, maxFields: limits.maxColumns))
            var sequencer = RowSequencer(fillingMerges: nil)
            while let record = try nextRecord(of: &parser, maxFields: limits.maxColumns) {
                guard record.number <= limits.maxRows else {
                    throw SpreadsheetError(.tooManyRows(limit: limits.maxRows), row: record.number)
                }
                let cells = record.fields.enumerated().map { index, text in
                    Cell(row: record.number, column: index + 1, value: text.isEmpty ? .empty : .string(text))
                }
                try sequencer.add(SheetRow(number: record.number, cells: cells), to: body)
            }
            return CSVFormat(
                encoding: decoded.encoding, hadByteOrderMark: decoded.hadByteOrderMark, delimiter: delimiter)
        } catch let error as SpreadsheetError {
            throw error.located(sheet: options.sheetName)
        }
    }

    /// The parser's next record; broken quoting as a `SpreadsheetError` naming the record and column.
    private static func nextRecord(
        of parser: inout CSVParser, maxFields: Int
    ) throws(SpreadsheetError) -> CSVParser.Record? {
        do {
            return try parser.next()
        } catch {
            switch error.problem {
            case .tooManyFields: throw SpreadsheetError(.tooManyColumns(limit: maxFields), row: error.record)
            case .unterminatedQuote: throw SpreadsheetError(.unterminatedQuote, row: error.record, column: error.field + 1)
            // Stray quotes are text here, so the parser reports none.
            case .textAfterClosingQuote, .strayQuote:
                throw SpreadsheetError(.textAfterClosingQuote, row: error.record, column: error.field + 1)
            }
        }
    }

    /// The delimiter seen most often outside quotes in the first record.
    private static func detectDelimiter(in bytes: [UInt8]) -> CSVDelimiter {
        var counts = [Int](repeating: 0, count: CSVDelimiter.allCases.count)
        var quoted = false
        for byte in bytes.prefix(1 << 20) {
            if byte == ASCII.doubleQuote {
                quoted.toggle()
            } else if !quoted {
                if byte == ASCII.lineFeed || byte == ASCII.carriageReturn { break }
                if let found = CSVDelimiter.allCases.firstIndex(where: { $0.rawValue == byte }) { counts[found] += 1 }
            }
        }
        let best = counts.indices.max { counts[$0] < counts[$1] || (counts[$0] == counts[$1] && $0 > $1) }
        return best.map { CSVDelimiter.allCases[$0] } ?? .comma
    }
}
