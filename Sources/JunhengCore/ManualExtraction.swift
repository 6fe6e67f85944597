import Foundation

/// Rule ids of extracted facts: the ingester's, `<family>.<name>` such as `target.comparatorVerb`
/// (listed in docs/ingest-format.md), and ``manual`` for a fact a reviewer added by hand.
public enum ExtractionRule {
    /// The rule of a fact a reviewer added from a selection of the document's text.
    public static let manual = "manual"

    /// The rule id and the shorter prefixes it belongs to, most specific first:
    /// `target.table.row` → `target.table.row`, `target.table`, `target`. A page labels a rule
    /// by the first of them it has words for, and shows an id it has none for as it is.
    public static func families(of rule: String) -> [String] {
        let parts = rule.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard !rule.isEmpty else { return [] }
        return (1...parts.count).reversed().map { parts.prefix($0).joined(separator: ".") }
    }
}

/// A fact a reviewer adds from a selection of the repaired text: the checks on the selection and
/// the fields proposed from it, which the reviewer then completes.
public enum ManualExtraction {
    /// The longest selection a fact may be made from, in Unicode scalars: a sentence or a
    /// paragraph, not a chapter.
    public static let maxLength = 2_000

    /// The selection `[start, end)` of a text of `textLength` Unicode scalars.
    /// - Throws: `invalid` on `start` or `end`, in Chinese, when either is missing, the range is
    ///   empty or reversed, lies outside the text, or is longer than ``maxLength``.
    public static func span(start: Int?, end: Int?, textLength: Int) throws(JunhengError) -> Range<Int> {
        guard let start, let end else {
            throw .invalid(field: start == nil ? "start" : "end", "请先在原文中选择文字（起止位置不能为空）")
        }
        guard start >= 0, end <= textLength else {
            throw .invalid(field: start < 0 ? "start" : "end",
                           "所选位置 \(start)–\(end) 超出原文范围（原文共 \(textLength) 个字符，位置应在 0–\(textLength) 之间）")
        }
        guard start < end else {
            throw .invalid(field: "end", "所选文字为空：结束位置 \(end) 应大于起始位置 \(start)")
        }
        guard end - start <= maxLength else {
            throw .invalid(field: "end", "所选文字有 \(end - start) 个字符，超过 \(maxLength) 个字符的上限：请只选择一句或一段")
        }
        return start..<end
    }

    /// The selection `[start, end)` of `text` (``span(start:end:textLength:)``'s checks) without
    /// the spaces and line breaks at its ends, which a selection in a browser often takes along.
    /// - Throws: also `invalid` on `end` when the selection holds nothing but white space.
    public static func span(start: Int?, end: Int?, in text: [Unicode.Scalar]) throws(JunhengError) -> Range<Int> {
        let range = try span(start: start, end: end, textLength: text.count)
        var (lower, upper) = (range.lowerBound, range.upperBound)
        while lower < upper, text[lower].properties.isWhitespace { lower += 1 }
        while upper > lower, text[upper - 1].properties.isWhitespace { upper -= 1 }
        guard lower < upper else { throw .invalid(field: "end", "所选文字只有空白，请选择要添加的文字") }
        return lower..<upper
    }

    /// The fields proposed for a fact of `kind` read from `selection`, for the reviewer to
    /// complete: every field of the kind is present, empty where nothing could be read.
    /// `domain` is the domain of the service item listed nearest before the selection, if any.
    public static func proposedFields(kind: ExtractionKind, selection: String, domain: String? = nil) -> [String: String] {
        var fields = Dictionary(uniqueKeysWithValues: kind.fieldNames.map { ($0, "") })
        let text = selection.trimmingCharacters(in: .whitespacesAndNewlines)
        switch kind {
        case .item:
            fields["domain"] = domain ?? ""
            let name = SelectionText.withoutListMarker(text).trimmingCharacters(in: SelectionText.trailingPunctuation)
            fields["name"] = name.count <= 60 ? name : ""
        case .target:
            fields["kind"] = "target"
            if let reading = TargetReading.read(text) {
                fields.merge(reading.fields) { _, read in read }
            } else {
                fields["comparator"] = TargetComparator.atLeast.rawValue
                fields["direction"] = Direction.higher.rawValue
            }
        case .task:
            let (title, lead, cooperating) = SelectionText.responsibility(in: text)
            fields["title"] = title
            fields["lead"] = lead ?? ""
            fields["cooperating"] = cooperating.joined(separator: String(PlanReviewRules.listSeparator))
        case .project:
            let name = SelectionText.withoutListMarker(text).split(whereSeparator: { "：:。，,；;\n".contains($0) }).first.map(String.init) ?? ""
            fields["name"] = name.count <= 60 ? name : ""
            let quantities = TargetReading.quantities(in: text)
            if let first = quantities.first {
                fields["targetValue"] = TargetReading.number(first.value)
                fields["targetUnit"] = first.unit
            }
            fields["quantities"] = quantities.map(\.phrase).joined(separator: "；")
        }
        return fields
    }
}

