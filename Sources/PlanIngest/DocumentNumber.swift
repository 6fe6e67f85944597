/// Document numbers such as `邢政发〔2018〕19号`, also written with `[2018]`, `(2018)`, `［2018］` or `【2018】`.
enum DocumentNumber {
    struct Match {
        var range: Range<Int>
        /// Normalised to `〔〕` brackets.
        var normalised: String
        var year: Int
    }

    private static let opening: Set<Unicode.Scalar> = ["〔", "[", "(", "［", "【", "（", "﹝"]
    private static let closing: Set<Unicode.Scalar> = ["〕", "]", ")", "］", "】", "）", "﹞"]
    private static let prefixEndings: Set<Unicode.Scalar> = ["发", "發", "字", "函", "文", "令", "办", "辦", "电", "規", "规", "复", "復", "通", "府"]

    /// First document number inside `range`.
    static func find(in s: [Unicode.Scalar], _ range: Range<Int>) -> Match? {
        all(in: s, range).first
    }

    static func all(in s: [Unicode.Scalar], _ range: Range<Int>) -> [Match] {
        var result: [Match] = []
        var i = range.lowerBound
        while i < range.upperBound {
            if opening.contains(s[i]), let m = match(s, bracket: i, limit: range) {
                result.append(m)
                i = m.range.upperBound
            } else { i += 1 }
        }
        return result
    }

    private static func match(_ s: [Unicode.Scalar], bracket: Int, limit: Range<Int>) -> Match? {
        let y = bracket + 1
        guard y + 5 < limit.upperBound, (y..<(y + 4)).allSatisfy({ CharClass.isDigit(s[$0]) }), closing.contains(s[y + 4]) else { return nil }
        var n = y + 5
        while n < limit.upperBound, n - (y + 5) < 5, CharClass.isDigit(s[n]) { n += 1 }
        guard n > y + 5, n < limit.upperBound, s[n] == "号" || s[n] == "號" else { return nil }
        var p = bracket
        while p > limit.lowerBound, bracket - p < 6, CharClass.isHan(s[p - 1]) { p -= 1 }
        guard p < bracket, prefixEndings.contains(s[bracket - 1]) else { return nil }
        let year = ChineseNumber.parseArabic(Array(s[y..<(y + 4)])) ?? 0
        let normalised = s.string(p..<bracket) + "〔" + s.string(y..<(y + 4)) + "〕" + s.string((y + 5)..<n) + "号"
        return Match(range: p..<(n + 1), normalised: normalised, year: year)
    }
}
