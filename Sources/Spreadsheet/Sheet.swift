/// One cell: its value and where it is, so a validator can say "C12".
public struct Cell: Sendable, Hashable {
    /// 1-based row number.
    public let row: Int
    /// 1-based column number (A = 1).
    public let column: Int
    public var value: CellValue

    public init(row: Int, column: Int, value: CellValue) {
        self.row = row
        self.column = column
        self.value = value
    }

    /// "C12".
    public var reference: String { "\(columnLetters)\(row)" }
    /// "C".
    public var columnLetters: String { CellReference.letters(forColumn: column) }
}

/// One row as the streaming readers hand it out.
public struct SheetRow: Sendable, Hashable {
    /// 1-based row number, as Excel shows it (for CSV: the record number).
    public let number: Int
    /// The row's cells from column A up to its last non-empty cell; gaps hold `.empty` cells.
    public let cells: [Cell]

    public init(number: Int, cells: [Cell]) {
        self.number = number
        self.cells = cells
    }

    /// The cell in a 1-based column; past the last cell, an empty one.
    public func cell(_ column: Int) -> Cell {
        column >= 1 && column <= cells.count ? cells[column - 1] : Cell(row: number, column: column, value: .empty)
    }

    /// The value in a 1-based column, `.empty` past the last cell.
    public subscript(column: Int) -> CellValue { cell(column).value }

    /// True when no cell has a value.
    public var isBlank: Bool { cells.allSatisfy(\.value.isEmpty) }
}

/// A worksheet read into memory.
public struct Sheet: Sendable, Hashable {
    public let name: String
    /// Hidden sheets often hold lookup lists for drop-downs.
    public let isHidden: Bool
    /// `rows[i]` is row `i + 1`. Each row runs from column A to its last non-empty cell, blank
    /// rows are empty arrays, and blank rows after the last value are left out.
    public let rows: [[Cell]]
    /// Merged areas as the sheet declares them; see `fillingMergedCells()`.
    public let merges: [CellRange]

    public init(name: String, rows: [[Cell]], merges: [CellRange] = [], isHidden: Bool = false) {
        self.name = name
        self.rows = rows
        self.merges = merges
        self.isHidden = isHidden
    }

    /// A sheet from plain values, `values[i][j]` landing in row `i + 1`, column `j + 1`, kept
    /// to the same shape a reader produces (trailing empty cells and blank rows dropped).
    public init(name: String, values: [[CellValue]], merges: [CellRange] = []) {
        var sequencer = RowSequencer(fillingMerges: nil)
        var rows: [[Cell]] = []
        for (index, values) in values.enumerated() {
            let cells = values.enumerated().map { Cell(row: index + 1, column: $0.offset + 1, value: $0.element) }
            sequencer.add(SheetRow(number: index + 1, cells: cells)) { rows.append($0.cells) }
        }
        self.init(name: name, rows: rows, merges: merges)
    }

    public var rowCount: Int { rows.count }
    /// The widest row's length.
    public var columnCount: Int { rows.map(\.count).max() ?? 0 }

    /// The values alone, `values[i][j]` being row `i + 1`, column `j + 1`.
    public var values: [[CellValue]] { rows.map { $0.map(\.value) } }

    /// The cell at a 1-based position; outside the data, an empty one.
    public func cell(row: Int, column: Int) -> Cell { self.row(row).cell(column) }

    /// The value at a 1-based position, `.empty` outside the data.
    public subscript(row: Int, column: Int) -> CellValue { cell(row: row, column: column).value }

    /// A 1-based row; past the last row, an empty one.
    public func row(_ number: Int) -> SheetRow {
        SheetRow(number: number, cells: number >= 1 && number <= rows.count ? rows[number - 1] : [])
    }