/// Small readings of a selected passage that do not need the ingester: list markers and the
/// responsibility clause of a task.
enum SelectionText {
    static let trailingPunctuation = CharacterSet(charactersIn: "。；;，,、：: ").union(.whitespacesAndNewlines)

    /// `1.`, `（一）`, `一、`, `①` … at the start removed.
    static func withoutListMarker(_ text: String) -> String {
        let pattern = /^\s*(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}、|\d{1,3}[.．、)）]|[①-⑳])\s*/
        return text.replacing(pattern, with: "", maxReplacements: 1)
    }

    /// The task's sentence without its responsibility clause, and the departments it names:
    /// `……（责任单位：区教育局、区人社局）` or `牵头单位：……；配合单位：……`. The first named leads.
    static func responsibility(in text: String) -> (title: String, lead: String?, cooperating: [String]) {
        func names(_ list: Substring) -> [String] {
            list.split(whereSeparator: { "、，,/ ".contains($0) }).map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
        }
        var title = text
        var departments: [String] = []
        var cooperating: [String] = []
        if let match = text.firstMatch(of: /[（(]?(?:责任单位|牵头单位|责任部门|牵头部门)[：:]\s*([^）)；;。\n]+)[）)]?/) {
            departments = names(match.output.1)
            title = String(text[..<match.range.lowerBound])
        }
        if let match = text.firstMatch(of: /(?:配合单位|配合部门|参与单位)[：:]\s*([^）)；;。\n]+)/) {
            cooperating = names(match.output.1)
            if departments.isEmpty { title = String(text[..<match.range.lowerBound]) }
        }
        title = SelectionText.withoutListMarker(title).trimmingCharacters(in: trailingPunctuation)
        let lead = departments.first
        let rest = Array(departments.dropFirst()) + cooperating.filter { $0 != lead && !departments.contains($0) }
        return (title, lead, rest)
    }
}

/// What a selected sentence says about a target, read plainly: the value (Arabic numerals, or a
/// range `1-2`) with the unit right after it, the comparison word around it, the latest year
/// (`2025年`) as the target year, a value after `由`/`从` as the baseline, and the words before the
/// comparison as the indicator. Chinese numerals (`九成`, `百分之九十`) are not read: the reviewer
/// types those.
public struct TargetReading: Sendable, Equatable {
    public var indicator: String
    public var comparator: TargetComparator
    public var value: Double
    public var valueHigh: Double?
    public var unit: String
    public var year: Int?
    public var baselineYear: Int?
    public var baselineValue: Double?

    public init(indicator: String, comparator: TargetComparator, value: Double, valueHigh: Double? = nil, unit: String,
                year: Int? = nil, baselineYear: Int? = nil, baselineValue: Double? = nil) {
        self.indicator = indicator
        self.comparator = comparator
        self.value = value
        self.valueHigh = valueHigh
        self.unit = unit
        self.year = year
        self.baselineYear = baselineYear
        self.baselineValue = baselineValue
    }

