import Foundation

/// Why a document could not be ingested.
public enum IngestError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The input has no bytes or only whitespace.
    case empty
    /// The input is not text in a supported encoding (binary, or undecodable).
    case unreadable(String)

    public var description: String {
        switch self {
        case .empty: return "the document is empty"
        case .unreadable(let why): return "the document is not readable text: \(why)"
        }
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
    /// - Throws: `IngestError` when the input is empty or not text.
    public static func ingest(_ data: Data, regions: (any RegionResolver)? = nil) throws(IngestError) -> Ingestion {
        let (decoded, encoding) = try TextDecoder.decode(data)
        let original = Array(decoded.unicodeScalars)
        var repairer = Repairer(original: original)
        let repaired = repairer.run()
        let text = PlanText(repaired.text, original: original)
        guard text.s.contains(where: { !CharClass.isSpace($0) && $0 != "\n" }) else { throw .empty }

        let outline = OutlineBuilder.build(text)
        var warnings = repaired.warnings
        var facts = DocumentFactsExtractor(text: text, outline: outline, chromeLines: repaired.chromeLines).extract(regions: regions)
        facts.encoding = encoding.rawValue
        facts.convertedFromTraditional = repaired.convertedFromTraditional
        let tables = TableReader(text: text).tables()
        let catalogue = DomainExtractor(text: text, outline: outline, tables: tables).extract()
        warnings += catalogue.warnings
        let targets = TargetExtractor(text: text, outline: outline, tables: tables, period: (facts.periodStart, facts.periodEnd)).extract()
        let tasks = TaskExtractor(text: text, outline: outline).extract()
        let projects = ProjectExtractor(text: text, outline: outline).extract()
        let attachments = AttachmentExtractor(text: text).extract()

        let result = IngestResult(
            document: facts, outline: outline.map(\.node), domains: catalogue.domains, claimedTotalItems: catalogue.claimedTotal,
            targets: targets, tasks: tasks.tasks, projects: projects, departments: tasks.departments,
            attachments: attachments, repairs: repaired.repairs + catalogue.repairs, warnings: warnings)
        return Ingestion(result: result, repairedText: text.string(0..<text.count), originalText: decoded)
    }
}
