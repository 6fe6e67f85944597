import OfficePackage
import TextFormats

/// Why a spreadsheet could not be read or written, and where: sheet, 1-based row and column.
///
/// `description` reads "工作表 指标 第 12 行 列 C：“abc”不是数字 (sheet 指标, row 12, column C:
/// "abc" is not a number)"; `chineseDescription` and `englishDescription` give one language. A
/// cell's text, a sheet name or a reference is quoted as its `excerpt()` (40 characters, then "…"):
/// a bad cell may hold a whole document.
public struct SpreadsheetError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Problem: Sendable, Hashable {
        // The file as a whole.
        case notAnArchive
        /// HTML or XML saved with a spreadsheet extension, as some systems export ".xls".
        case markupNotWorkbook
        /// An OLE2 compound file: a legacy .xls or an encrypted .xlsx.
        case legacyOrEncryptedWorkbook
        case damagedArchive(detail: String)
        case unsupportedArchive(detail: String)
        case sizeLimitExceeded(bytes: Int)
        case missingPart(String)
        case malformedXML(part: String, offset: Int, detail: String)
        /// Well-formed XML that does not say what a workbook part must say.
        case invalidPart(part: String, detail: String)
        case sheetNotFound(String)
        // Cells.
        case invalidCellReference(String)
        case rowOutOfOrder
        case cellOutOfOrder
        case sharedStringOutOfRange(index: String, count: Int)
        case invalidNumber(String)
        case invalidBoolean(String)
        case invalidDate(String)
        case unknownCellType(String)
        case tooManyCells(limit: Int)
        /// More rows than `SpreadsheetLimits.maxRows` (Excel's 1,048,576 unless set lower).
        case tooManyRows(limit: Int)
        /// A cell beyond `SpreadsheetLimits.maxColumns` (Excel's 16,384 unless set lower).
        case tooManyColumns(limit: Int)
        /// More shared strings than `SpreadsheetLimits.maxSharedStrings`.
        case tooManySharedStrings(limit: Int)
        // CSV.
        case undecodableText(TextEncoding)
        case encodingUnavailable(TextEncoding)
        case unterminatedQuote
        case textAfterClosingQuote
        // Writing.
        case noSheets
        case invalidSheetName(String)
        case duplicateSheetName(String)
        case textTooLong(length: Int)
        case nonFiniteNumber
        case overlappingMerges(CellRange, CellRange)
    }

    public let problem: Problem
    /// The sheet's name, when the problem is inside one.
    public internal(set) var sheet: String?
    /// 1-based row number, as Excel shows it (for CSV: the record number).
    public internal(set) var row: Int?
    /// 1-based column number; `columnLetters` gives Excel's letters.
    public internal(set) var column: Int?

    public init(_ problem: Problem, sheet: String? = nil, row: Int? = nil, column: Int? = nil) {
        self.problem = problem
        self.sheet = sheet
        self.row = row
        self.column = column
    }

    public var columnLetters: String? { column.map(CellReference.letters(forColumn:)) }

    /// "工作表 指标 第 12 行 列 C：…", leaving out what is not known.
    public var chineseDescription: String {
        let place = [placedSheet.map { "工作表 \($0)" }, row.map { "第 \($0) 行" }, columnLetters.map { "列 \($0)" }]
        return Self.compose(place, separator: " ", colon: "：", reason: messages.chinese)
    }

    /// "sheet 指标, row 12, column C: …", leaving out what is not known.
    public var englishDescription: String {
        let place = [placedSheet.map { "sheet \($0)" }, row.map { "row \($0)" }, columnLetters.map { "column \($0)" }]
        return Self.compose(place, separator: ", ", colon: ": ", reason: messages.english)
    }

    public var description: String { "\(chineseDescription) (\(englishDescription))" }

    /// CSV files read without a name have an empty sheet name, which is not worth saying; a
    /// crafted workbook's sheet name may be long, so only its excerpt is said.
    private var placedSheet: String? { sheet?.isEmpty == false ? sheet?.excerpt() : nil }

    private static func compose(_ place: [String?], separator: String, colon: String, reason: String) -> String {
        let known = place.compactMap { $0 }
        return known.isEmpty ? reason : known.joined(separator: separator) + colon + reason
    }

    /// The same problem, placed where the caller knows it happened; places already set stay.
    func located(sheet: String? = nil, row: Int? = nil, column: Int? = nil) -> SpreadsheetError {
        var located = self
        located.sheet = self.sheet ?? sheet
        located.row = self.row ?? row
        located.column = self.column ?? column
        return located
    }

    /// 1048576 → "1,048,576".
    private static func grouped(_ number: Int) -> String {
        var digits = Array(String(number))
        var index = digits.count - 3
        while index > 0 {
            digits.insert(",", at: index)
            index -= 3
        }
        return String(digits)
    }

    private var messages: (chinese: String, english: String) {
        switch problem {
        case .notAnArchive:
            ("不是 XLSX 文件（不是 ZIP 压缩包）", "not an XLSX file (not a ZIP archive)")
        case .markupNotWorkbook:
            (
                "文件内容是网页或 XML，不是 XLSX 工作簿；请在 Excel 中打开后另存为 .xlsx",
                "the file holds HTML or XML, not an XLSX workbook; open it in Excel and save it as .xlsx"
            )
        case .legacyOrEncryptedWorkbook:
            (
                "这是旧版 .xls 文件或加密的工作簿；请另存为未加密的 .xlsx",
                "a legacy .xls file or a password-protected workbook; save it as an unprotected .xlsx"
            )
        case .damagedArchive(let detail):
            ("XLSX 压缩包已损坏（\(detail)）", "damaged XLSX archive (\(detail))")
        case .unsupportedArchive(let detail):
            ("不支持的压缩包格式（\(detail)）", "unsupported ZIP feature (\(detail))")
        case .sizeLimitExceeded(let bytes):
            (
                "解压后的内容超过 \(bytes >> 20) MB 上限（可能是压缩炸弹）",
                "uncompressed content exceeds the \(bytes >> 20) MB limit (possible zip bomb)"
            )
        case .missingPart(let part):
            ("工作簿缺少部件 \(part)", "the workbook lacks the part \(part)")
        case .malformedXML(let part, let offset, let detail):
            ("\(part) 的 XML 已损坏（第 \(offset) 字节：\(detail)）", "broken XML in \(part) at byte \(offset): \(detail)")
        case .invalidPart(let part, let detail):
            ("\(part) 内容无效：\(detail)", "invalid \(part): \(detail)")
        case .sheetNotFound(let name):
            ("找不到工作表“\(name.excerpt())”", "no sheet named \"\(name.excerpt())\"")
        case .invalidCellReference(let reference):
            ("单元格引用“\(reference.excerpt())”无效", "invalid cell reference \"\(reference.excerpt())\"")
        case .rowOutOfOrder:
            ("行号重复或顺序颠倒", "row number repeated or out of order")
        case .cellOutOfOrder:
            ("单元格重复或顺序颠倒", "cell repeated or out of order")
        case .sharedStringOutOfRange(let index, let count):
            ("共享字符串编号 \(index.excerpt()) 不存在（共 \(count) 个）", "shared string \(index.excerpt()) does not exist (there are \(count))")
        case .invalidNumber(let text):
            ("“\(text.excerpt())”不是数字", "\"\(text.excerpt())\" is not a number")
        case .invalidBoolean(let text):
            ("“\(text.excerpt())”不是逻辑值", "\"\(text.excerpt())\" is not a boolean")
        case .invalidDate(let text):
            ("“\(text.excerpt())”不是有效日期", "\"\(text.excerpt())\" is not a valid date")
        case .unknownCellType(let type):
            ("未知的单元格类型“\(type.excerpt())”", "unknown cell type \"\(type.excerpt())\"")
        case .tooManyCells(let limit):
            ("单元格超过 \(limit) 个的上限，请改为逐行读取", "more than \(limit) cells; read it row by row instead")
        case .tooManyRows(let limit):
            ("超过 \(limit) 行的上限", "more than the limit of \(Self.grouped(limit)) rows")
        case .tooManyColumns(let limit):
            ("超过 \(limit) 列的上限", "more than the limit of \(Self.grouped(limit)) columns")
        case .tooManySharedStrings(let limit):
            ("共享字符串超过 \(limit) 个的上限", "more than the limit of \(Self.grouped(limit)) shared strings")
        case .undecodableText(let encoding):
            ("文本无法按 \(encoding) 编码解读", "text cannot be decoded as \(encoding)")
        case .encodingUnavailable(let encoding):
            ("本系统无法转换 \(encoding) 编码", "this system cannot convert from \(encoding)")
        case .unterminatedQuote:
            ("引号没有闭合", "a quoted field is never closed")
        case .textAfterClosingQuote:
            (
                "右引号后还有字符（字段中的引号应写成两个引号）",
                "characters after a closing quote (a quote inside a field must be doubled)"
            )
        case .noSheets:
            ("工作簿至少需要一个工作表", "a workbook needs at least one sheet")
        case .invalidSheetName(let name):
            (
                "工作表名称“\(name)”无效（1 至 31 个字符，不含 : \\ / ? * [ ]，首尾不能是 '）",
                "invalid sheet name \"\(name)\" (1 to 31 characters, none of : \\ / ? * [ ], no ' at either end)"
            )
        case .duplicateSheetName(let name):
            ("工作表名称“\(name)”重复", "sheet name \"\(name)\" is used twice")
        case .textTooLong(let length):
            ("文本长 \(length) 个字符，超过单元格上限 32767", "text of \(length) characters exceeds the cell limit of 32,767")
        case .nonFiniteNumber:
            ("数字不能是无穷大或 NaN", "numbers must be finite")
        case .overlappingMerges(let first, let second):
            ("合并区域 \(first) 与 \(second) 重叠", "merged ranges \(first) and \(second) overlap")
        }
    }
}

/// The text encodings the CSV reader recognises (the shared decoder's; see `TextDecoding`). A
/// byte-order mark decides; without one, valid UTF-8 is UTF-8 and anything else is read as GB18030.
public typealias TextEncoding = TextFormats.TextEncoding

extension SpreadsheetError {
    /// A problem of the ZIP container, said as a workbook's.
    init(_ error: ZipArchiveError) {
        switch error {
        case .notAnArchive(.compoundFile): self.init(Problem.legacyOrEncryptedWorkbook)
        case .notAnArchive(.truncatedArchive): self.init(Problem.damagedArchive(detail: error.description))
        case .notAnArchive(.markup): self.init(Problem.markupNotWorkbook)
        case .notAnArchive(.unknown): self.init(Problem.notAnArchive)
        case .damaged(let detail): self.init(Problem.damagedArchive(detail: detail))
        case .unsupported(let detail): self.init(Problem.unsupportedArchive(detail: detail))
        case .sizeLimitExceeded(let bytes): self.init(Problem.sizeLimitExceeded(bytes: bytes))
        case .missingPart(let part): self.init(Problem.missingPart(part))
        }
    }
}