    /// The reading as the review form's fields (``ExtractionKind/target``'s field names).
    public var fields: [String: String] {
        [
            "indicator": indicator, "comparator": (valueHigh == nil ? comparator : .range).rawValue,
            "value": Self.number(value), "valueHigh": valueHigh.map(Self.number) ?? "", "unit": unit, "per": "",
            "year": year.map(String.init) ?? "", "baselineYear": baselineYear.map(String.init) ?? "",
            "baselineValue": baselineValue.map(Self.number) ?? "", "kind": "target", "attribute": "",
            "direction": DirectionProposal.proposed(indicator: indicator, unit: unit, comparator: comparator).rawValue,
        ]
    }

    /// 80 → "80", 83.2 → "83.2".
    static func number(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    /// Units read after a number, longest first so that `个百分点` wins over `个`.
    static let units = ["个百分点", "平方米", "万人次", "人次", "万人", "万元", "亿元", "公里", "千米", "分钟", "小时", "张床",
                        "%", "‰", "元", "米", "张", "床", "人", "名", "所", "个", "家", "项", "岁", "天", "次", "册", "套",
                        "户", "座", "间", "辆", "台", "处", "倍", "支", "件", "种", "类", "本", "篇", "场"]

    static let atMostWords = ["不超过", "不高于", "不大于", "控制在", "控制到", "降低到", "降低至", "下降到", "下降至", "降至",
                              "减少到", "减少至", "以内", "以下", "低于", "少于", "≤"]
    static let aboutWords = ["左右", "稳定在", "保持在", "约"]
    static let atLeastWords = ["不低于", "不少于", "不小于", "达到", "提高到", "提高至", "提升到", "提升至", "增加到", "增加至",
                               "增长到", "增长至", "增至", "扩大到", "扩大至", "超过", "以上", "大于", "高于", "≥", "力争", "实现"]

    /// A number in the text with the unit after it, and where it stands.
    struct Quantity {
        var value: Double
        var high: Double?
        var unit: String
        var phrase: String
        var range: Range<String.Index>
    }

    /// The numbers of the text that are not years, each with the unit written right after it;
    /// full-width digits are read too (the phrases and ranges are those of ``normalizedDigits(_:)``).
    static func quantities(in text: String) -> [Quantity] {
        quantities(inNormalized: normalizedDigits(text))
    }

    private static func quantities(inNormalized normalized: String) -> [Quantity] {
        var found: [Quantity] = []
        for match in normalized.matches(of: /(\d+(?:\.\d+)?)(?:\s*[-–~～至到]\s*(\d+(?:\.\d+)?))?/) {
            let after = normalized[match.range.upperBound...].drop(while: { $0 == " " })
            // 2025年 and the like are dates, not values.
            if after.hasPrefix("年") || after.hasPrefix("届") { continue }
            guard let value = Double(match.output.1) else { continue }
            let unit = units.first { after.hasPrefix($0) } ?? ""
            let end = unit.isEmpty ? match.range.upperBound : normalized.index(after.startIndex, offsetBy: unit.count)
            found.append(Quantity(value: value, high: match.output.2.flatMap { Double($0) }, unit: unit == "张床" ? "张" : unit,
                                  phrase: String(normalized[match.range.lowerBound..<end]), range: match.range.lowerBound..<end))
        }
        return found
    }

    /// Full-width digits, point and percent sign as ASCII, character for character.
    static func normalizedDigits(_ text: String) -> String {
        String(text.map { character -> Character in
            guard let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1 else { return character }
            switch scalar.value {
            case 0xFF10...0xFF19: return Character(Unicode.Scalar(scalar.value - 0xFF10 + 0x30)!)
            case 0xFF0E: return "."
            case 0xFF05: return "%"
            default: return character
            }
        })
    }

    /// Words written after the value: `90%以上`, `10分钟以内`, `2所左右`.
    static let postpositions: [(word: String, comparator: TargetComparator)] = [
        ("以上", .atLeast), ("以下", .atMost), ("以内", .atMost), ("左右", .about),
    ]

    /// The comparison a word right before the value means, if it is one.
    static func comparator(before text: Substring) -> TargetComparator? {
        let text = text.trimmingCharacters(in: .whitespaces)
        if atMostWords.contains(where: text.hasSuffix) { return .atMost }
        if aboutWords.contains(where: text.hasSuffix) { return .about }
        if atLeastWords.contains(where: text.hasSuffix) { return .atLeast }
        return nil
    }

    /// Reads the first target the text states; nil when it has no number but years.
    public static func read(_ text: String) -> TargetReading? {
        let normalized = normalizedDigits(text)
        let years = normalized.matches(of: /(\d{4})\s*年/).compactMap { Int($0.output.1) }.filter { (1949...2100).contains($0) }
        let quantities = quantities(inNormalized: normalized)
        guard !quantities.isEmpty else { return nil }
        let breaks: Set<Character> = ["，", ",", "。", "；", ";", "：", ":", "\n"]
        /// The text between the previous number (or the clause's start) and quantity `i`.
        func lead(_ i: Int) -> Substring {
            let start = i > 0 ? quantities[i - 1].range.upperBound : normalized.startIndex
            let before = normalized[start..<quantities[i].range.lowerBound]
            return before.lastIndex(where: breaks.contains).map { before[before.index(after: $0)...] } ?? before
        }
        func postposition(_ i: Int) -> TargetComparator? {
            let after = normalized[quantities[i].range.upperBound...].drop(while: { $0 == " " })
            return postpositions.first { after.hasPrefix($0.word) }?.comparator
        }
        // The baseline is the number after 由/从 (由1.8平方米提高到2.6平方米).
        let baselineIndex = quantities.indices.first { i in
            let before = lead(i).trimmingCharacters(in: .whitespaces)
            return before.hasSuffix("由") || before.hasSuffix("从")
        }
        let candidates = quantities.indices.filter { $0 != baselineIndex }
        // The value: the number right after a comparison word, else one followed by 以上/以下…, else the last.
        let afterWord = candidates.first { Self.comparator(before: lead($0)) != nil }
        guard let valueIndex = afterWord ?? candidates.first(where: { postposition($0) != nil }) ?? candidates.last
        else { return nil }
        let value = quantities[valueIndex]
        let baseline = baselineIndex.map { quantities[$0] }
        let comparator: TargetComparator = Self.comparator(before: lead(valueIndex)) ?? postposition(valueIndex) ?? .atLeast

        // The indicator: the clause's words before the value (and before the baseline).
        let firstNumber = min(baseline?.range.lowerBound ?? value.range.lowerBound, value.range.lowerBound)
        let clauseStart = normalized[..<firstNumber].lastIndex(where: breaks.contains).map { normalized.index(after: $0) }
            ?? normalized.startIndex
        var indicator: String = String(normalized[clauseStart..<firstNumber])
            .replacing(/^\s*(?:到|至|在|于)?\s*\d{4}\s*年(?:底|末)?\s*/, with: "")
            .replacing(/^全[市区县省旗州盟]/, with: "")
        // Drop what stands between the indicator and the number: comparison words, 由/从, 要/将/应.
        let fillers = atMostWords + aboutWords + atLeastWords + ["由", "从", "要", "将", "应", "逐步", "进一步", "均", "全部", "为", "是"]
        var trimmed = true
        while trimmed {
            trimmed = false
            indicator = indicator.trimmingCharacters(in: .whitespaces)
            for word in fillers where indicator.hasSuffix(word) {
                indicator.removeLast(word.count)
                trimmed = true
            }
        }
        indicator = SelectionText.withoutListMarker(indicator).trimmingCharacters(in: SelectionText.trailingPunctuation)
        return TargetReading(indicator: indicator.count <= 40 ? indicator : "", comparator: comparator, value: value.value,
                             valueHigh: value.high, unit: value.unit, year: years.max(),
                             baselineYear: baseline != nil && years.count > 1 ? years.min() : nil, baselineValue: baseline?.value)
    }
}

/// The original text's offsets of a range of the repaired text, for a fact added by hand. The
/// ingester's scalar-by-scalar map is not stored; what is stored are pairs of matching offsets
/// (every span of its result and of the facts: headings, sentences, repairs), which the map
/// keeps in order. Between the nearest pairs around the selection the original range is looked
/// up: the selection's exact text found there gives its exact range; otherwise (the passage was
/// converted from traditional characters or repaired) the range between those pairs is taken,
/// which contains the true one.
public struct OriginalOffsets: Sendable {
    /// Matching offsets: `repaired` in the repaired text, `original` in the original, in scalars.
    public struct Anchor: Sendable, Equatable, Comparable {
        public var repaired: Int
        public var original: Int

