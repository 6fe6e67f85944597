/// Bounds that keep hostile or broken files from exhausting memory or time. Every limit is
/// checked while the file is read, as rows, cells and strings come out of the parser, never
/// after a sheet has been materialised; the error names the limit that was reached.
public struct SpreadsheetLimits: Sendable, Hashable {
    /// The most bytes one operation may decompress from an XLSX archive, counted as they come
    /// out of the decompressor (declared sizes can lie). Zip bombs stop here.
    public var maxUncompressedBytes: Int
    /// The most cells a materialised `Sheet` or `Workbook` may hold, counting the empty cells
    /// that fill gaps; also the most cells a sheet's merged areas may cover together, since
    /// filling them multiplies cells. Streaming with `forEachRow` is otherwise bounded by the row.
    public var maxCells: Int
    /// The highest row number a sheet (or the number of records a CSV file) may reach, whether
    /// the rows hold values or not: a blank `<row r="1000000"/>` counts as a million rows,
    /// since readers hand out the blank rows before it. Checked while streaming, too. A sheet
    /// never passes Excel's 1,048,576 rows; only a CSV file may be allowed more.
    public var maxRows: Int
    /// The highest column a cell may sit in (a CSV record's most fields). Checked while streaming.
    public var maxColumns: Int
    /// The most entries the shared-string table may have; it is read whole when a workbook is
    /// opened, so it needs its own bound (empty `<si/>` entries cost memory but little disk).
    public var maxSharedStrings: Int

    /// 512 MB decompressed, 10 million cells (about 400 MB of `Cell` values), Excel's grid of
    /// 1,048,576 rows and 16,384 columns, and 10 million shared strings.
    public init(
        maxUncompressedBytes: Int = 512 << 20, maxCells: Int = 10_000_000,
        maxRows: Int = CellReference.maxRow, maxColumns: Int = CellReference.maxColumn,
        maxSharedStrings: Int = 10_000_000
    ) {
        self.maxUncompressedBytes = maxUncompressedBytes
        self.maxCells = maxCells
        self.maxRows = maxRows
        self.maxColumns = min(maxColumns, CellReference.maxColumn)
        self.maxSharedStrings = maxSharedStrings
    }

    /// For files an operator loads from the shell (`junheng import observations`), which are
    /// read as streams in constant memory: no bound on rows or cells (a CSV file may pass
    /// Excel's grid), 4 GB decompressed, 1,000 columns and 10 million shared strings.
    public static let localFile = SpreadsheetLimits(
        maxUncompressedBytes: 4 << 30, maxCells: .max, maxRows: .max, maxColumns: 1_000, maxSharedStrings: 10_000_000)

    /// For files people upload to a server (indicator figures, catalogues, task ledgers): far
    /// above what such a table holds, far below what would tie up the server. 64 MB decompressed,
    /// 1,000,000 cells, 100,000 rows per sheet, 1,000 columns and 1,000,000 shared strings.
    public static let upload = SpreadsheetLimits(
        maxUncompressedBytes: 64 << 20, maxCells: 1_000_000, maxRows: 100_000, maxColumns: 1_000,
        maxSharedStrings: 1_000_000)
}
