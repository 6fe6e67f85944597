/// Finds quantities (a number or range with its unit) in plan text, skipping years, dates,
/// ordinals, document numbers and numbers inside titles.
struct QuantityScanner {
    struct Quantity {
        var value: Double
        var valueHigh: Double?
        var unit: String
        /// Number through unit (and a trailing `/家` denominator).
        var range: Range<Int>
        /// `/家` in `5万元/家`.
        var perSuffix: String?
        /// `500余家`: at least.
        var approximateAbove: Bool
        /// Written in Chinese numerals (`两所`, `百分之九十`); such amounts need a verb to count (see `TargetExtractor`).
        var spelled = false
        /// `3%-8%`, `18/10万`, `1/4`: how the amount was written when it is more than a number and a unit.
        var form: Form = .plain

        enum Form { case plain, unitRange, rate, fraction }
    }

    /// Longest first, so `万人次` wins over `万人` and `人`.
    private static let units: [[Unicode.Scalar]] = Lit.list([
        "个百分点", "万平方米", "平方公里", "平方米", "万亿元", "万人次", "亿元", "万元", "万人", "万户", "万套", "万册", "万张", "万个",
        "个工作日", "工作日", "人次", "场次", "个月", "周岁", "大类", "公里", "千米", "小时", "分钟", "%", "‰", "岁", "人", "名", "所", "张", "个", "元", "家", "户", "套", "辆",
        "座", "处", "项", "次", "倍", "天", "年", "册", "台", "支", "条", "种", "床", "间", "件", "场", "周", "亩", "吨", "米", "万", "部",
        "例", "期", "块", "片",
    ]).sorted { $0.count > $1.count }
    /// Units after an amount spelled in numerals; `成` is tenths (`三成`).
    private static let spelledUnits: [[Unicode.Scalar]] = Lit.list([
        "万人", "万元", "亿元", "小时", "个", "所", "名", "人", "家", "项", "座", "处", "支", "条", "张", "种", "台", "间", "套", "次",
        "辆", "门", "成", "倍", "年", "岁", "元", "天", "周", "册", "床", "户",
    ])
    /// Words after `N年` that make it the name of a campaign (`三年行动`), not a duration.
    private static let campaignWords = Lit.list(["行动", "计划", "规划", "工程", "攻坚"])
    private static let rangeSeparators: Set<Unicode.Scalar> = ["-", "—", "–", "~", "～", "至", "到"]

    let s: [Unicode.Scalar]
    /// Ranges where numbers are identifiers, not quantities (document numbers, 《titles》, short “quotes”).
    let excluded: [Range<Int>]

    init(_ s: [Unicode.Scalar], line: Range<Int>) {
        self.s = s
        var excluded = DocumentNumber.all(in: s, line).map(\.range)
        var stack: [(Unicode.Scalar, Int)] = []
        for i in line {
            let c = s[i]
            if c == "《" || c == "“" { stack.append((c, i)) }
            if c == "》" || c == "”", let open = stack.popLast() {
                if open.0 == "《" || i - open.1 <= 12 { excluded.append(open.1..<(i + 1)) }
            }
        }
        self.excluded = excluded
    }

