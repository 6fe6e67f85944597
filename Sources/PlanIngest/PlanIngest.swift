import Foundation

/// Why a document could not be ingested.
public enum IngestError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The input has no bytes or only whitespace.
    case empty
    /// The input is not text in a supported encoding (binary, or undecodable).
    case unreadable(String)
    /// The input is larger than `IngestLimits.maxDocumentBytes`.
    case tooLarge(bytes: Int, limit: Int)
    /// The document proposes more facts than `IngestLimits.maxExtractions`.
    case tooManyExtractions(limit: Int)
    /// Reading took longer than `IngestLimits.timeLimit`.
    case timedOut(Duration)
    /// The caller gave up (its task was cancelled, e.g. the client disconnected).
    case cancelled

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
/// Pure: no file or network I/O. Safe to call from several threads at once.
public enum PlanIngester {
    /// Decodes, repairs and analyses `data` (the file's bytes).
    /// - Parameters:
    ///   - data: UTF-8 (with or without BOM), UTF-16 (BOM or detectable) or GB18030/GBK bytes.
    ///   - regions: resolves the issuing region to a GB/T 2260 code; nil leaves `regionCode` empty.
    ///   - limits: the document's size, the facts it may propose and the time it may take.
    ///   - isCancelled: polled with `Task.isCancelled` in the loops that grow with the document, for
    ///     a caller that runs this on a thread of its own and learns of cancellation another way.
    /// - Throws: `IngestError` when the input is empty or not text, or a limit is reached.
    public static func ingest(
        _ data: Data, regions: (any RegionResolver)? = nil, limits: IngestLimits = IngestLimits(),
        isCancelled: @escaping @Sendable () -> Bool = { false }
    ) throws(IngestError) -> Ingestion {
        guard data.count <= limits.maxDocumentBytes else { throw .tooLarge(bytes: data.count, limit: limits.maxDocumentBytes) }
        let budget = IngestBudget(limits: limits, isCancelled: isCancelled)
        let (decoded, encoding) = try TextDecoder.decode(data)
        let original = Array(decoded.unicodeScalars)
        var repairer = Repairer(original: original)
        let repaired = try repairer.run(budget: budget)
        let text = PlanText(repaired.text, original: original)
        guard text.s.contains(where: { !CharClass.isSpace($0) && $0 != "\n" }) else { throw .empty }

        try budget.check()
        let outline = OutlineBuilder.build(text)
        var warnings = repaired.warnings
        var facts = DocumentFactsExtractor(text: text, outline: outline, chromeLines: repaired.chromeLines).extract(regions: regions)
        facts.encoding = encoding.rawValue
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
        return Ingestion(result: result, repairedText: text.string(0..<text.count), originalText: decoded)
    }
}
