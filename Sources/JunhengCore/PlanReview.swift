import Foundation
import TextFormats

/// What a planner reviews before a plan is published: the facts the ingester proposed, each with
/// a few editable text fields. Keeping the fields as text lets a reviewer correct anything in a
/// form; these rules say which values are acceptable before anything is created from them.
public enum ExtractionKind: String, Codable, Sendable, CaseIterable {
    case item
    case target
    case task
    case project

    /// The editable fields of each kind, in display order.
    public var fieldNames: [String] {
        switch self {
        case .item: ["domain", "name"]
        case .target: ["indicator", "comparator", "value", "valueHigh", "unit", "per", "year",
                       "baselineYear", "baselineValue", "kind", "attribute", "direction"]
        case .task: ["title", "lead", "cooperating"]
        case .project: ["name", "targetValue", "targetUnit", "quantities"]
        }
    }

    /// The label of a field on the review form, in Chinese or (`english`) in English.
    public static func fieldLabel(_ name: String, english: Bool = false) -> String {
        if english {
            return [
                "domain": "Domain", "name": "Name", "indicator": "Indicator", "comparator": "Comparison",
                "value": "Target value", "valueHigh": "Upper bound", "unit": "Unit", "per": "Per", "year": "Target year",
                "baselineYear": "Baseline year", "baselineValue": "Baseline value", "kind": "Kind", "attribute": "Type",
                "title": "Task", "lead": "Lead", "cooperating": "Cooperating", "targetValue": "Target quantity",
                "targetUnit": "Quantity unit", "quantities": "Quantities", "direction": "Direction",
            ][name] ?? name
        }
        return [
            "domain": "领域", "name": "名称", "indicator": "指标", "comparator": "比较", "value": "目标值",
            "valueHigh": "上限", "unit": "单位", "per": "计量基数", "year": "目标年份", "baselineYear": "基期年份",
            "baselineValue": "基期值", "kind": "类型", "attribute": "属性", "title": "任务内容", "lead": "牵头单位",
            "cooperating": "配合单位", "targetValue": "目标数量", "targetUnit": "数量单位", "quantities": "数量表述",
            "direction": "方向",
        ][name] ?? name
    }

    /// The choices of a field that takes one of a few values, with the words a reviewer reads;
    /// nil for free text. The stored values stay the codes (`>=`, `higher`, `binding` …).
    /// `english` gives the English words.
    public static func fieldChoices(_ name: String, english: Bool = false) -> [(value: String, label: String)]? {
        switch name {
        case "comparator": TargetComparator.allCases.map { ($0.rawValue, english ? $0.englishName : $0.chineseName) }
        case "direction": Direction.allCases.map { ($0.rawValue, english ? $0.englishName : $0.chineseName) }
        case "attribute": [("expected", english ? "Expected" : "预期性"), ("binding", english ? "Binding" : "约束性")]
        case "kind": [("target", english ? "Target" : "目标"), ("achievement", english ? "Achievement (not a target)" : "已取得成绩")]
        default: nil
        }
    }

    public var chineseName: String {
        switch self {
        case .item: "服务项目"
        case .target: "目标指标"
        case .task: "重点任务"
        case .project: "重点工程"
        }
    }

    public var englishName: String {
        switch self {
        case .item: "Service item"
        case .target: "Target"
        case .task: "Task"
        case .project: "Project"
        }
    }
}

public enum ExtractionStatus: String, Codable, Sendable, CaseIterable {
    case pending
    case accepted
    case dropped

    public var chineseName: String {
        switch self {
        case .pending: "待审核"
        case .accepted: "已采纳"
        case .dropped: "已舍弃"
        }
    }

    public var englishName: String {
        switch self {
        case .pending: "Pending"
        case .accepted: "Accepted"
        case .dropped: "Dropped"
        }
    }
}

/// Offsets of a fact in the repaired text and in the original, in Unicode scalars.
public struct TextSpan: Codable, Sendable, Equatable {
    public var repairedStart: Int
    public var repairedEnd: Int
    public var originalStart: Int
    public var originalEnd: Int

    public init(repairedStart: Int, repairedEnd: Int, originalStart: Int, originalEnd: Int) {
        self.repairedStart = repairedStart
        self.repairedEnd = repairedEnd
        self.originalStart = originalStart
        self.originalEnd = originalEnd
    }
}

/// One fact proposed for a plan and where its review stands; `span` and `quote` say where in the
/// document it was read, `rule` and `confidence` why it was proposed and how sure the proposal is.
public struct Extraction: Codable, Sendable, Equatable {
    public var id: Int64
    public var planID: Int64
    public var kind: ExtractionKind
    public var sortOrder: Int
    public var fields: [String: String]
    public var status: ExtractionStatus
    public var edited: Bool
    public var span: TextSpan
    public var quote: String
    /// The ingester's rule that proposed the fact (`target.comparatorVerb` …, see
    /// docs/ingest-format.md), ``ExtractionRule/manual`` for a fact a reviewer added from a
    /// selection, empty for facts read before rules were recorded.
    public var rule: String
    /// How sure the rule is, 0–1 (1 for a fact added by hand).
    public var confidence: Double
    /// Where a service item was read: `table`, `list` or `prose` (``ExtractionOrigin``); empty
    /// for the other kinds and for facts added by hand.
    public var origin: String