        public init(repaired: Int, original: Int) {
            self.repaired = repaired
            self.original = original
        }

        public static func < (lhs: Anchor, rhs: Anchor) -> Bool {
            (lhs.repaired, lhs.original) < (rhs.repaired, rhs.original)
        }
    }

    let anchors: [Anchor]
    let repaired: [Unicode.Scalar]
    let original: [Unicode.Scalar]

    /// `anchors` outside either text are ignored; the texts' starts and ends are anchors.
    public init(repairedText: String, originalText: String, anchors: [Anchor]) {
        repaired = Array(repairedText.unicodeScalars)
        original = Array(originalText.unicodeScalars)
        let (r, o) = (repaired.count, original.count)
        self.anchors = (anchors + [Anchor(repaired: 0, original: 0), Anchor(repaired: r, original: o)])
            .filter { (0...r).contains($0.repaired) && (0...o).contains($0.original) }.sorted()
    }

    /// Every pair of offsets in the ingester's JSON result: each object holding `start`, `end`,
    /// `originalStart` and `originalEnd` (a `Span`) gives two. Unreadable JSON gives none.
    public static func anchors(inIngestionJSON json: String) -> [Anchor] {
        guard let root = try? JSONSerialization.jsonObject(with: Data(json.utf8)) else { return [] }
        var anchors: [Anchor] = []
        var stack: [Any] = [root]
        while let node = stack.popLast() {
            if let object = node as? [String: Any] {
                if let start = object["start"] as? Int, let end = object["end"] as? Int,
                   let originalStart = object["originalStart"] as? Int, let originalEnd = object["originalEnd"] as? Int {
                    anchors.append(Anchor(repaired: start, original: originalStart))
                    anchors.append(Anchor(repaired: end, original: originalEnd))
                }
                stack.append(contentsOf: object.values)
            } else if let array = node as? [Any] {
                stack.append(contentsOf: array)
            }
        }
        return anchors
    }

