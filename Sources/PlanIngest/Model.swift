import Foundation

/// Where a fact sits: Unicode-scalar offsets into the repaired text and into the decoded original.
public struct Span: Codable, Sendable, Hashable {
    /// Start offset (inclusive) in the repaired text, in Unicode scalars.
    public var start: Int
    /// End offset (exclusive) in the repaired text.
    public var end: Int
    /// Start offset (inclusive) in the decoded original text, in Unicode scalars.
    public var originalStart: Int
    /// End offset (exclusive) in the decoded original text.
    public var originalEnd: Int
}

/// A verbatim excerpt with its provenance.
public struct Quote: Codable, Sendable, Hashable {
    /// The excerpt from the repaired (simplified) text.
    public var text: String
    /// The same excerpt from the decoded original, characters as published.
    public var original: String
    public var span: Span
}

/// Facts about the document as a whole.
public struct DocumentFacts: Codable, Sendable {
    /// Detected input encoding: `utf-8`, `utf-8-bom`, `utf-16le`, `utf-16be` or `gb18030` (a DOCX
    /// and the text of a PDF are UTF-8; a web page's is its charset's).
    public var encoding: String
    /// The file's format, told from its bytes: `text`, `docx`, `pdf`, `html` or `doc` (also `.wps`).
    public var format: DocumentFormat = .text
    /// Whether traditional characters were converted to simplified ones.
    public var convertedFromTraditional: Bool
    public var title: Quote?
    public var issuer: Quote?
    /// Document number such as `邢政发〔2018〕19号`, normalised to `〔〕` brackets.
    public var documentNumber: String?
    public var documentNumberQuote: Quote?
    /// Signing date, ISO `yyyy-MM-dd`.
    public var signedDate: String?
    /// Publication date from the page, ISO `yyyy-MM-dd`.
    public var publishedDate: String?
    /// `province`, `prefecture` or `county`.
    public var level: String?
    public var regionName: String?
    /// GB/T 2260 code, when a resolver was supplied and matched.
    public var regionCode: String?
    /// Plan period, e.g. `十三五`.
    public var periodName: String?
    public var periodStart: Int?
    public var periodEnd: Int?
    public var basedOn: [BasisDocument]
    public var characterCount: Int
}

/// A document the plan says it is based on (`依据《…》`).
public struct BasisDocument: Codable, Sendable {
    public var title: String
    public var documentNumber: String?
    public var quote: Quote
}

/// A heading of the document, with its nesting.
public struct OutlineNode: Codable, Sendable {
    /// Depth, 1 for the outermost marker style met first.
    public var level: Int
    /// The marker as written, e.g. `（一）`, `第三章`, `——`.
    public var marker: String
    /// Marker style: `chapter`, `section`, `part`, `hanNumeral`, `parenHanNumeral`, `arabic`, `parenArabic`, `circled`, `dash`.
    public var style: String
    /// Ordinal of the marker when it has one.
    public var ordinal: Int?
    public var title: String
    /// The heading line itself.
    public var span: Span
    /// From the heading to the next heading of the same or a higher level.
    public var bodySpan: Span
    /// Index into `outline` of the parent heading.
    public var parent: Int?
}

/// A service domain (领域) and the service items listed for it.
public struct Domain: Codable, Sendable {
    public var name: String
    public var quote: Quote
    /// Items count the plan claims for this domain (`本领域服务项目共8项`).
    public var claimedItemCount: Int?
    public var items: [ServiceItem]
}

/// A service item (服务项目).
public struct ServiceItem: Codable, Sendable {
    public var name: String
    public var quote: Quote
    /// What an item table says about the item; absent when the item comes from a sentence or a list line.
    public var itemDetails: ItemDetails? = nil
    /// Where the item was read: `table` (a catalogue table), `list` (an item list or heading) or
    /// `prose` (named inside a sentence, a draft the reviewer accepts or drops).
    public var origin: String = "list"
    /// The rule that proposed it, e.g. `target.comparatorVerb` (see docs/ingest-format.md), so the reviewer sees why.
    public var rule: String = ""
    /// How sure the rule is, 0–1: the review page lists the doubtful ones first.
    public var confidence: Double = 1
}

/// The columns of an item table for one item; each field only when the table has that column.
public struct ItemDetails: Codable, Sendable {
    /// 服务对象.
    public var targetPopulation: Quote?
    /// 服务内容.
    public var content: Quote?
    /// 服务指导标准, e.g. `每生每年1000元`.
    public var standard: Quote?
    /// 支出责任, verbatim.
    public var funding: Quote?
    /// 牵头负责单位.
    public var leadDepartment: Quote?
}

/// A claimed total of service items or domains (`10个领域的96个服务项目`).
public struct ClaimedTotal: Codable, Sendable {
    public var items: Int
    public var domains: Int?
    public var quote: Quote
}

