import Foundation

/// Why a document could not be ingested.
public enum IngestError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The input has no bytes or only whitespace.
    case empty
    /// The input is not text in a supported encoding (binary, or undecodable).
    case unreadable(String)
    /// The file is larger than `IngestLimits.maxFileBytes`, or a text file larger than
    /// `IngestLimits.maxDocumentBytes`.
    case tooLarge(bytes: Int, limit: Int)
    /// The document proposes more facts than `IngestLimits.maxExtractions`.
    case tooManyExtractions(limit: Int)
    /// Reading took longer than `IngestLimits.timeLimit`.
    case timedOut(Duration)
    /// The caller gave up (its task was cancelled, e.g. the client disconnected).
    case cancelled
    /// The text read from a DOCX, web page or PDF is larger than `IngestLimits.maxDocumentBytes`.
    case tooMuchText(bytes: Int, limit: Int)
    /// A file of a kind that holds no plan (a workbook, slides, another archive) or that cannot be
    /// opened (encrypted).
    case unsupportedFormat(UnsupportedFormat)
    /// A DOCX (or another format) too broken to read; `detail` says where, in English.
    case damaged(format: DocumentFormat, detail: String)
    /// A PDF without a text layer: pages scanned as pictures.
    case scannedPDF(pages: Int)
    /// A PDF or a .doc/.wps file handed to the pure reader: it needs `pdftotext` or LibreOffice
    /// first (the app does that; see `PlanIngester.ingest(_:from:…)`).
    case needsConversion(DocumentFormat)

    /// Files that are not plans, or that cannot be opened.
    public enum UnsupportedFormat: Sendable, Equatable {
        /// An Excel or WPS workbook (.xlsx, .xls, .et).
        case spreadsheet
        /// PowerPoint or WPS slides.
        case presentation
        /// An OpenDocument file (.odt) from LibreOffice or WPS.
        case openDocument
        /// A ZIP archive of something else.
        case otherArchive
        /// A password-protected Office document.
        case encrypted
    }

    public var description: String {
        switch self {
        case .empty: return "the document is empty"
        case .unreadable(let why): return "the document is not readable text: \(why)"
        case .tooLarge(let bytes, let limit):
            return "the document is \(Self.megabytes(bytes)), larger than the limit of \(Self.megabytes(limit))"
        case .tooManyExtractions(let limit):
            return "the document proposes more than \(limit) facts (items, targets, tasks and projects), more than a plan can hold"
        case .timedOut(let limit): return "reading the document took longer than \(Self.seconds(limit)) s"
        case .cancelled: return "reading the document was cancelled"
        case .tooMuchText(let bytes, let limit):
            return "the text of the document is \(Self.megabytes(bytes)), larger than the limit of \(Self.megabytes(limit))"
        case .unsupportedFormat(.spreadsheet): return "the file is a spreadsheet, not a plan document"
        case .unsupportedFormat(.presentation): return "the file is a slide presentation, not a plan document"
        case .unsupportedFormat(.openDocument): return "the file is an OpenDocument text (.odt); save it as .docx"
        case .unsupportedFormat(.otherArchive): return "the file is a ZIP archive, not a plan document"
        case .unsupportedFormat(.encrypted): return "the file is password-protected"
        case .damaged(let format, let detail): return "the \(format.rawValue) file is damaged: \(detail)"
        case .scannedPDF(let pages):
            return "the PDF has no text layer (\(pages) scanned pages); provide the Word file or a PDF whose text can be copied"
        case .needsConversion(let format):
            return "a \(format.rawValue) file must be converted first (pdftotext or LibreOffice)"
        }
    }

    /// The same in Chinese, for the people who upload plans.
    public var chineseDescription: String {
        switch self {
        case .empty: return "文件是空的"
        case .unreadable(let why): return "文件不是可读的文本（\(why)）"
        case .tooLarge(let bytes, let limit):
            return "文件大小 \(Self.megabytes(bytes))，超过规划文件 \(Self.megabytes(limit)) 的上限；请确认上传的是规划正文"
        case .tooManyExtractions(let limit):
            return "文件中识别出的事项（服务项目、指标、任务和项目）超过 \(limit) 条的上限，不像一份可以逐条审核的规划；请检查文件内容"
        case .timedOut(let limit): return "读取文件超过 \(Self.seconds(limit)) 秒的时限，已停止；请检查文件内容或拆分后上传"
        case .cancelled: return "读取文件已取消"
        case .tooMuchText(let bytes, let limit):
            return "文件中的文字有 \(Self.megabytes(bytes))，超过规划正文 \(Self.megabytes(limit)) 的上限；请确认上传的是规划正文"
        case .unsupportedFormat(.spreadsheet): return "这是电子表格，不是规划文件；请上传规划正文（Word、PDF、网页或文本文件）"
        case .unsupportedFormat(.presentation): return "这是演示文稿，不是规划文件；请上传规划正文（Word、PDF、网页或文本文件）"
        case .unsupportedFormat(.openDocument): return "这是 OpenDocument（.odt）文件；请在 WPS 或 Word 中另存为 .docx 后上传"
        case .unsupportedFormat(.otherArchive): return "这是压缩包，不是规划文件；请解压后上传其中的规划正文"
        case .unsupportedFormat(.encrypted): return "文件设有密码，无法读取；请取消密码后重新上传"
        case .damaged(.docx, _): return "Word 文件已损坏，无法打开；请在 WPS 或 Word 中打开后重新另存为 .docx 再上传"
        case .damaged(let format, _): return "\(format.chineseName)文件已损坏，无法读取"
        case .scannedPDF(let pages):
            return "这是扫描版 PDF，没有文字层（共 \(pages) 页图片），无法读取文字；请提供 Word 版或可复制文字的 PDF"
        case .needsConversion(let format): return "\(format.chineseName)文件需要先转换才能读取，请联系系统管理员"
        }
    }

    private static func megabytes(_ bytes: Int) -> String {
        let value = Double(bytes) / 1_048_576
        return (value.rounded() == value ? String(Int(value)) : String(format: "%.1f", value)) + " MB"
    }

    private static func seconds(_ duration: Duration) -> String {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return seconds.rounded() == seconds ? String(Int(seconds)) : String(format: "%.1f", seconds)
    }
}