    /// The range of the original text that `range` of the repaired text came from.
    public func originalRange(of range: Range<Int>) -> Range<Int> {
        let lower = anchors.filter { $0.repaired <= range.lowerBound }.max { $0.original < $1.original }
            ?? Anchor(repaired: 0, original: 0)
        let upper = anchors.filter { $0.repaired >= range.upperBound }.min { $0.original < $1.original }
            ?? Anchor(repaired: repaired.count, original: original.count)
        let window = min(lower.original, upper.original)..<max(lower.original, upper.original)
        let wanted = Array(repaired[max(0, range.lowerBound)..<min(repaired.count, range.upperBound)])
        let expected = lower.original + (range.lowerBound - lower.repaired)
        let found = Self.occurrences(of: wanted, in: original, within: window)
        guard let best = found.min(by: { abs($0 - expected) < abs($1 - expected) }) else { return window }
        return best..<(best + wanted.count)
    }

    /// Where `needle` starts in `haystack[window]` (Knuth–Morris–Pratt, linear in the window).
    static func occurrences(of needle: [Unicode.Scalar], in haystack: [Unicode.Scalar], within window: Range<Int>) -> [Int] {
        guard !needle.isEmpty, window.count >= needle.count else { return [] }
        var failure = [0] + Array(repeating: 0, count: needle.count - 1)
        var k = 0
        for i in stride(from: 1, to: needle.count, by: 1) {
            while k > 0 && needle[i] != needle[k] { k = failure[k - 1] }
            if needle[i] == needle[k] { k += 1 }
            failure[i] = k
        }
        var starts: [Int] = []
        k = 0
        for i in window {
            while k > 0 && haystack[i] != needle[k] { k = failure[k - 1] }
            if haystack[i] == needle[k] { k += 1 }
            if k == needle.count {
                starts.append(i - needle.count + 1)
                k = failure[k - 1]
            }
        }
        return starts
    }
}
