import Foundation

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

/// Reads RFC 4180 CSV from memory: fields in double quotes may hold delimiters, line breaks
/// and doubled quotes; records end with CRLF, LF or CR. The encoding is detected (see
/// `TextEncoding`). Row numbers count records, as Excel numbers the rows of an opened CSV.
/// Unquoted fields are kept as they are (spaces included); a quote inside an unquoted field
/// is literal text; anything but a delimiter or line end after a closing quote is an error.
public enum CSVReader {
    /// Reads the whole file into a `Sheet`; `limits.maxCells` applies.
    public static func read(
        _ data: Data, options: CSVReadOptions = CSVReadOptions(), limits: SpreadsheetLimits = SpreadsheetLimits()
    ) throws -> CSVTable {
        var rows: [[Cell]] = []
        var cellCount = 0
        let format = try forEachRow(in: data, options: options) { row in
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
    ///   column; whatever `body` throws, which also stops the reading.
    @discardableResult
    public static func forEachRow(
        in data: Data, options: CSVReadOptions = CSVReadOptions(), _ body: (SheetRow) throws -> Void
    ) throws -> CSVFormat {
        do {
            let decoded = try TextDecoding.decode(data)
            return try decoded.utf8.withUnsafeBytes { raw in
                let bytes = raw.bindMemory(to: UInt8.self)
                let delimiter = options.delimiter ?? detectDelimiter(in: bytes)
                var sequencer = RowSequencer(fillingMerges: nil)
                try parse(bytes, delimiter: delimiter.rawValue) { try sequencer.add($0, to: body) }
                return CSVFormat(
                    encoding: decoded.encoding, hadByteOrderMark: decoded.hadByteOrderMark, delimiter: delimiter)
            }
        } catch let error as SpreadsheetError {
            throw error.located(sheet: options.sheetName)
        }
    }

    private static func parse(
        _ bytes: UnsafeBufferPointer<UInt8>, delimiter: UInt8, _ emit: (SheetRow) throws -> Void
    ) throws {
        let end = bytes.count
        var index = 0
        var rowNumber = 1
        var unquoted: [UInt8] = []
        var width = 0
        while index < end {
            var cells: [Cell] = []
            cells.reserveCapacity(width)
            while true {
                let column = cells.count + 1
                guard column <= CellReference.maxColumn else {
                    throw SpreadsheetError(.tooManyColumns, row: rowNumber)
                }
                var text: String
                if index < end, bytes[index] == ASCII.doubleQuote {
                    index += 1
                    unquoted.removeAll(keepingCapacity: true)
                    var segment = index
                    while true {
                        while index < end, bytes[index] != ASCII.doubleQuote { index += 1 }
                        guard index < end else {
                            throw SpreadsheetError(.unterminatedQuote, row: rowNumber, column: column)
                        }
                        let doubled = index + 1 < end && bytes[index + 1] == ASCII.doubleQuote
                        unquoted.append(contentsOf: bytes[segment..<(doubled ? index + 1 : index)])
                        index += doubled ? 2 : 1
                        segment = index
                        if !doubled { break }
                    }
                    if index < end, !isFieldEnd(bytes[index], delimiter) {
                        throw SpreadsheetError(.textAfterClosingQuote, row: rowNumber, column: column)
                    }
                    text = String(decoding: unquoted, as: UTF8.self)
                } else {
                    let start = index
                    while index < end, !isFieldEnd(bytes[index], delimiter) { index += 1 }
                    text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                }
                cells.append(Cell(row: rowNumber, column: column, value: text.isEmpty ? .empty : .string(text)))
                guard index < end, bytes[index] == delimiter else { break }
                index += 1
            }
            if index < end, bytes[index] == ASCII.carriageReturn { index += 1 }
            if index < end, bytes[index] == ASCII.lineFeed { index += 1 }
            width = cells.count
            try emit(SheetRow(number: rowNumber, cells: cells))
            rowNumber += 1
        }
    }

    private static func isFieldEnd(_ byte: UInt8, _ delimiter: UInt8) -> Bool {
        byte == delimiter || byte == ASCII.lineFeed || byte == ASCII.carriageReturn
    }

    /// The delimiter seen most often outside quotes in the first record.
    private static func detectDelimiter(in bytes: UnsafeBufferPointer<UInt8>) -> CSVDelimiter {
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
