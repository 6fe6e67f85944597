/// How often an amount is paid or a service given. Amounts without one are levels (班额 45 人, 床位 35 张).
public enum StandardPeriod: String, Codable, Sendable, CaseIterable {
    case year
    case month
    case day
    case once

    public var chineseName: String {
        switch self {
        case .year: "每年"
        case .month: "每月"
        case .day: "每天"
        case .once: "一次性"
        }
    }

    public var englishName: String {
        switch self {
        case .year: "per year"
        case .month: "per month"
        case .day: "per day"
        case .once: "once"
        }
    }
}

/// One quantity a 服务指导标准 states: `每人每月不低于500元` is 500 元, `>=`, per 人, monthly.
public struct StandardQuantity: Codable, Sendable, Hashable {
    public var value: Double
    /// Upper end of a range (`200—300元`); the comparator is then `range`.
    public var valueHigh: Double?
    /// The unit as written: 元, 万元, 人, 张, %, ‰, 岁, 次, 天, 倍 …
    public var unit: String
    /// No comparator word means the text states the amount itself (`=`).
    public var comparator: TargetComparator
    /// The per phrase as written: `每生每年`, `人均`, `/人/年`.
    public var per: String?
    /// Who or what one amount is for, canonical: 每生, 每名学生, 人均 → `人`; 每千名老年人 → `千老年人`; 户均 → `户`.
    public var perWhom: String?
    public var period: StandardPeriod?
    /// What a multiple or share is of: `当地最低生活保障标准` in `不低于当地最低生活保障标准的1.3倍`.
    public var base: String?
    /// The words before the quantity in its clause (`小学班额`, `初中`): pairs quantities of two texts.
    public var subject: String?
    public var quote: TextQuote

    public init(value: Double, valueHigh: Double? = nil, unit: String, comparator: TargetComparator, per: String? = nil,
                perWhom: String? = nil, period: StandardPeriod? = nil, base: String? = nil, subject: String? = nil,
                quote: TextQuote) {
        self.value = value
        self.valueHigh = valueHigh
        self.unit = unit
        self.comparator = comparator
        self.per = per
        self.perWhom = perWhom
        self.period = period
        self.base = base
        self.subject = subject
        self.quote = quote
    }
}

/// A 服务指导标准: the verbatim text plus the quantities it states and whether it promises the service free.
public struct ServiceStandard: Codable, Sendable, Hashable {
    public var text: String
    public var quantities: [StandardQuantity]
    /// `免费`, `免收`, `免除` … where the text says so.
    public var freeOfCharge: TextQuote?

    public init(text: String, quantities: [StandardQuantity], freeOfCharge: TextQuote?) {
        self.text = text
        self.quantities = quantities
        self.freeOfCharge = freeOfCharge
    }

    /// Reads the quantities from standard text. Total: any text gives a (possibly empty) result.
    public init(parsing text: String) {
        let scanner = StandardScanner(ScalarText(text))
        self.init(text: text, quantities: scanner.quantities(), freeOfCharge: scanner.freeOfCharge())
    }
}

/// Finds quantities clause by clause: number (or range) and unit, then looks back in the clause for
/// the comparator, per phrase and base, and just after the unit for `以上`/`以下` and `/人/年`.
struct StandardScanner {
    let t: ScalarText

    init(_ text: ScalarText) { t = text }

    /// Units as written; matching takes the longest at a position (万元 before 元, 周岁 before 岁).
    static let units = ["万元", "亿元", "元", "周岁", "岁", "个月", "人次", "人", "名", "张", "%", "‰", "次", "天", "小时",
                        "学时", "课时", "平方米", "公里", "分钟", "所", "床", "倍", "年", "册", "项", "户", "套", "个"]
    private static let atLeastWords = ["不低于", "不少于", "不小于", "不得低于", "不得少于", "不应低于", "至少", "最低", "达到",
                                       "高于", "超过", "多于", "大于"]
    private static let atMostWords = ["不超过", "不高于", "不多于", "不大于", "不得超过", "不得高于", "不应超过", "最多", "最高",
                                      "控制在", "低于", "少于", "小于"]
    private static let aboutWords = ["约", "大约", "左右"]
    private static let atLeastAfter = ["以上", "及以上", "余", "多"]
    private static let atMostAfter = ["以下", "及以下", "以内", "之内"]
    private static let namesWithComparators = ["最低生活", "最低工资", "最低标准", "最高限额"]
    private static let rangeSeparators = ["-", "~", "至", "到"]
    private static let clauseDelimiters: Set<Unicode.Scalar> = [",", ";", "。", "、", "!", "?", "\n", "\r", "；"]
    private static let freeWords = ["免费", "免收", "免除", "免交", "无偿"]
    /// Words that end a per phrase: `每千名老年人|拥有`, `每人每月|不低于`.
    private static let perStops = ["拥有", "有", "配备", "配置", "补助", "补贴", "发放", "提供", "不", "达到", "至少", "最",
                                   "为", "按", "享受", "可", "标准", "资助", "给予", "安排", "平均", "拨付", "的", "应", "免",
                                   "开展", "进行", "获得", "领取", "支付", "报销", "以", "人均", "生均", "户均", "约"]
    private static let periodWords: [(String, StandardPeriod)] = [
        ("学年", .year), ("年", .year), ("月", .month), ("天", .day), ("日", .day),
    ]
    private static let averageWords = ["人均": "人", "生均": "人", "户均": "户"]

