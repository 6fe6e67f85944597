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

/// One CSV record: its fields and the line it starts on.
struct CSVRecord {
    var row: Int
    var fields: [String]
}

/// Reads RFC 4180 CSV: comma-separated, fields optionally in double quotes with "" for a quote,
/// quoted fields may span lines, LF, CRLF or CR line ends, a leading byte-order mark ignored,
/// blank lines skipped, unquoted fields trimmed of spaces and tabs.
struct CSVReader {
    private let bytes: [UInt8]
    private var position: Int
    private var line = 1
    /// Header names, once known, so that errors can name the column.
    var columnNames: [String] = []

    init(_ text: String) {
        bytes = Array(text.utf8)
        let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]
        position = bytes.starts(with: byteOrderMark) ? byteOrderMark.count : 0
    }

    private static let quote = UInt8(ascii: "\"")
    private static let comma = UInt8(ascii: ",")
    private static let lineFeed = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
    }

    /// The next non-blank record, or nil at the end of the text.
    mutating func nextRecord() throws(CSVError) -> CSVRecord? {
        while position < bytes.count {
            let row = line
            let fields = try readFields(row: row)
            if fields != [""] { return CSVRecord(row: row, fields: fields) }
        }
        return nil
    }

    private func columnName(_ index: Int) -> String {
        index < columnNames.count ? columnNames[index] : "column \(index + 1)"
    }

    /// Reads fields up to and including the end of the current record.
    private mutating func readFields(row: Int) throws(CSVError) -> [String] {
        var fields: [String] = []
        var field: [UInt8] = []
        var isQuoted = false
        var inQuotes = false
        func finishField() {
            var text = field[...]
            if !isQuoted {
                while let first = text.first, Self.isBlank(first) { text = text.dropFirst() }
                while let last = text.last, Self.isBlank(last) { text = text.dropLast() }
            }
            fields.append(String(decoding: text, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            isQuoted = false
        }
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            if inQuotes {
                if byte == Self.quote {
                    if position < bytes.count && bytes[position] == Self.quote {
                        field.append(Self.quote)
                        position += 1
                    } else {
                        inQuotes = false
                    }
                    continue
                }
                if byte == Self.lineFeed
                    || (byte == Self.carriageReturn
                        && (position == bytes.count || bytes[position] != Self.lineFeed))
                {
                    line += 1
                }
                field.append(byte)
                continue
            }
            switch byte {
            case Self.comma:
                finishField()
            case Self.lineFeed, Self.carriageReturn:
                if byte == Self.carriageReturn && position < bytes.count
                    && bytes[position] == Self.lineFeed
                {
                    position += 1
                }
                line += 1
                finishField()
                return fields
            case Self.quote:
                guard !isQuoted, field.allSatisfy(Self.isBlank) else {
                    throw CSVError(
                        row: row, column: columnName(fields.count),
                        reason: "a quote inside a field must be doubled and the field quoted")
                }
                field.removeAll()
                isQuoted = true
                inQuotes = true
            default:
                if isQuoted && !Self.isBlank(byte) {
                    throw CSVError(
                        row: row, column: columnName(fields.count),
                        reason: "text after the closing quote")
                }
                if !(isQuoted && Self.isBlank(byte)) { field.append(byte) }
            }
        }
        if inQuotes {
            throw CSVError(
                row: row, column: columnName(fields.count),
                reason: "quoted field is not closed before the end of the file")
        }
        finishField()
        return fields
    }
}
