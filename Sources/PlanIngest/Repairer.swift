/// Text repair before extraction: mojibake, pinyin readings, web chrome, private-use punctuation,
/// traditional → simplified, stray spaces and broken lines — each pass keeping the map to the original.
struct Repairer {
    struct Output {
        var text: MappedText
        var repairs: [Repair]
        var warnings: [Warning]
        var convertedFromTraditional: Bool
        /// Chrome lines that were removed, as they read in the original (page dates live there).
        var chromeLines: [String]
    }

    private let original: [Unicode.Scalar]
    /// False for a format that marks its paragraphs (DOCX): a line there is a paragraph, never a
    /// line broken by a web page's or a PDF's layout.
    private let joinsBrokenLines: Bool
    private var repairs: [Repair] = []
    private var warnings: [Warning] = []
    /// Samples kept per repair kind; counts are always complete.
    private static let sampleCap = 40

    init(original: [Unicode.Scalar], joinsBrokenLines: Bool = true) {
        self.original = original
        self.joinsBrokenLines = joinsBrokenLines
    }

    /// Runs the passes in order; each is linear in the text, so the budget is checked between them.
    mutating func run(budget: IngestBudget = .unlimited()) throws(IngestError) -> Output {
        var text = MappedText(original: original)
        text = repairMojibake(text)
        try budget.check()
        text = removePinyin(text)
        try budget.check()
        let (withoutChrome, chrome) = removeChrome(text)
        try budget.check()
        text = normaliseCharacters(withoutChrome)
        try budget.check()
        let (simplified, converted) = simplify(text)
        try budget.check()
        text = fixLayout(simplified)
        try budget.check()
        for i in 0..<text.count where CharClass.isPrivateUse(text.scalars[i]) {
            warnings.append(Warning(code: "privateUseCharacter", message: "unexplained private-use character U+\(String(text.scalars[i].value, radix: 16, uppercase: true)) kept", span: span(in: text, i, i + 1)))
        }
        let finalText = text
        repairs = repairs.map { repair in
            var r = repair
            r.samples = r.samples.map { sample in
                var sm = sample
                sm.span = Self.relocate(sample.span, in: finalText, keepLength: sample.after.unicodeScalars.count)
                return sm
            }
            return r
        }
        warnings = warnings.map { w in
            var w = w
            if let sp = w.span, sp.start == 0, sp.end == 0 { w.span = Self.relocate(sp, in: finalText, keepLength: nil) }
            return w
        }
        return Output(text: text, repairs: repairs, warnings: warnings, convertedFromTraditional: converted, chromeLines: chrome)
    }