    public init(id: Int64, planID: Int64, kind: ExtractionKind, sortOrder: Int, fields: [String: String],
                status: ExtractionStatus, edited: Bool, span: TextSpan, quote: String, rule: String = "",
                confidence: Double = 1, origin: String = "") {
        self.id = id
        self.planID = planID
        self.kind = kind
        self.sortOrder = sortOrder
        self.fields = fields
        self.status = status
        self.edited = edited
        self.span = span
        self.quote = quote
        self.rule = rule
        self.confidence = confidence
        self.origin = origin
    }

    /// A fact as the ingester proposes it, before it is stored: pending, unedited, id and plan 0.
    /// `confidence` is held to 0…1 (a value that is not a number counts as 0, the most doubtful).
    public static func proposed(kind: ExtractionKind, fields: [String: String], span: TextSpan, quote: String,
                                rule: String = "", confidence: Double = 1, origin: String = "") -> Extraction {
        Extraction(id: 0, planID: 0, kind: kind, sortOrder: 0, fields: fields, status: .pending, edited: false, span: span,
                   quote: quote, rule: rule, confidence: confidence.isNaN ? 0 : min(max(confidence, 0), 1), origin: origin)
    }

    /// A service item the ingester found inside a sentence rather than in a table or a list: the
    /// review page asks the reviewer to confirm it.
    public var isFromProse: Bool { kind == .item && origin == ExtractionOrigin.prose.rawValue }
}

/// Where the ingester read a service item (`ServiceItem.origin`).
public enum ExtractionOrigin: String, Codable, Sendable, CaseIterable {
    /// A row of a catalogue table.
    case table
    /// A line of an item list, or a heading.
    case list
    /// Named inside a sentence: a draft the reviewer confirms or drops.
    case prose
}

/// The order a plan's facts are listed in: the document's, or the most doubtful first.
public enum ExtractionOrder: String, Codable, Sendable, CaseIterable {
    /// As the facts were stored: the document's order, facts added by hand after them.
    case document
    /// Lowest confidence first (ties in document order), so a reviewer starts with what the
    /// ingester was least sure of.
    case confidence
}

/// Comparators as stored: `>=` 不低于, `<=` 不超过, `~` 左右, `=` 等于, `range` 区间.
public enum TargetComparator: String, Codable, Sendable, CaseIterable {
    case atLeast = ">="
    case atMost = "<="
    case about = "~"
    case equal = "="
    case range

    /// Which way is better when a plan only says "at least" or "at most".
    public var impliedDirection: Direction { self == .atMost ? .lower : .higher }
}

public enum PlanReviewRules {
    /// Separator for department lists in the `cooperating` field.
    public static let listSeparator: Character = "、"

    /// Problems with a fact's fields, named by field. Empty when it can be published.
    public static func problems(kind: ExtractionKind, fields: [String: String]) -> [ValidationIssue] {
        func text(_ name: String) -> String { (fields[name] ?? "").trimmingCharacters(in: .whitespaces) }
        var issues: [ValidationIssue] = []
        func requireText(_ name: String, _ label: String) {
            if text(name).isEmpty { issues.append(ValidationIssue(field: name, reason: "\(label)不能为空")) }
        }
        func requireNumber(_ name: String, _ label: String, optional: Bool = false) {
            let value = text(name)
            if value.isEmpty {
                if !optional { issues.append(ValidationIssue(field: name, reason: "\(label)不能为空")) }
            } else if Double(value)?.isFinite != true {
                issues.append(ValidationIssue(field: name, reason: "\(label)“\(value.excerpt())”不是数字"))
            }
        }
        func requireYear(_ name: String, _ label: String, optional: Bool) {
            let value = text(name)
            if value.isEmpty {
                if !optional { issues.append(ValidationIssue(field: name, reason: "\(label)不能为空")) }
            } else if let year = Int(value), (1949...2100).contains(year) {
                return
            } else {
                issues.append(ValidationIssue(field: name, reason: "\(label)“\(value.excerpt())”不是 1949–2100 之间的年份"))
            }
        }
        switch kind {
        case .item:
            requireText("domain", "领域")
            requireText("name", "项目名称")
        case .target:
            requireText("indicator", "指标名称")
            requireNumber("value", "目标值")
            requireNumber("valueHigh", "区间上限", optional: true)
            requireYear("year", "目标年份", optional: true)
            requireYear("baselineYear", "基期年份", optional: text("baselineValue").isEmpty)
            requireNumber("baselineValue", "基期值", optional: text("baselineYear").isEmpty)
            if TargetComparator(rawValue: text("comparator")) == nil {
                issues.append(ValidationIssue(field: "comparator", reason: "比较方式应为 >=、<=、~、= 或 range"))
            }
            if !["target", "achievement"].contains(text("kind")) {
                issues.append(ValidationIssue(field: "kind", reason: "类型应为 target（目标）或 achievement（已取得成绩）"))
            }
            if !["", "higher", "lower"].contains(text("direction")) {
                issues.append(ValidationIssue(field: "direction", reason: "方向应为 higher（越高越好）或 lower（越低越好）"))
            }
            if !["", "binding", "expected"].contains(text("attribute")) {
                issues.append(ValidationIssue(field: "attribute", reason: "属性应为 binding（约束性）或 expected（预期性）"))
            }
        case .task:
            requireText("title", "任务内容")
        case .project:
            requireText("name", "工程名称")
            requireNumber("targetValue", "目标数量", optional: true)
        }
        return issues
    }
}
