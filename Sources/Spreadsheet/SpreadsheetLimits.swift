/// Bounds that keep hostile or broken files from exhausting memory or time.
public struct SpreadsheetLimits: Sendable, Hashable {
    /// The most bytes one operation may decompress from an XLSX archive, counted as they come
    /// out of the decompressor (declared sizes can lie). Zip bombs stop here.
    public var maxUncompressedBytes: Int
    /// The most cells a materialised `Sheet` or `Workbook` may hold, counting the empty cells
    /// that fill gaps; also the most cells a sheet's merged areas may cover together, since
    /// filling them multiplies cells. Streaming with `forEachRow` is otherwise bounded by the row.
    public var maxCells: Int

    /// 512 MB decompressed and 10 million cells (about 400 MB of `Cell` values).
    public init(maxUncompressedBytes: Int = 512 << 20, maxCells: Int = 10_000_000) {
        self.maxUncompressedBytes = maxUncompressedBytes
        self.maxCells = maxCells
    }
}

/// Counts bytes against `SpreadsheetLimits.maxUncompressedBytes` for one operation.
struct ByteBudget {
    let limit: Int
    private(set) var remaining: Int

    init(limit: Int) {
        self.limit = limit
        remaining = limit
    }

    mutating func spend(_ count: Int) throws(SpreadsheetError) {
        remaining -= count
        guard remaining >= 0 else { throw SpreadsheetError(.sizeLimitExceeded(bytes: limit)) }
    }
}