    /// Spans recorded by early passes point into intermediate texts; find their place in the final one
    /// from their original range (origins grow monotonically along the text).
    private static func relocate(_ span: Span, in text: MappedText, keepLength: Int?) -> Span {
        func firstIndex(where predicate: (Int) -> Bool) -> Int {
            var lo = 0, hi = text.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if predicate(mid) { hi = mid } else { lo = mid + 1 }
            }
            return lo
        }
        let start = firstIndex { text.originEnd[$0] > span.originalStart }
        var end = firstIndex { text.originStart[$0] >= span.originalEnd }
        if let keep = keepLength { end = min(text.count, start + keep) }
        return Span(start: start, end: max(start, end), originalStart: span.originalStart, originalEnd: span.originalEnd)
    }

    // MARK: passes

    private mutating func repairMojibake(_ text: MappedText) -> MappedText {
        let outcome = MojibakeRepair(statisticsOf: text.scalars).repair(text)
        if !outcome.repaired.isEmpty {
            let samples = outcome.repaired.map { r in
                sample(before: text.scalars.string(r.range), after: r.after, originalRange: originRange(text, r.range))
            }
            record("mojibake", samples, "GBK mojibake re-encoded and decoded; `\u{FFFD}` marks characters the bytes do not determine")
        }
        if !outcome.unresolved.isEmpty {
            let samples = outcome.unresolved.map { r in
                sample(before: text.scalars.string(r), after: "", originalRange: originRange(text, r))
            }
            record("mojibakeUnresolved", samples, "mojibake whose original the bytes do not fully determine")
            for r in outcome.unresolved {
                let (lo, hi) = originRange(text, r)
                warnings.append(Warning(code: "mojibake", message: "damaged text not fully recoverable: \(text.scalars.string(r))",
                                        span: Span(start: 0, end: 0, originalStart: lo, originalEnd: hi)))
            }
        }
        return flagLeftoverDamage(outcome.text)
    }

    /// A `?` touching Han text is damage the bytes could not explain: drop a pinyin reading whose `(` it
    /// swallowed (`?tīng)`) and report the rest.
    private mutating func flagLeftoverDamage(_ text: MappedText) -> MappedText {
        let s = text.scalars
        var out = MappedText()
        out.reserve(s.count)
        var i = 0
        while i < s.count {
            out.copy(i, of: text)
            if s[i] == "?", (i > 0 && (CharClass.isHan(s[i - 1]) || s[i - 1] == ")")) || (i + 1 < s.count && CharClass.isHan(s[i + 1])) {
                let (lo, hi) = originRange(text, max(0, i - 2)..<min(s.count, i + 6))
                warnings.append(Warning(code: "mojibake", message: "damaged text left as found: \(original.string(lo..<hi))",
                                        span: Span(start: 0, end: 0, originalStart: lo, originalEnd: hi)))
                var k = i + 1
                var letters: [Unicode.Scalar] = []
                while k < s.count, k - i <= 7, PinyinAnnotation.isPinyinLetter(s[k]) { letters.append(s[k]); k += 1 }
                if k < s.count, s[k] == ")", PinyinAnnotation.hasToneMark(letters), PinyinAnnotation.isSyllable(letters) { i = k + 1; continue }
            }
            i += 1
        }
        return out
    }

    private mutating func removePinyin(_ text: MappedText) -> MappedText {
        let s = text.scalars
        // Toneless readings (`(de)`) only count in a document that evidently carries readings.
        var toned = 0
        var i = 0
        while i < s.count, toned < 3 {
            if i > 0, CharClass.isHan(s[i - 1]), let n = PinyinAnnotation.annotationLength(s, at: i, allowToneless: false) {
                toned += 1; i += n
            } else { i += 1 }
        }
        let allowToneless = toned >= 3
        var out = MappedText()
        out.reserve(s.count)
        var samples: [RepairSample] = []
        var count = 0
        i = 0
        while i < s.count {
            if i > 0, CharClass.isHan(s[i - 1]) || s[i - 1] == "\u{FFFD}",
               let n = PinyinAnnotation.annotationLength(s, at: i, allowToneless: allowToneless) {
                count += 1
                if samples.count < Self.sampleCap {
                    samples.append(removalSample(text, i..<(i + n), at: out.count))
                }
                i += n
                continue
            }
            out.copy(i, of: text)
            i += 1
        }
        if count > 0 { record("pinyinAnnotation", samples, "pinyin readings inserted after characters removed", count: count) }
        return out
    }

    private mutating func removeChrome(_ text: MappedText) -> (MappedText, [String]) {
        let s = text.scalars
        var out = MappedText()
        out.reserve(s.count)
        var samples: [RepairSample] = []
        var removed: [String] = []
        forEachLine(s) { start, end, next in
            if ChromeFilter.isChrome(s, start, end) {
                removed.append(s.string(start..<end))
                if samples.count < Self.sampleCap { samples.append(removalSample(text, start..<end, at: out.count)) }
            } else {
                for k in start..<next { out.copy(k, of: text) }
            }
        }
        if !removed.isEmpty { record("webChrome", samples, "web-page chrome lines removed", count: removed.count) }
        return (out, removed)
    }

    /// Fullwidth forms → ASCII, odd spaces → space, `\r` dropped, private-use between digits → `.`.
    private mutating func normaliseCharacters(_ text: MappedText) -> MappedText {
        let s = text.scalars
        var out = MappedText()
        out.reserve(s.count)
        var puaSamples: [RepairSample] = []
        for i in 0..<s.count {
            let c = s[i]
            var replacement: Unicode.Scalar? = c
            switch c.value {
            case 0xFF01...0xFF5E:
                // Keep CJK-style brackets and the ideographic comma family recognisable by the extractors.
                replacement = Unicode.Scalar(c.value - 0xFEE0)
            case 0x3000, 0x00A0, 0x2002, 0x2003, 0x2009: replacement = " "
            case 0x200B, 0xFEFF, 0x0D: replacement = nil
            default:
                if CharClass.isPrivateUse(c), i > 0, i + 1 < s.count, CharClass.isDigit(s[i - 1]), CharClass.isDigit(s[i + 1]) {
                    replacement = "."
                    puaSamples.append(sample(before: String(c), after: ".", originalRange: (text.originStart[i], text.originEnd[i]), at: out.count, length: 1))
                }
            }
            if let r = replacement { out.append(r, from: text.originStart[i], to: text.originEnd[i]) }
        }
        if !puaSamples.isEmpty {
            record("privateUseCharacter", puaSamples, "private-use character between digits read as a decimal point")
        }
        return out
    }

    /// OpenCC t2s line by line; where a line changes length, its characters map to the whole clause.
    private mutating func simplify(_ text: MappedText) -> (MappedText, Bool) {
        let s = text.scalars
        guard Simplifier.shared.isAvailable else {
            if s.contains(where: CharClass.isHan) {
                warnings.append(Warning(code: "openccUnavailable", message: "OpenCC t2s.json could not be opened; text kept as written", span: nil))
            }
            return (text, false)
        }
        var out = MappedText()
        out.reserve(s.count)
        var changed = 0, hanCount = 0
        var samples: [RepairSample] = []
        forEachLine(s) { start, end, next in
            let line = Array(s[start..<end])
            hanCount += line.filter(CharClass.isHan).count
            let converted = Simplifier.shared.convert(line.string(0..<line.count)).map { Array($0.unicodeScalars) } ?? line
            if converted.count == line.count {
                for k in 0..<line.count {
                    if converted[k] != line[k] {
                        changed += 1
                        if samples.count < Self.sampleCap {
                            samples.append(sample(before: String(line[k]), after: String(converted[k]),
                                                  originalRange: (text.originStart[start + k], text.originEnd[start + k]), at: out.count, length: 1))
                        }
                    }
                    out.append(converted[k], from: text.originStart[start + k], to: text.originEnd[start + k])
                }
            } else {
                changed += line.count
                let lo = start < end ? text.originStart[start] : 0, hi = start < end ? text.originEnd[end - 1] : 0
                for c in converted { out.append(c, from: lo, to: hi) }
                warnings.append(Warning(code: "simplificationLengthChanged", message: "OpenCC changed the length of a line; its characters map to the whole line", span: nil))
            }
            for k in end..<next { out.copy(k, of: text) }
        }
        if changed > 0 { record("traditionalToSimplified", samples, "traditional characters converted to simplified with OpenCC t2s (phrase dictionaries)", count: changed) }
        // A few variant characters change in any text; a traditional document changes many.
        return (out, changed * 50 > hanCount && changed > 0)
    }

    /// Trims lines, removes spaces inside CJK text (a tab or a wider gap separates table columns and becomes
    /// one tab), drops blank lines and joins lines broken mid-sentence, except the cells of a table.
    private mutating func fixLayout(_ text: MappedText) -> MappedText {
        let s = text.scalars
        var lines: [Range<Int>] = []
        var gaps: [Int] = []  // blank lines before each line
        var blank = 0
        var pageNumbers: [(range: Range<Int>, before: Int)] = []
        var pageSamples: [RepairSample] = []
        forEachLine(s) { start, end, _ in
            var a = start, b = end
            while a < b, CharClass.isSpace(s[a]) { a += 1 }
            while b > a, CharClass.isSpace(s[b - 1]) { b -= 1 }
            if a == b {
                blank += 1
            } else if Self.isPageNumber(s, a..<b) {
                // A page's number splits a paragraph that runs on over the page break: leave it out, and the
                // lines around it meet as if it had never been there.
                pageNumbers.append((a..<b, before: lines.count))
            } else {
                lines.append(a..<b); gaps.append(blank); blank = 0
            }
        }
        var out = MappedText()
        out.reserve(s.count)
        var spaceSamples: [RepairSample] = [], joinSamples: [RepairSample] = []
        var spaceCount = 0, joinCount = 0
        let cellLines = TableLayout.cellLines(s, lines)
        for (n, line) in lines.enumerated() {
            if n > 0 {
                if joinsBrokenLines, !cellLines.contains(n - 1), !cellLines.contains(n), shouldJoin(s, lines[n - 1], line, gap: gaps[n]) {
                    joinCount += 1
                    if joinSamples.count < Self.sampleCap {
                        joinSamples.append(removalSample(text, lines[n - 1].upperBound..<line.lowerBound, at: out.count))
                    }
                } else {
                    let at = lines[n - 1].upperBound
                    out.append("\n", from: text.originEnd[at - 1], to: text.originEnd[at - 1])
                }
            }
            for page in pageNumbers where page.before == n && pageSamples.count < Self.sampleCap {
                pageSamples.append(removalSample(text, page.range, at: out.count))
            }
            var k = line.lowerBound
            while k < line.upperBound {
                if CharClass.isSpace(s[k]) {
                    var e = k
                    while e < line.upperBound, CharClass.isSpace(s[e]) { e += 1 }
                    if TableLayout.isColumnGap(s, k..<e) {
                        out.append("\t", from: text.originStart[k], to: text.originEnd[e - 1])
                    } else if isStraySpace(left: s[k - 1], right: s[e]) {
                        spaceCount += 1
                        if spaceSamples.count < Self.sampleCap { spaceSamples.append(removalSample(text, k..<e, at: out.count)) }
                    } else {
                        out.append(" ", from: text.originStart[k], to: text.originEnd[e - 1])
                    }
                    k = e
                    continue
                }
                out.copy(k, of: text)
                k += 1
            }
        }
        if spaceCount > 0 { record("strayWhitespace", spaceSamples, "spaces inside Chinese text removed", count: spaceCount) }
        if joinCount > 0 { record("brokenLine", joinSamples, "lines broken inside a sentence joined", count: joinCount) }
        if !pageNumbers.isEmpty {
            record("pageNumber", pageSamples, "page numbers between lines removed", count: pageNumbers.count)
        }
        return out
    }

    /// `— 3 —`, `- 12 -`, `第 3 页`, `3 / 20`: a line holding nothing but a page's number.
    static func isPageNumber(_ s: [Unicode.Scalar], _ line: Range<Int>) -> Bool {
        let compact = s[line].filter { !CharClass.isSpace($0) }
        guard compact.count <= 12, compact.contains(where: CharClass.isDigit) else { return false }
        let digits = compact.filter(CharClass.isDigit).count
        let framing = compact.filter { "—-–－·/第页共".unicodeScalars.contains($0) }.count
        // Digits alone are a number in a table; a page number is framed.
        return digits + framing == compact.count && framing > 0 && digits <= 6
    }

    private func isStraySpace(left: Unicode.Scalar, right: Unicode.Scalar) -> Bool {
        let l = CharClass.isHan(left) || CharClass.isCJKPunctuation(left) || "、,;:()“”".unicodeScalars.contains(left)
        let r = CharClass.isHan(right) || CharClass.isCJKPunctuation(right) || "、,;:()“”".unicodeScalars.contains(right)
        return (l && (r || CharClass.isDigit(right))) || (r && CharClass.isDigit(left)) || (l && right == "%")
    }

    /// A line continues on the next when it stops mid-sentence and the next line is not a heading,
    /// a date or a document number. Short title lines join only short continuations.
    private func shouldJoin(_ s: [Unicode.Scalar], _ previous: Range<Int>, _ next: Range<Int>, gap: Int) -> Bool {
        guard let last = s[previous].last(where: { !CharClass.isSpace($0) }), let first = s[next].first else { return false }
        if CharClass.isLineEndPunctuation(last) { return false }
        if let heading = HeadingParser.parse(s, previous.lowerBound, previous.upperBound), heading.titleOnly { return false }
        if HeadingParser.parse(s, next.lowerBound, next.upperBound) != nil { return false }
        // An issuer's line and a date line (`海南省人民政府` / `二〇二一年九月`) stand under the title, apart.
        if Self.isDateLine(s, next) || Self.isDateLine(s, previous) || next.count <= 20 && DocumentFactsExtractor.endsLikeIssuer(s.string(next)) { return false }
        // A line of responsible units (`责任单位：…`) closes its task; the next line starts another.
        if ["单位:", "单位：", "主体:", "主体：", "部门:", "部门："].contains(where: { s.contains($0.scalars, in: previous) }) { return false }
        // A box's title (`专栏1 幼有所育基本公共服务项目`) stands on its own line.
        if s.matches("专栏".scalars, at: previous.lowerBound) { return false }
        // A line of nothing but short names apart by `、` (a 专栏 box's list of services) stands alone, unless
        // the list runs on (`…营养膳食` / `补助、普通高中国家助学金…`, a list wrapped in a PDF).
        if Self.isNameList(s, previous),
           !(next.lowerBound..<min(next.upperBound, next.lowerBound + 9)).contains(where: { s[$0] == "、" }) { return false }
        // `目录` / `目 录` heads a table of contents; it is never part of the title above it.
        if Self.isContentsLine(s, previous) || Self.isContentsLine(s, next) { return false }
        // A number broken over two lines (`保持在9` / `9.5%以上`) runs on; otherwise a digit starts a numbered line.
        if CharClass.isDigit(first), !(CharClass.isDigit(last) || last == ".") { return false }
        if first == "(" || first == "《" || first == "附" || first == "抄" { return false }
        if DocumentNumber.find(in: s, previous) != nil { return false }
        // A document number on its own line under the title.
        if next.count <= 24, DocumentNumber.find(in: s, next)?.range.lowerBound == next.lowerBound { return false }
        if previous.count <= 16, DocumentFactsExtractor.isoDate(s, previous) != nil { return false }
        // A notice title is complete (page headers repeat it just before the letterhead).
        if s.matches("通知".scalars, at: previous.upperBound - 2) { return false }
        let previousLength = previous.count, nextLength = next.count
        let midClause = last == "," || last == "、" || last == "，"
        if gap > 0 {
            // Only a long line cut mid-word survives a blank line.
            return gap <= 2 && previousLength >= 30 && (CharClass.isHan(last) || midClause) && CharClass.isHan(first)
        }
        if midClause { return true }
        return previousLength >= 30 || (nextLength <= 25 && previousLength <= 40)
    }

    // MARK: helpers

    /// `二〇二一年九月`, `2021年9月28日`: a line of nothing but a date.
    static func isDateLine(_ s: [Unicode.Scalar], _ line: Range<Int>) -> Bool {
        line.count <= 16 && s[line].contains("年") && s[line].allSatisfy { CharClass.isDigit($0) || ChineseNumber.isNumeral($0) || "〇零年月日 ".unicodeScalars.contains($0) }
    }

    static func isNameList(_ s: [Unicode.Scalar], _ line: Range<Int>) -> Bool {
        let parts = s[line].split(separator: "、")
        return parts.count >= 3 && parts.allSatisfy { $0.count >= 2 && $0.count <= 15 }
            && !s[line].contains { ",，;；:：".unicodeScalars.contains($0) || CharClass.isSentenceEnd($0) }
    }

    static func isContentsLine(_ s: [Unicode.Scalar], _ line: Range<Int>) -> Bool {
        s[line].filter { !CharClass.isSpace($0) } == Array("目录".unicodeScalars)
    }

    /// Calls `body(start, end, next)` for each line: `[start, end)` excludes the newline, `next` starts the following line.
    private func forEachLine(_ s: [Unicode.Scalar], _ body: (Int, Int, Int) -> Void) {
        var start = 0
        while start < s.count {
            var end = start
            while end < s.count, s[end] != "\n" { end += 1 }
            body(start, end, min(end + 1, s.count))
            start = end + 1
        }
    }

    private func originRange(_ text: MappedText, _ r: Range<Int>) -> (Int, Int) {
        text.originRange(r.lowerBound, r.upperBound, originalCount: original.count)
    }

    private func span(in text: MappedText, _ a: Int, _ b: Int) -> Span {
        let (lo, hi) = text.originRange(a, b, originalCount: original.count)
        return Span(start: a, end: b, originalStart: lo, originalEnd: hi)
    }

    /// A removal: empty range at `at` in the text being built, the removed range in the original.
    private func removalSample(_ text: MappedText, _ r: Range<Int>, at: Int) -> RepairSample {
        let (lo, hi) = originRange(text, r)
        return RepairSample(before: original.string(lo..<hi), after: "", span: Span(start: at, end: at, originalStart: lo, originalEnd: hi))
    }

    private func sample(before: String, after: String, originalRange: (Int, Int), at: Int = 0, length: Int = 0) -> RepairSample {
        RepairSample(before: before, after: after, span: Span(start: at, end: at + length, originalStart: originalRange.0, originalEnd: originalRange.1))
    }

    private mutating func record(_ kind: String, _ samples: [RepairSample], _ detail: String, count: Int? = nil) {
        repairs.append(Repair(kind: kind, count: count ?? samples.count, detail: detail, samples: samples))
    }
}
