import TextFormats

/// A problem in CSV input, located for the person who has to fix the file.
public struct CSVError: Error, Equatable, Sendable, CustomStringConvertible {
    /// 1-based line on which the offending record starts; the header is row 1.
    public var row: Int
    /// The column's header name (or "column N" before the header is known); `nil` when the
    /// problem is with the whole row or file.
    public var column: String?
    public var reason: String

    public init(row: Int, column: String?, reason: String) {
        self.row = row
        self.column = column
        self.reason = reason
    }

    public var description: String {
        if let column { "row \(row), column \(column): \(reason)" } else { "row \(row): \(reason)" }
    }
}

/// The records of an equalization CSV, read by the shared `CSVParser`: comma-separated, a
/// leading byte-order mark ignored, blank lines skipped, unquoted fields trimmed of spaces and
/// tabs (blanks may also surround a quoted field), a quote inside an unquoted field an error.
/// Rows are the lines records start on.
struct EqualizationCSV {
    private var parser: CSVParser
    /// Header names, once known, so that errors can name the column.
    var columnNames: [String] = []

    init(_ text: String) {
        var bytes = Array(text.utf8)
        if let mark = TextDecoding.byteOrderMark(of: bytes) { bytes.removeFirst(mark.length) }
        parser = CSVParser(bytes, options: CSVParser.Options(trimsBlanks: true, rejectsStrayQuotes: true))
    }

    /// The next non-blank record, or nil at the end of the text.
    mutating func nextRecord() throws(CSVError) -> CSVParser.Record? {
        do {
            while let record = try parser.next() {
                if record.fields != [""] { return record }
            }
            return nil
        } catch {
            let column = error.field < columnNames.count ? columnNames[error.field] : "column \(error.field + 1)"
            let reason =
                switch error.problem {
                case .unterminatedQuote: "quoted field is not closed before the end of the file"
                case .textAfterClosingQuote: "text after the closing quote"
                case .strayQuote: "a quote inside a field must be doubled and the field quoted"
                case .tooManyFields: "too many fields"
                }
            throw CSVError(row: error.line, column: column, reason: reason)
        }
    }
}