    func quantities() -> [StandardQuantity] {
        var result: [StandardQuantity] = []
        var floor = 0
        var i = 0
        while i < t.count {
            if let q = quantity(at: i, floor: floor, previous: result.last) {
                result.append(q)
                floor = q.quote.end
                i = q.quote.end
            } else {
                i += 1
            }
        }
        return result
    }

    func freeOfCharge() -> TextQuote? {
        for i in 0..<t.count {
            if let word = t.longestMatch(Self.freeWords, at: i) { return t.quote(i..<(i + word.unicodeScalars.count)) }
        }
        return nil
    }

    private func length(_ word: String) -> Int { word.unicodeScalars.count }

    /// Number at `i` (spelled `百分之N` too, which carries its unit); nil inside ordinals and per phrases.
    private func amount(at i: Int) -> (value: Double, unit: String?, end: Int)? {
        for (prefix, unit) in [("百分之", "%"), ("千分之", "‰")] where t.matches(prefix, at: i) {
            guard let n = t.number(at: i + 3) else { return nil }
            return (n.value, unit, n.end)
        }
        guard i == 0 || (t[i - 1] != "第" && t[i - 1] != "每"), let n = t.number(at: i) else { return nil }
        return (n.value, nil, n.end)
    }

    private func unit(at i: Int) -> String? {
        guard let unit = t.longestMatch(Self.units, at: i) else { return nil }
        let after = i + length(unit)
        if after < t.count, t[after] == "性" { return nil }  // 一次性 is a period, not a count
        return unit
    }

    private func quantity(at i: Int, floor: Int, previous: StandardQuantity?) -> StandardQuantity? {
        guard let low = amount(at: i) else { return nil }
        var comparator: TargetComparator?
        var valueHigh: Double?
        let written: String
        var end: Int
        if let percent = low.unit {
            written = percent
            end = low.end
        } else {
            var afterNumber = low.end
            if afterNumber < t.count, t[afterNumber] == "余" || t[afterNumber] == "多" {  // 500余元
                comparator = .atLeast
                afterNumber += 1
            }
            let firstUnit = unit(at: afterNumber)
            let separatorAt = afterNumber + (firstUnit.map(length) ?? 0)
            // 200-300元, 200元至300元
            if let separator = t.longestMatch(Self.rangeSeparators, at: separatorAt),
               let high = t.number(at: separatorAt + length(separator)), let highUnit = unit(at: high.end),
               firstUnit == nil || firstUnit == highUnit {
                valueHigh = high.value
                written = highUnit
                end = high.end + length(highUnit)
            } else if let firstUnit {
                written = firstUnit
                end = afterNumber + length(firstUnit)
            } else {
                return nil
            }
        }
        if written == "年", isYear(low.value) || valueHigh.map(isYear) == true
            || (end < t.count && "度底末前初级".unicodeScalars.contains(t[end])) {
            return nil
        }

        // After the unit: /人/年, then 以上 / 以下 / 左右.
        var suffixPer = ""
        var perWhom: String?
        var period: StandardPeriod?
        while end < t.count, t[end] == "/" || (!suffixPer.isEmpty && (t[end] == "·" || t[end] == ".")) {
            var j = end + 1
            while j < t.count, j - end <= 3, ScalarText.isHan(t[j]) { j += 1 }
            guard j > end + 1 else { break }
            let segment = t.text((end + 1)..<j)
            if let p = Self.periodWords.first(where: { $0.0 == segment })?.1 { period = p } else { perWhom = Self.canonicalWhom(segment) }
            suffixPer += t.text(end..<j)
            end = j
        }
        if let word = t.longestMatch(Self.atLeastAfter + Self.atMostAfter + ["左右"], at: end) {
            comparator = Self.atMostAfter.contains(word) ? .atMost : word == "左右" ? .about : .atLeast
            end += length(word)
        }

        // Before the number, inside its clause: comparator, per phrase, base.
        var windowStart = floor
        var k = i - 1
        while k >= floor {
            if Self.clauseDelimiters.contains(t[k]) { windowStart = k + 1; break }
            k -= 1
        }
        let window = windowStart..<i
        var quoteStart = i
        if let before = comparatorWord(in: window) {
            if comparator == nil {
                comparator = Self.atMostWords.contains(before.word) ? .atMost : Self.aboutWords.contains(before.word) ? .about : .atLeast
            }
            quoteStart = min(quoteStart, before.start)
        }
        var perText: String?
        if let phrase = perPhrase(in: window) {
            perText = t.text(phrase.range)
            perWhom = perWhom ?? phrase.whom
            period = period ?? phrase.period
            quoteStart = min(quoteStart, phrase.range.lowerBound)
        }
        if !suffixPer.isEmpty { perText = (perText ?? "") + suffixPer }
        if period == nil, let once = t.lastMatch(["一次性"], in: window) {
            period = .once
            quoteStart = min(quoteStart, once.start)
        }
        var base: String?
        if (written == "倍" || written == "%"), i > windowStart, t[i - 1] == "的" {
            let baseStart = max(windowStart, quoteStart == i ? windowStart : quoteStart)
            let afterComparator = comparatorWord(in: baseStart..<(i - 1)).map { $0.start + length($0.word) } ?? baseStart
            if afterComparator < i - 1 {
                base = t.text(afterComparator..<(i - 1))
                quoteStart = min(quoteStart, afterComparator)
            }
        }
        let subject = t.text(windowStart..<quoteStart).trimmingCharacters(in: .whitespaces)
        var q = StandardQuantity(
            value: low.value, valueHigh: valueHigh, unit: written, comparator: valueHigh != nil ? .range : comparator ?? .equal,
            per: perText, perWhom: perWhom, period: period, base: base, subject: subject.isEmpty ? nil : subject,
            quote: t.quote(quoteStart..<end))
        // 小学每生每年1000元、初中1250元: the second amount shares the first one's per phrase and comparator.
        if let previous, perText == nil, previous.unit == q.unit, windowStart > 0, t[windowStart - 1] == "、" || t[windowStart - 1] == "," {
            q.per = previous.per
            q.perWhom = previous.perWhom
            q.period = previous.period
            if comparator == nil, valueHigh == nil { q.comparator = previous.comparator }
        }
        return q
    }

