/// Where and why CSV text is malformed.
public struct CSVSyntaxError: Error, Sendable, Hashable {
    public enum Problem: Sendable, Hashable {
        /// A quoted field runs to the end of the text.
        case unterminatedQuote
        /// Something other than a delimiter or a line end follows a closing quote.
        case textAfterClosingQuote
        /// A quote inside an unquoted field, with `rejectsStrayQuotes`.
        case strayQuote
        /// More fields in a record than `maxFields`.
        case tooManyFields
    }

    public let problem: Problem
    /// 1-based number of the record (blank records counted).
    public let record: Int
    /// 1-based line on which the record starts (line breaks inside quoted fields counted).
    public let line: Int
    /// 0-based index of the field within its record.
    public let field: Int
}

/// Reads RFC 4180 CSV from UTF-8 bytes, one record at a time: fields in double quotes may hold
/// delimiters, line breaks and doubled quotes; records end with LF, CRLF or CR; an empty line is
/// a record with one empty field. What differs between the files people hand in is an option,
/// not another reader.
///
/// The text may come whole (`init(_:options:)`) or in pieces (`init(options:)`, then `feed` and
/// `finish`): fed, the parser keeps only the record it is in, so a file of any length streams
/// through in constant memory.
public struct CSVParser {
    public struct Options: Sendable, Hashable {
        /// The field separator; comma unless said otherwise.
        public var delimiter: UInt8
        /// Spaces and tabs around a field are not data: unquoted fields are trimmed of them, and
        /// they may stand before an opening and after a closing quote. Otherwise they are kept.
        public var trimsBlanks: Bool
        /// A quote inside an unquoted field is an error (`strayQuote`); otherwise it is text.
        public var rejectsStrayQuotes: Bool
        /// The most fields a record may have.
        public var maxFields: Int

        public init(
            delimiter: UInt8 = UInt8(ascii: ","), trimsBlanks: Bool = false, rejectsStrayQuotes: Bool = false,
            maxFields: Int = .max
        ) {
            self.delimiter = delimiter
            self.trimsBlanks = trimsBlanks
            self.rejectsStrayQuotes = rejectsStrayQuotes
            self.maxFields = maxFields
        }
    }

    /// One record: its fields, its number and the line it starts on.
    public struct Record: Sendable, Hashable {
        public var number: Int
        public var line: Int
        public var fields: [String]
    }

    private var bytes: [UInt8]
    private let options: Options
    private var position = 0
    private var line = 1
    private var recordNumber = 0
    /// Whether the text ends with `bytes`: until then a record reaching the end of `bytes` is
    /// not finished (more of it, or the LF of a CRLF, may follow).
    private var isFinished: Bool

    /// - Parameter bytes: UTF-8 text, without a byte-order mark.
    public init(_ bytes: [UInt8], options: Options = Options()) {
        self.bytes = bytes
        self.options = options
        isFinished = true
    }

    /// A parser to be fed the text in pieces: `next()` returns nil when it needs more.
    public init(options: Options = Options()) {
        bytes = []
        self.options = options
        isFinished = false
    }

    /// Appends the next piece of the text (UTF-8, without a byte-order mark), dropping what
    /// earlier records used.
    public mutating func feed(_ piece: some Collection<UInt8>) {
        bytes.removeSubrange(..<position)
        position = 0
        bytes.append(contentsOf: piece)
    }

    /// Says that no more text follows: `next()` then reads the last record.
    public mutating func finish() {
        isFinished = true
    }

    private static let quote = UInt8(ascii: "\"")
    private static let lineFeed = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
    }

    /// The next record, or nil at the end of the text (or, fed in pieces and not finished, at the
    /// end of what it has been fed).
    public mutating func next() throws(CSVSyntaxError) -> Record? {
        guard position < bytes.count else { return nil }
        // Unfinished, the last byte is read only with the one after it, so a record never ends
        // early on a CR whose LF, or on a quote whose twin, is still to come.
        let end = isFinished ? bytes.count : bytes.count - 1
        let (start, lineBefore) = (position, line)
        recordNumber += 1
        let number = recordNumber, startLine = line
        let trimsBlanks = options.trimsBlanks
        var fields: [String] = []
        var field: [UInt8] = []
        var isQuoted = false
        var inQuotes = false
        func finishField() {
            var text = field[...]
            if trimsBlanks && !isQuoted {
                while let first = text.first, Self.isBlank(first) { text = text.dropFirst() }
                while let last = text.last, Self.isBlank(last) { text = text.dropLast() }
            }
            fields.append(String(decoding: text, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            isQuoted = false
        }
        func failure(_ problem: CSVSyntaxError.Problem) -> CSVSyntaxError {
            CSVSyntaxError(problem: problem, record: number, line: startLine, field: fields.count)
        }
        while position < end {
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
                    || (byte == Self.carriageReturn && (position == bytes.count || bytes[position] != Self.lineFeed))
                {
                    line += 1
                }
                field.append(byte)
            } else if byte == options.delimiter {
                finishField()
                guard fields.count < options.maxFields else { throw failure(.tooManyFields) }
            } else if byte == Self.lineFeed || byte == Self.carriageReturn {
                if byte == Self.carriageReturn && position < bytes.count && bytes[position] == Self.lineFeed {
                    position += 1
                }
                line += 1
                finishField()
                return Record(number: number, line: startLine, fields: fields)
            } else if byte == Self.quote {
                if !isQuoted && (field.isEmpty || (trimsBlanks && field.allSatisfy(Self.isBlank))) {
                    field.removeAll()
                    isQuoted = true
                    inQuotes = true
                } else if options.rejectsStrayQuotes {
                    throw failure(.strayQuote)
                } else if isQuoted {
                    throw failure(.textAfterClosingQuote)
                } else {
                    field.append(byte)
                }
            } else if isQuoted {
                guard trimsBlanks && Self.isBlank(byte) else { throw failure(.textAfterClosingQuote) }
            } else {
                field.append(byte)
            }
        }
        guard isFinished else {
            (position, line) = (start, lineBefore)
            recordNumber -= 1
            return nil
        }
        if inQuotes { throw failure(.unterminatedQuote) }
        finishField()
        return Record(number: number, line: startLine, fields: fields)
    }
}
