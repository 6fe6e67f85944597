import Foundation
import OfficePackage

public struct CSVWriteOptions: Sendable, Hashable {
    public enum LineEnding: Sendable, Hashable {
        case crlf, lf
    }

    /// Excel reads BOM-less UTF-8 CSV as the system code page (GBK in China) and garbles it.
    public var includeByteOrderMark: Bool
    public var delimiter: CSVDelimiter
    /// CRLF by default, as RFC 4180 and Excel write it.
    public var lineEnding: LineEnding
    /// Text cells a spreadsheet program would run as a formula get a leading apostrophe
    /// (`CSVWriter.neutralised`). On by default: a CSV is opened in Excel or WPS sooner or later.
    public var neutralisesFormulas: Bool

    public init(includeByteOrderMark: Bool = true, delimiter: CSVDelimiter = .comma, lineEnding: LineEnding = .crlf,
                neutralisesFormulas: Bool = true) {
        self.includeByteOrderMark = includeByteOrderMark
        self.delimiter = delimiter
        self.lineEnding = lineEnding
        self.neutralisesFormulas = neutralisesFormulas
    }
}

/// Writes UTF-8 CSV. Values are written as `CellValue.text` gives them (numbers without ".0",
/// dates in ISO 8601); fields holding the delimiter, a quote or a line break are quoted. Text
/// cells that would run as formulas are neutralised (see `neutralised`) unless the options say not.
public enum CSVWriter {
    /// The characters that make Excel, WPS or LibreOffice read a CSV field as a formula (OWASP's
    /// "CSV injection" list): `=`, `+`, `-`, `@`, tab and carriage return.
    public static let formulaTriggers: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]

    /// A text cell starting with a formula trigger, with an apostrophe in front so that a program
    /// shows it as text (`=HYPERLINK(…)` stays those characters). Only text cells: a
    /// `.number(-3.5)` is written "-3.5" and stays a number. Other cells unchanged.
    public static func neutralised(_ cell: CellValue) -> CellValue {
        guard case .string(let text) = cell, let first = text.unicodeScalars.first, formulaTriggers.contains(first)
        else { return cell }
        return .string("'" + text)
    }

    public static func write(_ rows: [[CellValue]], options: CSVWriteOptions = CSVWriteOptions()) -> Data {
        var output: [UInt8] = options.includeByteOrderMark ? [0xEF, 0xBB, 0xBF] : []
        let lineEnding: [UInt8] =
            options.lineEnding == .crlf ? [ASCII.carriageReturn, ASCII.lineFeed] : [ASCII.lineFeed]
        let delimiter = options.delimiter.rawValue
        for row in rows {
            for (index, value) in row.enumerated() {
                if index > 0 { output.append(delimiter) }
                let field = (options.neutralisesFormulas ? neutralised(value) : value).text.utf8
                let needsQuotes = field.contains {
                    $0 == delimiter || $0 == ASCII.doubleQuote || $0 == ASCII.lineFeed || $0 == ASCII.carriageReturn
                }
                guard needsQuotes else {
                    output.append(contentsOf: field)
                    continue
                }
                output.append(ASCII.doubleQuote)
                for byte in field {
                    if byte == ASCII.doubleQuote { output.append(ASCII.doubleQuote) }
                    output.append(byte)
                }
                output.append(ASCII.doubleQuote)
            }
            output.append(contentsOf: lineEnding)
        }
        return Data(output)
    }
}
