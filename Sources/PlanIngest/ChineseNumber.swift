/// Chinese and Arabic numerals as they appear in plan markers and amounts.
enum ChineseNumber {
    private static let digits: [Unicode.Scalar: Int] = [
        "〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
        "六": 6, "七": 7, "八": 8, "九": 9,
    ]

    static func isNumeral(_ s: Unicode.Scalar) -> Bool { digits[s] != nil || s == "十" || s == "百" }

    /// An amount spelled in numerals at `i`: `两`, `十五`, `一千二百`, `九十五点五` (a decimal after `点`).
    /// `万` is left to the unit (`十万人`).
    static func amount(_ s: [Unicode.Scalar], at i: Int, limit: Int) -> (value: Double, end: Int)? {
        var j = i
        while j < limit, j - i < 8, isNumeral(s[j]) || s[j] == "千" { j += 1 }
        guard j > i else { return nil }
        // Positional digits (`二〇三五`, `十三五`) are names and years, not amounts.
        for k in i..<(j - 1) where digits[s[k]] != nil && digits[s[k + 1]] != nil && s[k] != "零" { return nil }
        guard var value = parse(Array(s[i..<j])).map(Double.init) else { return nil }
        if j + 1 < limit, s[j] == "点", let d = digits[s[j + 1]] {
            var scale = 0.1
            value += Double(d) * scale
            j += 2
            while j < limit, let d = digits[s[j]] { scale /= 10; value += Double(d) * scale; j += 1 }
        }
        return (value, j)
    }

    /// Parses numerals up to 9999 (`十三` → 13, `二十一` → 21, `一百零二` → 102, `三千` → 3000).
    static func parse(_ text: [Unicode.Scalar]) -> Int? {
        guard !text.isEmpty, text.count <= 8 else { return nil }
        var total = 0, current = 0, sawAny = false
        for s in text {
            if let d = digits[s] { current = d; sawAny = true }
            else if s == "十" { total += (sawAny && current > 0 ? current : 1) * 10; current = 0; sawAny = true }
            else if s == "百" { total += (current > 0 ? current : 1) * 100; current = 0; sawAny = true }
            else if s == "千" { total += (current > 0 ? current : 1) * 1000; current = 0; sawAny = true }
            else { return nil }
        }
        return sawAny ? total + current : nil
    }

    /// Parses a run of ASCII digits defensively (no overflow on huge runs).
    static func parseArabic(_ text: [Unicode.Scalar]) -> Int? {
        guard !text.isEmpty, text.count <= 9, text.allSatisfy(CharClass.isDigit) else { return nil }
        return text.reduce(0) { $0 * 10 + Int($1.value - 0x30) }
    }

    /// Circled numbers ①…⑳.
    static func circled(_ s: Unicode.Scalar) -> Int? {
        (0x2460...0x2473).contains(s.value) ? Int(s.value - 0x2460) + 1 : nil
    }
}
