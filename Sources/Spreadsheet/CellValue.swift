/// What a spreadsheet cell holds, as read from XLSX or CSV or as given to a writer.
///
/// CSV has no types: every non-empty CSV field is `.string`. Empty strings are read as `.empty`.
public enum CellValue: Sendable, Hashable {
    case empty
    case string(String)
    case number(Double)
    case bool(Bool)
    /// A number shown with a date format in the workbook (or an ISO `t="d"` cell).
    case date(ExcelDate)
    /// An Excel error value such as `#DIV/0!` or `#N/A`.
    case error(String)

    /// The value as text: strings as they are, whole numbers without ".0", other numbers in
    /// the shortest form that reads back to the same `Double`, booleans as `TRUE`/`FALSE`,
    /// dates as ISO 8601, errors by their code and empty cells as "".
    public var text: String {
        switch self {
        case .empty: ""
        case .string(let string): string
        case .number(let number): Self.format(number)
        case .bool(let flag): flag ? "TRUE" : "FALSE"
        case .date(let date): date.iso
        case .error(let code): code
        }
    }

    /// The value as a number: numbers as they are, strings that spell a decimal number (after
    /// trimming spaces) parsed, anything else `nil`. Sheets often store numbers as text.
    public var numericValue: Double? {
        switch self {
        case .number(let number): number
        case .string(let string): Double(string.trimmingSpaces)
        default: nil
        }
    }

    /// True for `.empty` only; a string of spaces is not empty.
    public var isEmpty: Bool { self == .empty }

    /// Formats a finite number the way `text` does; `Double.description` gives the shortest
    /// round-trip form but writes whole numbers as "12.0", which nobody types into a cell.
    static func format(_ number: Double) -> String {
        if number.rounded() == number, abs(number) < 1e15 { return String(Int64(number)) }
        return number.description
    }
}

extension CellValue: ExpressibleByStringLiteral, ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByBooleanLiteral
{
    public init(stringLiteral value: String) { self = value.isEmpty ? .empty : .string(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension String {
    /// Without leading and trailing spaces, tabs and ideographic spaces (U+3000).
    var trimmingSpaces: Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\u{3000}" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) })
        else { return "" }
        return self[first...last]
    }
}
