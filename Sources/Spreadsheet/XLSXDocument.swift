import Foundation
import OfficePackage

/// An XLSX workbook opened from memory: its sheet list, shared strings and styles are read at
/// once; sheets are read on demand, whole (`sheet(named:)`) or row by row (`forEachRow`).
///
/// ```swift
/// let document = try XLSXDocument(data: upload)
/// try document.forEachRow(inSheetAt: 0) { row in
///     guard row.number > 1 else { return }            // header
///     let code = row[1].text, value = row[4].numericValue
///     …
/// }
/// ```
public struct XLSXDocument: Sendable {
    public struct SheetSummary: Sendable, Hashable {
        public let name: String
        public let isHidden: Bool
    }

    /// The worksheets in workbook order (chart sheets are left out).
    public let sheets: [SheetSummary]
    public var sheetNames: [String] { sheets.map(\.name) }

    private let archive: ZipArchive
    private let sheetPaths: [String]
    private let context: WorksheetHandler.Context
    private let limits: SpreadsheetLimits

    /// Opens a workbook and reads everything but the sheets' cells.
    /// - Throws: `SpreadsheetError` when the data is not a readable XLSX workbook.
    public init(data: Data, limits: SpreadsheetLimits = SpreadsheetLimits()) throws {
        let archive: ZipArchive
        do { archive = try ZipArchive(data: data) } catch { throw SpreadsheetError(error) }
        var budget = ByteBudget(limit: limits.maxUncompressedBytes)
        let package = try WorkbookPackage(archive: archive, budget: &budget)
        let sharedStrings = try package.sharedStringsPath.map {
            try archive.parse(
                $0, with: SharedStringsHandler(limit: limits.maxSharedStrings), budget: &budget
            ).strings
        }
        let dateStyles = try package.stylesPath.map {
            try archive.parse($0, with: StylesHandler(), budget: &budget).dateStyles
        }
        context = WorksheetHandler.Context(
            sharedStrings: sharedStrings ?? [], dateStyles: dateStyles ?? [],
            uses1904System: package.uses1904System, maxMergedCells: limits.maxCells,
            maxRows: limits.maxRows, maxColumns: limits.maxColumns)
        sheets = package.sheets.map { SheetSummary(name: $0.name, isHidden: $0.isHidden) }
        sheetPaths = package.sheets.map(\.path)
        self.archive = archive
        self.limits = limits
    }

    /// Every worksheet, in memory. `SpreadsheetLimits.maxCells` applies to the total.
    public func workbook() throws -> Workbook {
        var budget = ByteBudget(limit: limits.maxUncompressedBytes)
        var cellCount = 0
        return Workbook(
            sheets: try sheets.indices.map { try readSheet(at: $0, budget: &budget, cellCount: &cellCount) })
    }

    /// One worksheet, in memory.
    public func sheet(named name: String) throws -> Sheet { try sheet(at: index(of: name)) }

    /// One worksheet by its 0-based position in `sheets`.
    public func sheet(at index: Int) throws -> Sheet {
        var budget = ByteBudget(limit: limits.maxUncompressedBytes)
        var cellCount = 0
        return try readSheet(at: index, budget: &budget, cellCount: &cellCount)
    }

    /// Calls `body` with each row of a worksheet, in order, without holding the sheet: row 1
    /// first, blank rows included (their `cells` empty), blank rows after the last value left
    /// out, exactly the rows `sheet(named:)` would give.
    /// - Parameter fillingMergedCells: copy each merged area's top-left value into the whole
    ///   area. The merged areas are listed after the cells, so this decompresses the sheet twice.
    /// - Throws: `SpreadsheetError` for a broken sheet, or whatever `body` throws, which also
    ///   stops the reading.
    public func forEachRow(
        inSheet name: String, fillingMergedCells: Bool = false, _ body: (SheetRow) throws -> Void
    ) throws {
        try forEachRow(inSheetAt: index(of: name), fillingMergedCells: fillingMergedCells, body)
    }

    /// `forEachRow(inSheet:)` for the worksheet at a 0-based position in `sheets`.
    public func forEachRow(
        inSheetAt index: Int, fillingMergedCells: Bool = false, _ body: (SheetRow) throws -> Void
    ) throws {
        var budget = ByteBudget(limit: limits.maxUncompressedBytes)
        try streamRows(ofSheetAt: index, fillingMerges: fillingMergedCells, budget: &budget, body)
    }

    private func index(of name: String) throws -> Int {
        guard let index = sheets.firstIndex(where: { $0.name == name }) else {
            throw SpreadsheetError(.sheetNotFound(name))
        }
        return index
    }

    private func readSheet(at index: Int, budget: inout ByteBudget, cellCount: inout Int) throws -> Sheet {
        var rows: [[Cell]] = []
        let limit = limits.maxCells
        let merges = try streamRows(ofSheetAt: index, fillingMerges: false, budget: &budget) { row in
            cellCount += row.cells.count
            guard cellCount <= limit else { throw SpreadsheetError(.tooManyCells(limit: limit)) }
            rows.append(row.cells)
        }
        return Sheet(name: sheets[index].name, rows: rows, merges: merges, isHidden: sheets[index].isHidden)
    }

    /// Streams a sheet's rows into `body` and returns its merged areas.
    @discardableResult
    private func streamRows(
        ofSheetAt index: Int, fillingMerges: Bool, budget: inout ByteBudget, _ body: (SheetRow) throws -> Void
    ) throws -> [CellRange] {
        guard sheets.indices.contains(index) else { throw SpreadsheetError(.sheetNotFound("#\(index + 1)")) }
        let path = sheetPaths[index]
        let name = sheets[index].name
        do {
            var merges: [CellRange]?
            if fillingMerges {
                let handler = WorksheetHandler(context: context, collectsCells: false)
                merges = try archive.parse(path, with: handler, budget: &budget).merges
            }
            var sequencer = RowSequencer(fillingMerges: merges)
            let handler = WorksheetHandler(context: context, collectsCells: true)
            let finished = try archive.parse(path, with: handler, budget: &budget) { handler in
                for row in handler.finishedRows { try sequencer.add(row, to: body) }
                handler.finishedRows.removeAll(keepingCapacity: true)
            }
            try sequencer.finish(body)
            return finished.merges
        } catch let error as SpreadsheetError {
            throw error.located(sheet: name)
        }
    }
}

extension Workbook {
    /// Reads every worksheet of an XLSX file into memory; see `XLSXDocument` for reading a
    /// large sheet row by row.
    public init(xlsx data: Data, limits: SpreadsheetLimits = SpreadsheetLimits()) throws {
        self = try XLSXDocument(data: data, limits: limits).workbook()
    }
}
