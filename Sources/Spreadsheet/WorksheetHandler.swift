import OfficePackage

/// Turns a worksheet part into rows of typed cells, and collects its merged areas.
///
/// Rows come out in `finishedRows` as they complete, so the caller can pass them on after
/// every decompressed chunk instead of holding the sheet.
struct WorksheetHandler: XMLHandler {
    struct Context: Sendable {
        let sharedStrings: [String]
        /// Indexed by cell style (`s="…"`).
        let dateStyles: [Bool]
        let uses1904System: Bool
        /// Filling merged areas multiplies cells; a tiny file could declare A1:XFD1048576.
        let maxMergedCells: Int
        /// `SpreadsheetLimits.maxRows` and `maxColumns`, checked as each row and cell starts,
        /// so a sheet of millions of rows stops at the limit instead of after being read.
        let maxRows: Int
        let maxColumns: Int
    }

    private enum ValueType {
        case number, sharedString, formulaString, inlineString, boolean, error, isoDate
    }

    /// The `t="…"` attribute's values, most frequent first.
    private static let valueTypes: [(name: StaticString, type: ValueType)] = [
        ("s", .sharedString), ("n", .number), ("str", .formulaString), ("inlineStr", .inlineString),
        ("b", .boolean), ("e", .error), ("d", .isoDate),
    ]

    private let context: Context
    /// False for a first pass that only wants `merges`.
    private let collectsCells: Bool
    var finishedRows: [SheetRow] = []
    private(set) var merges: [CellRange] = []
    private var mergedCells = 0

    private var rowNumber = 0
    private var column = 0
    private var inSheetData = false
    private var inRow = false
    private var inCell = false
    private var inInlineString = false
    private var phoneticDepth = 0
    private var capturing = false
    private var hasValue = false
    private var valueType = ValueType.number
    private var style = 0
    private var cells: [Cell] = []
    private var valueBytes: [UInt8] = []

    init(context: Context, collectsCells: Bool) {
        self.context = context
        self.collectsCells = collectsCells
    }

    var wantsText: Bool { capturing }

    /// Where in the sheet the handler is, for error messages.
    var position: (row: Int, column: Int?)? {
        rowNumber == 0 ? nil : (rowNumber, inCell ? column : nil)
    }

    mutating func start(_ element: XMLElement) throws {
        let name = element.name
        if name == "c" {
            guard inRow else { return }
            try startCell(element)
        } else if name == "v" {
            if inCell, !inInlineString { capturing = true }
        } else if name == "t" {
            if inInlineString, phoneticDepth == 0 { capturing = true }
        } else if name == "row" {
            guard inSheetData else { return }
            try startRow(element)
        } else if name == "is" {
            if inCell {
                inInlineString = true
                hasValue = true
            }
        } else if name == "rPh" {
            phoneticDepth += 1
        } else if name == "sheetData" {
            inSheetData = true
        } else if name == "mergeCell" {
            guard let reference = element.string("ref") else { return }
            guard let range = CellRange(reference) else {
                throw SpreadsheetError(.invalidCellReference(reference))
            }
            mergedCells += (range.end.row - range.start.row + 1) * (range.end.column - range.start.column + 1)
            guard mergedCells <= context.maxMergedCells else {
                throw SpreadsheetError(.tooManyCells(limit: context.maxMergedCells))
            }
            merges.append(range)
        }
    }

    mutating func end(_ name: XMLName) throws {
        if name == "c" {
            guard inCell else { return }
            inCell = false
            guard collectsCells else { return }
            let value: CellValue
            do {
                value = try cellValue()
            } catch let error as SpreadsheetError {
                throw error.located(row: rowNumber, column: column)
            }
            guard !value.isEmpty else { return }
            while cells.count < column - 1 {
                cells.append(Cell(row: rowNumber, column: cells.count + 1, value: .empty))
            }
            cells.append(Cell(row: rowNumber, column: column, value: value))
        } else if name == "v" || name == "t" {
            if capturing, name == "v" { hasValue = true }
            capturing = false
        } else if name == "row" {
            guard inRow else { return }
            inRow = false
            if collectsCells { finishedRows.append(SheetRow(number: rowNumber, cells: cells)) }
            let width = cells.count
            cells = []
            cells.reserveCapacity(width)
        } else if name == "is" {
            inInlineString = false
        } else if name == "rPh" {
            phoneticDepth -= 1
        } else if name == "sheetData" {
            inSheetData = false
        }
    }

    mutating func text(_ bytes: UnsafeBufferPointer<UInt8>) { valueBytes.append(contentsOf: bytes) }