    func quantities(in r: Range<Int>) -> [Quantity] {
        var result: [Quantity] = []
        var i = r.lowerBound
        while i < r.upperBound {
            if !CharClass.isDigit(s[i]) {
                if let q = spelled(at: i, in: r) { result.append(q); i = q.range.upperBound } else { i += 1 }
                continue
            }
            guard i == r.lowerBound || !CharClass.isDigit(s[i - 1]) && s[i - 1] != "." else { i += 1; continue }
            guard let (value, afterValue) = number(at: i, limit: r.upperBound) else { i += 1; continue }
            var end = afterValue
            var high: Double?
            if end + 1 < r.upperBound, Self.rangeSeparators.contains(s[end]), CharClass.isDigit(s[end + 1]), let (v2, e2) = number(at: end + 1, limit: r.upperBound), v2 > value {
                high = v2; end = e2
            }
            if skip(i, end, value: value, limit: r.upperBound) { i = max(end, i + 1); continue }
            if high == nil, let q = rateOrFraction(value, from: i, after: end, limit: r.upperBound) {
                result.append(q)
                i = q.range.upperBound
                continue
            }
            var approximate = false
            if end < r.upperBound, s[end] == "余" || s[end] == "多" { approximate = true; end += 1 }
            guard let unit = Self.units.first(where: { s.matches($0, at: end) && end + $0.count <= r.upperBound }) else {
                // `差异系数下降到0.3以下`, `小学不高于0.50`: a bare number right after a comparator verb.
                if high == nil, !approximate, isBareValue(from: i, to: end, limit: r.upperBound) {
                    result.append(Quantity(value: value, unit: "", range: i..<end, perSuffix: nil, approximateAbove: false))
                }
                i = end
                continue
            }
            // A year is a date, not a quantity: `2020年`, `2016-2020年`.
            if unit == ["年"], isYear(value), high == nil || isYear(high ?? 0) { i = end + 1; continue }
            if unit == ["年"], end + 1 < r.upperBound, "度底末前初".unicodeScalars.contains(s[end + 1]) { i = end + 1; continue }
            var stop = end + unit.count
            var form = Quantity.Form.plain
            // `3%-8%`: the unit written after both ends of a range.
            if high == nil, stop + 1 < r.upperBound, Self.rangeSeparators.contains(s[stop]), CharClass.isDigit(s[stop + 1]),
               let (v2, e2) = number(at: stop + 1, limit: r.upperBound), v2 > value, s.matches(unit, at: e2), e2 + unit.count <= r.upperBound {
                high = v2
                stop = e2 + unit.count
                form = .unitRange
            }
            // A quote holding nothing but the amount (`“十五年”`) states it; any other quote is a label.
            if excluded.contains(where: { $0.contains(i) && $0 != (i - 1)..<(stop + 1) }) { i = stop; continue }
            var per: String?
            if stop + 1 < r.upperBound, s[stop] == "/", CharClass.isHan(s[stop + 1]) {
                var e = stop + 1
                if e < r.upperBound, CharClass.isHan(s[e]) { e += 1 }
                per = s.string((stop + 1)..<e)
                stop = e
            }
            result.append(Quantity(value: value, valueHigh: high, unit: s.string(end..<(end + unit.count)), range: i..<stop, perSuffix: per,
                                   approximateAbove: approximate, form: form))
            i = stop
        }
        return result
    }

    /// The unit written at `i`, the longest that fits.
    static func unit(in s: [Unicode.Scalar], at i: Int, limit: Int) -> String? {
        units.first { s.matches($0, at: i) && i + $0.count <= limit }.map { s.string(i..<(i + $0.count)) }
    }

    /// A number without a unit stands for itself only right after the end of a comparator verb (`…于`,
    /// `…在`, `…到`, `…至`) and before a bound word or the clause's end: a coefficient, an index.
    private func isBareValue(from start: Int, to end: Int, limit: Int) -> Bool {
        guard start > 0, "于在到至".unicodeScalars.contains(s[start - 1]), !(start > 4 && s[start - 1] == "至" && CharClass.isDigit(s[start - 2])) else { return false }
        if end == limit { return true }
        return ",，。;；、".unicodeScalars.contains(s[end]) || ["以下", "以上", "以内", "左右"].contains { s.matches($0.scalars, at: end) }
    }

    /// `18/10万` (a rate per 100,000: one amount, unit `/10万`) and `1/4` (a share: 25 %), read where the
    /// number is followed by a slash and digits. Dates such as `2025/6/30` have more than one slash.
    private func rateOrFraction(_ value: Double, from start: Int, after end: Int, limit: Int) -> Quantity? {
        guard end + 1 < limit, s[end] == "/", CharClass.isDigit(s[end + 1]),
              let (denominator, e) = number(at: end + 1, limit: limit), denominator > 0,
              !(e < limit && s[e] == "/") else { return nil }
        if e < limit, "万千百".unicodeScalars.contains(s[e]) {
            var stop = e + 1
            // `1/10万人`: the people the rate is of are part of the denominator.
            if stop < limit, s[stop] == "人" { stop += 1 }
            return Quantity(value: value, unit: s.string(end..<stop), range: start..<stop, perSuffix: nil, approximateAbove: false,
                            form: .rate)
        }
        guard value < denominator, denominator <= 100, value == value.rounded(), denominator == denominator.rounded(),
              !(e < limit && (CharClass.isHan(s[e]) && !"以左的".unicodeScalars.contains(s[e]))) else { return nil }
        let share = Self.percent(value, of: denominator)
        return Quantity(value: share, unit: "%", range: start..<e, perSuffix: nil, approximateAbove: false, form: .fraction)
    }