/// Turns a plan document into a structured, reviewable draft.
///
/// ```swift
/// let ingestion = try PlanIngester.ingest(data, regions: RegionTable(rows: rows))
/// let json = try ingestion.result.jsonData()
/// ```
/// Pure: no file or network I/O. Safe to call from several threads at once. Reads plain text, DOCX
/// and web pages itself (`DocumentFormat.detect`); a PDF or a .doc/.wps file is first turned into
/// text or a DOCX by an outside program (the app does it with `pdftotext` and LibreOffice) and
/// handed over with `from:` saying so.
public enum PlanIngester {
    /// What an outside program made of a file this library does not read itself.
    public enum Conversion: Sendable {
        /// The text `pdftotext -layout -enc UTF-8` printed for a PDF (pages separated by form feeds).
        case pdfLayoutText
        /// The DOCX LibreOffice saved from a .doc or .wps file.
        case docxFromDoc
    }

    /// Reads, repairs and analyses `data`.
    /// - Parameters:
    ///   - data: the file's bytes, or what `conversion` made of them. Text may be UTF-8 (with or
    ///     without BOM), UTF-16 (BOM or detectable) or GB18030/GBK; web pages say their charset or
    ///     are read like text.
    ///   - conversion: nil for the file as uploaded (text, DOCX or web page).
    ///   - regions: resolves the issuing region to a GB/T 2260 code; nil leaves `regionCode` empty.
    ///   - limits: the document's size, the facts it may propose and the time it may take.
    ///   - isCancelled: polled with `Task.isCancelled` in the loops that grow with the document, for
    ///     a caller that runs this on a thread of its own and learns of cancellation another way.
    /// - Throws: `IngestError` when the input is empty, not a plan file, unreadable, or a limit is reached.
    public static func ingest(
        _ data: Data, from conversion: Conversion? = nil, regions: (any RegionResolver)? = nil,
        limits: IngestLimits = IngestLimits(), isCancelled: @escaping @Sendable () -> Bool = { false }
    ) throws(IngestError) -> Ingestion {
        guard data.count <= limits.maxFileBytes else { throw .tooLarge(bytes: data.count, limit: limits.maxFileBytes) }
        let budget = IngestBudget(limits: limits, isCancelled: isCancelled)
        let document = try DocumentReader.read(data, conversion: conversion, limits: limits, budget: budget)
        let original = Array(document.text.unicodeScalars)
        var repairer = Repairer(original: original, joinsBrokenLines: document.linesMayBeBroken)
        let repaired = try repairer.run(budget: budget)
        let text = PlanText(repaired.text, original: original)
        guard text.s.contains(where: { !CharClass.isSpace($0) && $0 != "\n" }) else { throw .empty }

        try budget.check()
        let outline = OutlineBuilder.build(text)
        var warnings = repaired.warnings
        var facts = DocumentFactsExtractor(text: text, outline: outline, chromeLines: repaired.chromeLines).extract(regions: regions)
        facts.encoding = document.encoding.rawValue
        facts.format = document.format
        facts.convertedFromTraditional = repaired.convertedFromTraditional
        try budget.check()
        let tables = TableReader(text: text).tables()
        try budget.check()
        let catalogue = DomainExtractor(text: text, outline: outline, tables: tables).extract()
        try budget.count(catalogue.domains.reduce(0) { $0 + $1.items.count })
        warnings += catalogue.warnings
        let targets = try TargetExtractor(text: text, outline: outline, tables: tables, period: (facts.periodStart, facts.periodEnd))
            .extract(budget: budget)
        let tasks = try TaskExtractor(text: text, outline: outline, tables: tables).extract(budget: budget)
        let projects = ProjectExtractor(text: text, outline: outline).extract()
        try budget.count(projects.count)
        let attachments = AttachmentExtractor(text: text).extract()

        let result = IngestResult(
            document: facts, outline: outline.map(\.node), domains: catalogue.domains, claimedTotalItems: catalogue.claimedTotal,
            targets: targets, tasks: tasks.tasks, projects: projects, departments: tasks.departments,
            attachments: attachments, repairs: repaired.repairs + catalogue.repairs, warnings: warnings)
        return Ingestion(result: result, repairedText: text.string(0..<text.count), originalText: document.text)
    }
}
