/// Recognises heading markers at the start of a line (`第一章`, `一、`, `（一）`, `1.`, `（1）`, `①`, `——`).
enum HeadingParser {
    enum Style: String, Sendable {
        case part, chapter, section, article, hanNumeral, parenHanNumeral, arabic, parenArabic, circled, dash
    }

    struct Match {
        var style: Style
        var ordinal: Int?
        /// Marker range, relative to the scanned text.
        var marker: Range<Int>
        /// Title range: up to the first full stop or colon, or the end of the line.
        var title: Range<Int>
        /// Whether the line holds nothing but the heading.
        var titleOnly: Bool
    }

    private static let maxTitle = 40

    /// Parses the line `s[start..<end]` (leading spaces allowed).
    static func parse(_ s: [Unicode.Scalar], _ start: Int, _ end: Int) -> Match? {
        var i = start
        while i < end, CharClass.isSpace(s[i]) { i += 1 }
        guard i < end, let (style, ordinal, markerEnd) = marker(s, i, end) else { return nil }
        var t = markerEnd
        while t < end, CharClass.isSpace(s[t]) || s[t] == ":" || s[t] == "：" { t += 1 }
        guard t < end else { return nil }
        var titleEnd = t
        while titleEnd < end, !"。.:：;；!！?？".unicodeScalars.contains(s[titleEnd]) { titleEnd += 1 }
        // A numbered sentence is not a heading: the title must be short or close with a full stop.
        if titleEnd - t > maxTitle { return nil }
        var trimmed = titleEnd
        while trimmed > t, CharClass.isSpace(s[trimmed - 1]) { trimmed -= 1 }
        guard trimmed > t, s[t..<trimmed].contains(where: CharClass.isHan) else { return nil }
        var rest = titleEnd
        while rest < end, CharClass.isSpace(s[rest]) || "。.:：".unicodeScalars.contains(s[rest]) { rest += 1 }
        return Match(style: style, ordinal: ordinal, marker: i..<markerEnd, title: t..<trimmed, titleOnly: rest >= end)
    }

    private static func marker(_ s: [Unicode.Scalar], _ i: Int, _ end: Int) -> (Style, Int?, Int)? {
        let c = s[i]
        if c == "第" {
            var j = i + 1
            while j < end, j - i <= 5, ChineseNumber.isNumeral(s[j]) || CharClass.isDigit(s[j]) { j += 1 }
            guard j > i + 1, j < end else { return nil }
            let number = Array(s[(i + 1)..<j])
            let ordinal = ChineseNumber.parse(number) ?? ChineseNumber.parseArabic(number)
            switch s[j] {
            case "章": return (.chapter, ordinal, j + 1)
            case "节", "節": return (.section, ordinal, j + 1)
            case "条", "條": return (.article, ordinal, j + 1)
            case "部" where j + 1 < end && s[j + 1] == "分": return (.part, ordinal, j + 2)
            default: return nil
            }
        }
        if ChineseNumber.isNumeral(c) {
            var j = i
            while j < end, j - i < 4, ChineseNumber.isNumeral(s[j]) { j += 1 }
            guard j < end, s[j] == "、" || s[j] == "．" else { return nil }
            return (.hanNumeral, ChineseNumber.parse(Array(s[i..<j])), j + 1)
        }
        if c == "(" || c == "（" {
            var j = i + 1
            while j < end, j - i <= 4, ChineseNumber.isNumeral(s[j]) || CharClass.isDigit(s[j]) { j += 1 }
            guard j > i + 1, j < end, s[j] == ")" || s[j] == "）" else { return nil }
            let inner = Array(s[(i + 1)..<j])
            if let n = ChineseNumber.parseArabic(inner), inner.count <= 2 { return (.parenArabic, n, j + 1) }
            if let n = ChineseNumber.parse(inner) { return (.parenHanNumeral, n, j + 1) }
            return nil
        }
        if CharClass.isDigit(c) {
            var j = i
            while j < end, CharClass.isDigit(s[j]) { j += 1 }
            guard j - i <= 2, j + 1 < end, ".．、".unicodeScalars.contains(s[j]), !CharClass.isDigit(s[j + 1]) else { return nil }
            return (.arabic, ChineseNumber.parseArabic(Array(s[i..<j])), j + 1)
        }
        if let n = ChineseNumber.circled(c) { return (.circled, n, i + 1) }
        if c == "—" || c == "-" {
            var j = i
            while j < end, s[j] == "—" || s[j] == "-" { j += 1 }
            guard j - i >= (c == "—" ? 1 : 2), j - i <= 3 else { return nil }
            return (.dash, nil, j)
        }
        return nil
    }
}