    /// `两所`, `一名`, `百分之九十`, `三成`. Numerals inside words (`统一`, `一批`) fail the unit list; patterns
    /// such as `一村一警` and quoted labels (`“两项补贴”`) are left out.
    private func spelled(at i: Int, in r: Range<Int>) -> Quantity? {
        if let fraction = spelledFraction(at: i, in: r) { return fraction }
        if s.matches(Self.percentWord, at: i), let (v, e) = ChineseNumber.amount(s, at: i + 3, limit: r.upperBound) {
            return Quantity(value: v, unit: "%", range: i..<e, perSuffix: nil, approximateAbove: false, spelled: true)
        }
        guard ChineseNumber.isNumeral(s[i]), i == r.lowerBound || !(ChineseNumber.isNumeral(s[i - 1]) || "千第每之".unicodeScalars.contains(s[i - 1])),
              let (value, end) = ChineseNumber.amount(s, at: i, limit: r.upperBound),
              let unit = Self.spelledUnits.first(where: { s.matches($0, at: end) && end + $0.count <= r.upperBound }) else { return nil }
        let stop = end + unit.count
        if stop < r.upperBound, ChineseNumber.isNumeral(s[stop]) { return nil }
        if unit == ["年"], Self.campaignWords.contains(where: { s.matches($0, at: stop) }) { return nil }
        if unit == ["成"], stop < r.upperBound, "员为立果效".unicodeScalars.contains(s[stop]) { return nil }
        if excluded.contains(where: { $0.contains(i) && $0 != (i - 1)..<(stop + 1) }) { return nil }
        return Quantity(value: value, unit: s.string(end..<stop), range: i..<stop, perSuffix: nil, approximateAbove: false, spelled: true)
    }
    private static let percentWord = "百分之".scalars

    /// A fraction as a share in percent, to two decimals as shares are written (`2/3` → 66.67).
    static func percent(_ numerator: Double, of denominator: Double) -> Double {
        (numerator / denominator * 100 * 100).rounded() / 100
    }

    /// `三分之二` (66.67 %), `四分之一`: a fraction in numerals, read as a share.
    private func spelledFraction(at i: Int, in r: Range<Int>) -> Quantity? {
        guard ChineseNumber.isNumeral(s[i]), i + 3 < r.upperBound, s[i + 1] == "分", s[i + 2] == "之",
              i == r.lowerBound || !ChineseNumber.isNumeral(s[i - 1]) && s[i - 1] != "百",
              let denominator = ChineseNumber.parse([s[i]]), denominator >= 2,
              let (numerator, end) = ChineseNumber.amount(s, at: i + 3, limit: r.upperBound), numerator < Double(denominator)
        else { return nil }
        return Quantity(value: Self.percent(numerator, of: Double(denominator)), unit: "%", range: i..<end, perSuffix: nil,
                        approximateAbove: false, spelled: true, form: .fraction)
    }

    func isYear(_ v: Double) -> Bool { v >= 1949 && v <= 2100 && v == v.rounded() }

    private func number(at i: Int, limit: Int) -> (value: Double, end: Int)? { Self.number(s, at: i, limit: limit) }

    /// Digits with an optional decimal part; nil on absurd lengths.
    static func number(_ s: [Unicode.Scalar], at i: Int, limit: Int) -> (value: Double, end: Int)? {
        var j = i
        // No thousands separators: scraped text uses `,` as the Chinese comma.
        while j < limit, CharClass.isDigit(s[j]) { j += 1 }
        if j + 1 < limit, s[j] == ".", CharClass.isDigit(s[j + 1]) {
            j += 1
            while j < limit, CharClass.isDigit(s[j]) { j += 1 }
        }
        guard j - i <= 15 else { return nil }
        guard let v = Double(s.string(i..<j)) else { return nil }
        return (v, j)
    }

    private func skip(_ start: Int, _ end: Int, value: Double, limit: Int) -> Bool {
        if start > 0, s[start - 1] == "第" { return true }
        // Month and day: `11月22日`.
        if end < limit, s[end] == "日" || s[end] == "月" && start > 0 && s[start - 1] == "年" { return true }
        // A per-phrase number: `每3-10万居民`.
        if start > 0, s[start - 1] == "每" { return true }
        return false
    }
}