/// A number the plan commits to (`kind: target`) or reports as achieved (`kind: achievement`).
public struct Target: Codable, Sendable {
    public var indicator: String
    /// `>=`, `<=`, `~` (about) or `=`.
    public var comparator: String
    public var value: Double
    /// Upper bound when the plan gives a range (`1-2所`); `value` is then the lower bound.
    public var valueHigh: Double?
    public var unit: String
    /// Denominator such as `每千人口`.
    public var per: String?
    public var year: Int?
    public var baseline: Baseline?
    /// `target` or `achievement`.
    public var kind: String
    /// `binding` (约束性) or `expected` (预期性) when an indicator table says so.
    public var attribute: String?
    /// The sentence the number was read from.
    public var quote: String
    /// Span of the value with its unit.
    public var span: Span
    /// Span of the whole sentence.
    public var sentenceSpan: Span
    /// The rule that proposed it, e.g. `target.comparatorVerb` (see docs/ingest-format.md), so the reviewer sees why.
    public var rule: String = ""
    /// How sure the rule is, 0–1: the review page lists the doubtful ones first.
    public var confidence: Double = 1
}

public struct Baseline: Codable, Sendable {
    public var year: Int?
    public var value: Double
}

/// A task with its responsible departments.
public struct PlanTask: Codable, Sendable {
    public var title: String
    /// First named department: it leads.
    public var lead: String?
    public var cooperating: [String]
    public var quote: Quote
    /// Span of the responsibility clause, e.g. `（责任单位：区教育局、区人社局）`.
    public var responsibilitySpan: Span?
    /// The rule that proposed it, e.g. `target.comparatorVerb` (see docs/ingest-format.md), so the reviewer sees why.
    public var rule: String = ""
    /// How sure the rule is, 0–1: the review page lists the doubtful ones first.
    public var confidence: Double = 1
}

/// A key project (工程, 项目, 专栏 box) with the numbers it promises.
public struct Project: Codable, Sendable {
    public var name: String
    public var quote: Quote
    /// Quantities found in the project text, e.g. `10个` with the phrase they count.
    public var quantities: [ProjectQuantity]
    /// The rule that proposed it, e.g. `target.comparatorVerb` (see docs/ingest-format.md), so the reviewer sees why.
    public var rule: String = ""
    /// How sure the rule is, 0–1: the review page lists the doubtful ones first.
    public var confidence: Double = 1
}

public struct ProjectQuantity: Codable, Sendable {
    public var value: Double
    public var unit: String
    public var phrase: String
    public var span: Span
}

/// An attachment listed by the plan (`附件1：…`).
public struct Attachment: Codable, Sendable {
    public var number: Int?
    public var title: String
    public var quote: Quote
}

/// One kind of repair applied to the text.
public struct Repair: Codable, Sendable {
    /// `mojibake`, `mojibakeUnresolved`, `pinyinAnnotation`, `privateUseCharacter`, `webChrome`, `brokenLine`, `strayWhitespace`, `traditionalToSimplified`, `figureText`, `pageNumber`.
    public var kind: String
    public var count: Int
    public var detail: String
    /// Individual occurrences (capped for high-volume kinds; see `count`).
    public var samples: [RepairSample]
}

public struct RepairSample: Codable, Sendable {
    /// Text as it was in the original.
    public var before: String
    /// Text as it is in the repaired text (empty when removed).
    public var after: String
    /// Span in the repaired text (empty range at the point of removal) and in the original.
    public var span: Span
}

/// Something a reviewer should look at.
public struct Warning: Codable, Sendable {
    public var code: String
    public var message: String
    public var span: Span?
}

/// The JSON document `junheng ingest --json` prints; see `docs/ingest-format.md`.
public struct IngestResult: Codable, Sendable {
    public var document: DocumentFacts
    public var outline: [OutlineNode]
    public var domains: [Domain]
    public var claimedTotalItems: ClaimedTotal?
    public var targets: [Target]
    public var tasks: [PlanTask]
    public var projects: [Project]
    public var departments: [String]
    public var attachments: [Attachment]
    public var repairs: [Repair]
    public var warnings: [Warning]

    private enum CodingKeys: String, CodingKey {
        case document, outline, domains, claimedTotalItems, targets, tasks, projects, departments, attachments, repairs, warnings
    }

    /// Every top-level key is always present; `claimedTotalItems` is `null` when the plan claims none.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(document, forKey: .document)
        try c.encode(outline, forKey: .outline)
        try c.encode(domains, forKey: .domains)
        try c.encode(claimedTotalItems, forKey: .claimedTotalItems)
        try c.encode(targets, forKey: .targets)
        try c.encode(tasks, forKey: .tasks)
        try c.encode(projects, forKey: .projects)
        try c.encode(departments, forKey: .departments)
        try c.encode(attachments, forKey: .attachments)
        try c.encode(repairs, forKey: .repairs)
        try c.encode(warnings, forKey: .warnings)
    }

    /// JSON with sorted keys, pretty printed, slashes unescaped.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}

/// The structured result together with the texts its spans point into.
public struct Ingestion: Sendable {
    public var result: IngestResult
    /// Repaired, simplified text: the `start`/`end` offsets of every span index its Unicode scalars.
    public var repairedText: String
    /// Decoded original text: the `originalStart`/`originalEnd` offsets index its Unicode scalars.
    public var originalText: String
}