    /// A copy in which every cell of a merged area holds the area's top-left value, as a
    /// reader of the printed sheet would take it: a header merged across three columns names
    /// all three, a domain (领域) merged down ten rows belongs to all ten.
    public func fillingMergedCells() -> Sheet {
        var sequencer = RowSequencer(fillingMerges: merges)
        var filled: [[Cell]] = []
        for (index, cells) in rows.enumerated() {
            sequencer.add(SheetRow(number: index + 1, cells: cells)) { filled.append($0.cells) }
        }
        sequencer.finish { filled.append($0.cells) }
        return Sheet(name: name, rows: filled, merges: merges, isHidden: isHidden)
    }

    static func trimmed(_ cells: [Cell]) -> [Cell] {
        guard let last = cells.lastIndex(where: { !$0.value.isEmpty }) else { return [] }
        return last == cells.count - 1 ? cells : Array(cells[...last])
    }
}

/// The sheets of a workbook, in the workbook's order.
public struct Workbook: Sendable, Hashable {
    public let sheets: [Sheet]

    public init(sheets: [Sheet]) { self.sheets = sheets }

    /// The sheet with this exact name.
    public subscript(name: String) -> Sheet? { sheets.first { $0.name == name } }
}

/// Turns the rows a parser finds (ascending, with gaps) into a sheet's contiguous rows: gaps
/// become blank rows, merged areas are filled when asked, and blank rows are held back until
/// a row with a value follows, so trailing ones (styled but empty, common in templates) vanish.
struct RowSequencer {
    private var filler: MergeFiller?
    private var nextRow = 1
    private var blankRunStart: Int?

    init(fillingMerges merges: [CellRange]?) {
        filler = merges.map(MergeFiller.init)
    }

    /// Takes the next row; `row.number` must exceed every number given before.
    mutating func add(_ row: SheetRow, to emit: (SheetRow) throws -> Void) rethrows {
        if filler == nil {
            if nextRow < row.number, blankRunStart == nil { blankRunStart = nextRow }
        } else {
            // Merged areas may reach into rows the file leaves out.
            while nextRow < row.number { try place(SheetRow(number: nextRow, cells: []), emit) }
        }
        try place(row, emit)
    }

    /// Emits the rows that exist only because a merged area reaches into them.
    mutating func finish(_ emit: (SheetRow) throws -> Void) rethrows {
        guard let last = filler?.lastFilledRow else { return }
        while nextRow <= last { try place(SheetRow(number: nextRow, cells: []), emit) }
    }

    private mutating func place(_ row: SheetRow, _ emit: (SheetRow) throws -> Void) rethrows {
        var cells = row.cells
        filler?.fill(&cells, row: row.number)
        cells = Sheet.trimmed(cells)
        nextRow = row.number + 1
        guard !cells.isEmpty else {
            if blankRunStart == nil { blankRunStart = row.number }
            return
        }
        if let start = blankRunStart {
            for number in start..<row.number { try emit(SheetRow(number: number, cells: [])) }
            blankRunStart = nil
        }
        try emit(SheetRow(number: row.number, cells: cells))
    }
}

/// Copies each merged area's top-left value into the rest of the area, row by row.
private struct MergeFiller {
    private let merges: [CellRange]
    private var nextMerge = 0
    private var active: [(range: CellRange, value: CellValue)] = []
    /// The last row that an area with a value reaches.
    private(set) var lastFilledRow = 0

    init(_ merges: [CellRange]) {
        self.merges = merges.sorted { $0.start < $1.start }
    }

    mutating func fill(_ cells: inout [Cell], row: Int) {
        active.removeAll { $0.range.end.row < row }
        while nextMerge < merges.count, merges[nextMerge].start.row <= row {
            let range = merges[nextMerge]
            nextMerge += 1
            let column = range.start.column
            let anchor = column <= cells.count ? cells[column - 1].value : .empty
            guard range.start.row == row, !anchor.isEmpty else { continue }
            active.append((range, anchor))
            lastFilledRow = max(lastFilledRow, range.end.row)
        }
        for (range, value) in active {
            while cells.count < range.end.column {
                cells.append(Cell(row: row, column: cells.count + 1, value: .empty))
            }
            for column in range.start.column...range.end.column { cells[column - 1].value = value }
        }
    }
}
