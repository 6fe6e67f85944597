import Foundation

public struct CSVWriteOptions: Sendable, Hashable {
    public enum LineEnding: Sendable, Hashable {
        case crlf, lf
    }

    /// Excel reads BOM-less UTF-8 CSV as the system code page (GBK in China) and garbles it.
    public var includeByteOrderMark: Bool
    public var delimiter: CSVDelimiter
    /// CRLF by default, as RFC 4180 and Excel write it.
    public var lineEnding: LineEnding

    public init(includeByteOrderMark: Bool = true, delimiter: CSVDelimiter = .comma, lineEnding: LineEnding = .crlf) {
        self.includeByteOrderMark = includeByteOrderMark
        self.delimiter = delimiter
        self.lineEnding = lineEnding
    }
}

/// Writes UTF-8 CSV. Values are written as `CellValue.text` gives them (numbers without ".0",
/// dates in ISO 8601); fields holding the delimiter, a quote or a line break are quoted.
public enum CSVWriter {
    public static func write(_ rows: [[CellValue]], options: CSVWriteOptions = CSVWriteOptions()) -> Data {
        var output: [UInt8] = options.includeByteOrderMark ? [0xEF, 0xBB, 0xBF] : []
        let lineEnding: [UInt8] =
            options.lineEnding == .crlf ? [ASCII.carriageReturn, ASCII.lineFeed] : [ASCII.lineFeed]
        let delimiter = options.delimiter.rawValue
        for row in rows {
            for (index, value) in row.enumerated() {
                if index > 0 { output.append(delimiter) }
                let field = value.text.utf8
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