    /// The last comparator word in `range` that is not part of a name (`最低生活保障`).
    private func comparatorWord(in range: Range<Int>) -> (word: String, start: Int)? {
        var upper = range.upperBound
        while let found = t.lastMatch(Self.atLeastWords + Self.atMostWords + Self.aboutWords, in: range.lowerBound..<upper) {
            if !Self.namesWithComparators.contains(where: { t.matches($0, at: found.start) }) { return found }
            upper = found.start
        }
        return nil
    }

    private func isYear(_ value: Double) -> Bool { value == value.rounded() && (1900...2100).contains(value) }

    /// The first per phrase in `window`: runs of `每X` segments and `人均`-style words.
    private func perPhrase(in window: Range<Int>) -> (range: Range<Int>, whom: String?, period: StandardPeriod?)? {
        guard let first = window.first(where: { t[$0] == "每" || t.longestMatch(Array(Self.averageWords.keys), at: $0) != nil }) else {
            return nil
        }
        var start = first
        var j = first
        var whom: String?
        var period: StandardPeriod?
        while j < window.upperBound {
            if let average = t.longestMatch(Array(Self.averageWords.keys), at: j) {
                whom = Self.averageWords[average]
                // 年人均, 人均年
                if j > window.lowerBound, j == start, let p = Self.periodWords.first(where: { t.matches($0.0, at: j - 1) && length($0.0) == 1 }) {
                    period = p.1
                    start = j - 1
                }
                j += length(average)
                if let p = Self.periodWords.first(where: { t.matches($0.0, at: j) }), j < window.upperBound {
                    period = p.1
                    j += length(p.0)
                }
            } else if t[j] == "每" {
                let segmentStart = j + 1
                if let p = Self.periodWords.first(where: { t.matches($0.0, at: segmentStart) }) {
                    period = p.1
                    j = segmentStart + length(p.0)
                    continue
                }
                var e = segmentStart
                while e < window.upperBound, e - segmentStart < 8, t[e] != "每", t.longestMatch(Self.perStops, at: e) == nil,
                      !ScalarText.isDigit(t[e]), !(e > segmentStart && ScalarText.isNumeral(t[e]) && !ScalarText.isNumeral(t[e - 1])) {
                    e += 1
                }
                guard e > segmentStart else { break }
                whom = Self.canonicalWhom(t.text(segmentStart..<e))
                j = e
            } else {
                break
            }
        }
        return j > start ? (start..<j, whom, period) : nil
    }

    private static let personNouns = ["人", "生", "学生", "名学生", "人口", "名", "位", "老人", "老年人", "儿童", "幼儿", "居民",
                                      "对象", "残疾人", "名残疾人", "位老人", "名老人", "名儿童", "个学生"]

    /// 每生 / 每名学生 / 每人 → 人; 户 / 家庭 → 户; with a multiplier the noun is kept: 千名老年人 → 千老年人.
    static func canonicalWhom(_ segment: String) -> String {
        let multiplierEnd = segment.unicodeScalars.prefix { ScalarText.isNumeral($0) || ScalarText.isDigit($0) }.count
        let multiplier = String(segment.unicodeScalars.prefix(multiplierEnd))
        var noun = String(String.UnicodeScalarView(segment.unicodeScalars.dropFirst(multiplierEnd)))
        if multiplier.isEmpty {
            if personNouns.contains(noun) { return "人" }
            if ["户", "家庭", "户家庭"].contains(noun) { return "户" }
            return noun
        }
        for measure in ["名", "位", "个"] where noun.hasPrefix(measure) { noun.removeFirst() }
        noun = ["老人": "老年人", "人口": "人", "常住人口": "人"][noun] ?? noun
        return multiplier + noun
    }
}