    private mutating func startRow(_ element: XMLElement) throws {
        guard !inRow else {
            throw SpreadsheetError(.invalidPart(part: "worksheet", detail: "a <row> inside a <row>"), row: rowNumber)
        }
        var number = rowNumber + 1
        if let given = element.value("r") {
            guard let parsed = Self.integer(given) else {
                throw SpreadsheetError(.invalidNumber(String(decoding: given, as: UTF8.self)), row: rowNumber + 1)
            }
            number = parsed
        }
        guard number > rowNumber else { throw SpreadsheetError(.rowOutOfOrder, row: number) }
        guard number <= context.maxRows else {
            throw SpreadsheetError(.tooManyRows(limit: context.maxRows), row: number <= CellReference.maxRow ? number : nil)
        }
        rowNumber = number
        column = 0
        inRow = true
    }

    private mutating func startCell(_ element: XMLElement) throws {
        var next = column + 1
        if let reference = element.value("r") {
            guard let parsed = CellReference.parse(reference), parsed.row == rowNumber else {
                let text = String(decoding: reference, as: UTF8.self)
                throw SpreadsheetError(.invalidCellReference(text), row: rowNumber)
            }
            next = parsed.column
        }
        guard next > column else { throw SpreadsheetError(.cellOutOfOrder, row: rowNumber, column: next) }
        guard next <= context.maxColumns else {
            throw SpreadsheetError(.tooManyColumns(limit: context.maxColumns), row: rowNumber)
        }
        column = next
        inCell = true
        hasValue = false
        if !valueBytes.isEmpty { valueBytes.removeAll(keepingCapacity: true) }
        style = element.value("s").flatMap(Self.integer) ?? 0
        valueType = .number
        if let type = element.value("t").map(XMLName.init) {
            guard let match = Self.valueTypes.first(where: { type == $0.name }) else {
                let text = String(decoding: type.bytes, as: UTF8.self)
                throw SpreadsheetError(.unknownCellType(text), row: rowNumber, column: column)
            }
            valueType = match.type
        }
    }

    private func cellValue() throws -> CellValue {
        guard hasValue else { return .empty }
        switch valueType {
        case .number:
            guard !valueBytes.isEmpty else { return .empty }
            let number = try Self.number(valueBytes)
            if style < context.dateStyles.count, context.dateStyles[style],
                let date = ExcelDate(serial: number, uses1904System: context.uses1904System)
            {
                return .date(date)
            }
            return .number(number)
        case .sharedString:
            let index = valueBytes.withUnsafeBufferPointer(Self.integer)
            guard let index, index < context.sharedStrings.count else {
                throw SpreadsheetError(
                    .sharedStringOutOfRange(
                        index: String(decoding: valueBytes, as: UTF8.self), count: context.sharedStrings.count))
            }
            let string = context.sharedStrings[index]
            return string.isEmpty ? .empty : .string(string)
        case .formulaString, .inlineString:
            let string = OOXMLText.decode(valueBytes)
            return string.isEmpty ? .empty : .string(string)
        case .boolean:
            switch String(decoding: valueBytes, as: UTF8.self) {
            case "1", "true": return .bool(true)
            case "0", "false": return .bool(false)
            case let other: throw SpreadsheetError(.invalidBoolean(other))
            }
        case .error:
            return valueBytes.isEmpty ? .empty : .error(String(decoding: valueBytes, as: UTF8.self))
        case .isoDate:
            let text = String(decoding: valueBytes, as: UTF8.self)
            guard let date = ExcelDate(iso: text) else { throw SpreadsheetError(.invalidDate(text)) }
            return .date(date)
        }
    }

    /// A non-negative decimal integer of at most 9 digits (row numbers, styles, string indexes).
    private static func integer(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !bytes.isEmpty, bytes.count <= 9 else { return nil }
        var value = 0
        for byte in bytes {
            guard byte >= ASCII.zero, byte <= ASCII.nine else { return nil }
            value = value * 10 + Int(byte - ASCII.zero)
        }
        return value
    }

    /// An XML Schema double as Excel writes it ("12", "-0.5", "1.5E-3"); whole numbers of up to
    /// 15 digits, by far the most common, skip the general parser.
    private static func number(_ bytes: [UInt8]) throws -> Double {
        var whole: Int64 = 0
        var digits = 0
        let negative = bytes.first == UInt8(ascii: "-")
        for byte in negative ? bytes.dropFirst() : bytes[...] {
            guard byte >= ASCII.zero, byte <= ASCII.nine, digits < 15 else {
                return try generalNumber(bytes)
            }
            whole = whole * 10 + Int64(byte - ASCII.zero)
            digits += 1
        }
        guard digits > 0 else { return try generalNumber(bytes) }
        return Double(negative ? -whole : whole)
    }

    private static func generalNumber(_ bytes: [UInt8]) throws -> Double {
        let text = String(decoding: bytes, as: UTF8.self)
        // Double(_:) also accepts "nan", "inf" and hex floats, which no cell holds.
        let allowed = bytes.allSatisfy { (ASCII.zero...ASCII.nine).contains($0) || "+-.eE".utf8.contains($0) }
        guard allowed, let number = Double(text), number.isFinite else { throw SpreadsheetError(.invalidNumber(text)) }
        return number
    }
}
