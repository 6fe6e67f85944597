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
        try forEachRow(from: BytesInMemory(data), options: options, limits: limits, body)
    }

    /// `forEachRow(in:)` for text in memory or in a file, read a megabyte at a time: memory
    /// stays constant whatever the file's length (a file is read twice, first to tell UTF-8
    /// from GB18030, which needs all of it).
    @discardableResult
    public static func forEachRow(
        from source: some ByteSource, options: CSVReadOptions = CSVReadOptions(), limits: SpreadsheetLimits = SpreadsheetLimits(),
        _ body: (SheetRow) throws -> Void
    ) throws -> CSVFormat {
        do {
            var check = UTF8Check()
            var start: [UInt8] = []
            try source.forEachPiece { piece, _ in
                if start.count < 4 { start += piece.prefix(4 - start.count) }
                check.add(piece)
                return check.isValid
            }
            let isUTF8 = check.finish()
            var decoder: TextStreamDecoder
            do {
                decoder = try TextStreamDecoder(start: start, isUTF8: isUTF8)
            } catch {
                throw SpreadsheetError(.encodingUnavailable(error.encoding), row: error.line)
            }
            var delimiter = options.delimiter ?? .comma
            // The text the delimiter is guessed from: a megabyte, or all of a shorter file.
            var opening: [UInt8]? = []
            var parser = CSVParser(options: CSVParser.Options(delimiter: delimiter.rawValue, maxFields: limits.maxColumns))
            var sequencer = RowSequencer(fillingMerges: nil)
            try source.forEachPiece { piece, isLast in
                let text: [UInt8]
                do {
                    text = try decoder.decode(piece, isLast: isLast)
                } catch let error as TextDecodingError {
                    throw SpreadsheetError(
                        error.problem == .unavailable ? .encodingUnavailable(error.encoding) : .undecodableText(error.encoding),
                        row: error.line)
                }
                if var start = opening {
                    start += text
                    guard start.count >= Self.openingLength || isLast else {
                        opening = start
                        return true
                    }
                    delimiter = options.delimiter ?? detectDelimiter(in: start)
                    parser = CSVParser(options: CSVParser.Options(delimiter: delimiter.rawValue, maxFields: limits.maxColumns))
                    parser.feed(start)
                    opening = nil
                } else {
                    parser.feed(text)
                }
                if isLast { parser.finish() }
                while let record = try nextRecord(of: &parser, maxFields: limits.maxColumns) {
                    guard record.number <= limits.maxRows else {
                        throw SpreadsheetError(.tooManyRows(limit: limits.maxRows), row: record.number)
                    }
                    let cells = record.fields.enumerated().map { index, text in
                        Cell(row: record.number, column: index + 1, value: text.isEmpty ? .empty : .string(text))
                    }
                    try sequencer.add(SheetRow(number: record.number, cells: cells), to: body)
                }
                return true
            }
            return CSVFormat(
                encoding: decoder.encoding, hadByteOrderMark: decoder.hadByteOrderMark, delimiter: delimiter)
        } catch let error as SpreadsheetError {
            throw error.located(sheet: options.sheetName)
        }
    }

    /// How much text the delimiter is guessed from.
    static let openingLength = 1 << 20

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
