/// Title, issuer, document number, dates, level and region, plan period and the documents the plan is based on.
struct DocumentFactsExtractor {
    let text: PlanText
    let outline: [OutlineBuilder.Heading]
    let chromeLines: [String]

    /// Lines before the first heading: the notice, the title and the preamble.
    private var headerLines: [Range<Int>] {
        let firstHeadingLine = outline.first?.line ?? min(text.lines.count, 30)
        let contents = OutlineBuilder.tableOfContents(text)
        // A chapter title (`第一章 规划背景`) or a table of contents is never the document's title or issuer.
        return text.lines.prefix(max(firstHeadingLine, min(text.lines.count, 3))).enumerated().filter { n, line in
            !contents.contains(n) && HeadingParser.parse(text.s, line.lowerBound, line.upperBound).map { $0.style != .chapter } ?? true
        }.map(\.element)
    }

    func extract(regions: (any RegionResolver)?) -> DocumentFacts {
        let header = Array(headerLines)
        let noticeLine = header.first { text.contains("关于印发".scalars, in: $0) || text.contains("关于".scalars, in: $0) && text.contains("的通知".scalars, in: $0) }
        let planTitle = title(header, notice: noticeLine)
        let issuer = issuerQuote(header, notice: noticeLine)
        let number = header.lazy.compactMap { line -> DocumentNumber.Match? in
            guard !text.contains("根据".scalars, in: line), !text.contains("依据".scalars, in: line) else { return nil }
            return DocumentNumber.find(in: text.s, line)
        }.first
        let period = planPeriod(planTitle?.text ?? "") ?? statedPeriod() ?? planPeriod(header.map(text.string).joined())
        let place = region(issuer?.text ?? "") ?? region(planTitle?.text ?? "")
        var level = place?.level, code: String?
        if let place, let regions, let resolved = regions.resolve(name: place.name, level: place.level, parentName: place.parent) {
            code = resolved.code
            level = resolved.level
        }
        return DocumentFacts(
            encoding: "", convertedFromTraditional: false, title: planTitle, issuer: issuer,
            documentNumber: number?.normalised, documentNumberQuote: number.map { text.quote($0.range) },
            signedDate: signedDate(header), publishedDate: publishedDate(),
            level: level, regionName: place?.name, regionCode: code,
            periodName: period?.name, periodStart: period?.start, periodEnd: period?.end,
            basedOn: basis(header), characterCount: text.count)
    }

    // MARK: title and issuer

    private static let planWords = Lit.list(["规划", "计划", "方案", "纲要", "清单", "意见", "办法"])

    private func title(_ header: [Range<Int>], notice: Range<Int>?) -> Quote? {
        let standalone = header.filter { line in
            line.count <= 60 && !text.contains("。".scalars, in: line) && !text.contains("通知".scalars, in: line)
                && Self.planWords.contains { text.contains($0, in: line) } && !text.contains("根据".scalars, in: line)
        }
        // `关于印发X的通知` names the plan; a standalone line with the same name is the better citation.
        if let notice, let yin = text.find("印发".scalars, in: notice), let tail = text.find("的通知".scalars, in: yin..<notice.upperBound) {
            var a = yin + 2, b = tail
            if a < b, text.s[a] == "《", text.s[b - 1] == "》" { a += 1; b -= 1 }
            let name = text.string(a..<b)
            if let line = standalone.first(where: { text.string($0).hasSuffix(name) || text.string($0).contains(name) }) { return text.quote(line) }
            if b > a { return text.quote(a..<b) }
        }
        return standalone.first.map { text.quote($0) }
    }

    private static let issuerEndings = ["人民政府办公室", "人民政府办公厅", "人民政府", "办公厅", "办公室", "委员会", "政府"]

    /// Whether `name` ends like an issuing office (`…人民政府`, `…办公室`); the repairer keeps such a line apart too.
    static func endsLikeIssuer(_ name: String) -> Bool { issuerEndings.contains { name.hasSuffix($0) } }

    private func issuerQuote(_ header: [Range<Int>], notice: Range<Int>?) -> Quote? {
        if let notice, let guanyu = text.find("关于".scalars, in: notice), guanyu > notice.lowerBound {
            var start = notice.lowerBound
            if let closing = text.s.findLast("》".scalars, from: notice.lowerBound, to: guanyu) { start = closing + 1 }
            if let dn = DocumentNumber.find(in: text.s, start..<guanyu) { start = dn.range.upperBound }
            if let open = text.s.findLast("《".scalars, from: start, to: guanyu) { start = open + 1 }
            let candidate = text.string(start..<guanyu)
            if Self.endsLikeIssuer(candidate) { return text.quote(start..<guanyu) }
        }
        for (k, line) in header.enumerated() where line.count <= 24 {
            let s = text.string(line)
            guard Self.endsLikeIssuer(s) else { continue }
            if k + 1 < header.count, date(in: header[k + 1]) != nil { return text.quote(line) }
        }
        if let line = header.first(where: { line in line.count <= 24 && Self.endsLikeIssuer(text.string(line)) }) {
            return text.quote(line)
        }
        return issuerInParenthesis(header) ?? signature()
    }

    /// `（2017年10月26日  黑龙江省人民政府  黑政发〔2017〕35号）` under the title: the cell naming an issuer.
    private func issuerInParenthesis(_ header: [Range<Int>]) -> Quote? {
        for line in header where line.count <= 60 && "(（".unicodeScalars.contains(text.s[line.lowerBound]) {
            for cell in TableLayout.cells(text.s, (line.lowerBound + 1)..<(line.upperBound - 1)) {
                let name = text.string(cell)
                if name.unicodeScalars.count <= 24, Self.endsLikeIssuer(name) { return text.quote(cell) }
            }
        }
        return nil
    }

    /// The signature after the body: an issuer's line followed by a date line, the last such pair (annexes
    /// may follow it).
    private func signature() -> Quote? {
        let lines = Array(text.lines.suffix(400))
        for k in stride(from: lines.count - 2, through: 0, by: -1) where lines[k].count <= 24 {
            if Self.endsLikeIssuer(text.string(lines[k])), lines[k + 1].count <= 20,
               date(in: lines[k + 1]) != nil {
                return text.quote(lines[k])
            }
        }
        return nil
    }

    /// `实施期为2022—2025年`, `规划期限为2021-2025年` in the first paragraphs: the period the plan states.
    private func statedPeriod() -> (name: String, start: Int, end: Int)? {
        for line in text.lines.prefix(40) {
            for word in ["实施期", "规划期", "期限为", "执行期"] {
                guard let at = text.find(word.scalars, in: line) else { continue }
                let window = at..<min(line.upperBound, at + word.unicodeScalars.count + 16)
                if let period = planPeriod(text.string(window)), period.name.contains("-") { return period }
            }
        }
        return nil
    }

    // MARK: region and level

    private struct Place { var name: String; var parent: String?; var level: String }

    private static let unitSuffixes: [(String, String)] = [
        ("特别行政区", "province"), ("自治区", "province"), ("省", "province"), ("自治州", "prefecture"), ("地区", "prefecture"),
        ("盟", "prefecture"), ("市", "prefecture"), ("自治县", "county"), ("县", "county"), ("区", "county"), ("旗", "county"),
    ]
    private static let municipalities = ["北京", "天津", "上海", "重庆"]

    /// The administrative units a name starts with: `遂宁市安居区人民政府办公室` → 遂宁市 ▸ 安居区.
    private func region(_ name: String) -> Place? {
        var rest = Substring(name)
        // `中共某市委`: the party committee names the place after its prefix; `市委` alone names none.
        for prefix in ["中国共产党", "中共"] where rest.hasPrefix(prefix) { rest = rest.dropFirst(prefix.count) }
        var units: [(String, String)] = []
        outer: while !rest.isEmpty, units.count < 3 {
            for length in 2...min(8, rest.count) {
                let head = rest.prefix(length)
                for (suffix, level) in Self.unitSuffixes where head.hasSuffix(suffix) && head.count > suffix.count {
                    // `区` ends 自治区 and 地区 too: take the longest suffix that fits.
                    units.append((String(head), level))
                    rest = rest.dropFirst(length)
                    // `宜昌市委 宜昌市人民政府`: after the party committee the government names the place again.
                    if rest.hasPrefix("委") {
                        rest = rest.dropFirst().drop { $0.isWhitespace }
                        if !rest.isEmpty { units.removeLast() }
                    }
                    continue outer
                }
            }
            break
        }
        guard var last = units.last else { return nil }
        if units.count == 1, Self.municipalities.contains(where: { last.0.hasPrefix($0) }) { last.1 = "province" }
        if units.count >= 2, last.1 == "prefecture", units[units.count - 2].1 == "prefecture" { last.1 = "county" }
        return Place(name: last.0, parent: units.count >= 2 ? units[units.count - 2].0 : nil, level: last.1)
    }

    // MARK: dates and period

    /// `2018年11月29日` or `2017-08-11` inside the range, as ISO.
    private func date(in r: Range<Int>) -> String? {
        Self.isoDate(text.s, r)
    }

    static func isoDate(_ s: [Unicode.Scalar], _ r: Range<Int>) -> String? {
        var i = r.lowerBound
        while i + 4 <= r.upperBound {
            if (i..<(i + 4)).allSatisfy({ CharClass.isDigit(s[$0]) }), i == r.lowerBound || !CharClass.isDigit(s[i - 1]),
               let year = ChineseNumber.parseArabic(Array(s[i..<(i + 4)])), (1949...2100).contains(year) {
                var j = i + 4
                guard j < r.upperBound, "年-/.".unicodeScalars.contains(s[j]) else { i += 1; continue }
                j += 1
                var m = j
                while m < r.upperBound, m - j < 2, CharClass.isDigit(s[m]) { m += 1 }
                guard m > j, m < r.upperBound, "月-/.".unicodeScalars.contains(s[m]), let month = ChineseNumber.parseArabic(Array(s[j..<m])) else { i += 1; continue }
                var d = m + 1
                let dayStart = d
                while d < r.upperBound, d - dayStart < 2, CharClass.isDigit(s[d]) { d += 1 }
                guard d > dayStart, let day = ChineseNumber.parseArabic(Array(s[dayStart..<d])), (1...12).contains(month), (1...31).contains(day) else { i += 1; continue }
                return String(format: "%04d-%02d-%02d", year, month, day)
            }
            i += 1
        }
        return nil
    }

    private func signedDate(_ header: [Range<Int>]) -> String? {
        for line in header where line.count <= 30 {
            if let d = date(in: line) { return d }
        }
        return nil
    }

    private func publishedDate() -> String? {
        for line in chromeLines {
            let s = line.scalars
            if let d = Self.isoDate(s, 0..<s.count) { return d }
        }
        return nil
    }

    /// `十三五` → 2016–2020 (five-year plans run 1966 + 5·(n − 3) onwards); explicit `2018-2020年` wins.
    private func planPeriod(_ title: String) -> (name: String, start: Int, end: Int)? {
        let s = title.scalars
        var i = 0
        while i < s.count {
            // `十N五`: the N-th five-year plan (11–19).
            if s[i] == "十", i + 2 < s.count, s[i + 2] == "五", let d = ChineseNumber.parse([s[i + 1]]), (1...9).contains(d) {
                let start = 1966 + 5 * (10 + d - 3)
                return (s.string(i..<(i + 3)), start, start + 4)
            }
            i += 1
        }
        // Explicit `(2018-2020年)`.
        i = 0
        while i + 9 <= s.count {
            if let a = ChineseNumber.parseArabic(Array(s[i..<(i + 4)])), "-—–~至".unicodeScalars.contains(s[i + 4]),
               let b = ChineseNumber.parseArabic(Array(s[(i + 5)..<(i + 9)])), (1949...2100).contains(a), b > a, b - a <= 15 {
                return ("\(a)-\(b)", a, b)
            }
            i += 1
        }
        // `沁源县2023年基本公共服务均等化工作要点`: a plan for one year.
        for word in ["工作要点", "工作计划", "年度计划", "年度实施方案", "年度工作方案"] where title.contains(word) {
            i = 0
            while i + 5 <= s.count {
                if s[i + 4] == "年", i == 0 || !CharClass.isDigit(s[i - 1]), let y = ChineseNumber.parseArabic(Array(s[i..<(i + 4)])),
                   (1949...2100).contains(y) {
                    return ("\(y)", y, y)
                }
                i += 1
            }
        }
        return nil
    }

    // MARK: basis documents

    private static let basisWords = Lit.list(["依据", "根据", "按照", "对接", "遵循", "贯彻"])

    private func basis(_ header: [Range<Int>]) -> [BasisDocument] {
        var result: [BasisDocument] = []
        for line in header {
            for sentence in text.sentences(in: line) {
                guard let keyword = Self.basisWords.compactMap({ text.find($0, in: sentence) }).min() else { continue }
                guard text.contains("《".scalars, in: keyword..<sentence.upperBound) else {
                    result += unbracketedTitles(after: keyword + 2, in: sentence)
                    continue
                }
                var i = keyword
                while let open = text.find("《".scalars, in: i..<sentence.upperBound) {
                    guard let close = matchingClose(open, limit: sentence.upperBound) else { break }
                    var end = close + 1
                    var number: String?
                    if end < sentence.upperBound, text.s[end] == "(" || text.s[end] == "（",
                       let dn = DocumentNumber.find(in: text.s, end..<min(sentence.upperBound, end + 24)), dn.range.lowerBound == end + 1 {
                        number = dn.normalised
                        end = min(sentence.upperBound, dn.range.upperBound + 1)
                    }
                    result.append(BasisDocument(title: text.string((open + 1)..<close), documentNumber: number, quote: text.quote(open..<end)))
                    i = end
                }
            }
        }
        return result
    }

    private static let documentWords = Lit.list(["规划纲要", "纲要", "规划", "意见", "通知", "方案", "计划", "办法", "条例", "标准", "清单", "决定"])
    private static let conjunctions = Lit.list(["以及", "和", "及", "与", "、"])

    /// `根据国家“十三五”推进基本公共服务均等化规划和…规划纲要的总体要求`: titles without 《》 end with a
    /// document word followed by a conjunction, `的` or the end of the clause. `…五年规划和二〇三五年远景目标纲要`
    /// is one title: a conjunction before a year continues it.
    private func unbracketedTitles(after start: Int, in sentence: Range<Int>) -> [BasisDocument] {
        let end = (start..<sentence.upperBound).first { ",，:：;；。".unicodeScalars.contains(text.s[$0]) } ?? sentence.upperBound
        var result: [BasisDocument] = []
        var titleStart = start, i = start
        while i < end {
            guard let word = Self.documentWords.first(where: { text.matches($0, at: i) && i + $0.count <= end }) else { i += 1; continue }
            i += word.count
            let conjunction = Self.conjunctions.first { text.matches($0, at: i) }
            let continues = conjunction.map { c in
                let next = i + c.count
                return next < end && (CharClass.isDigit(text.s[next]) || text.matches("二〇".scalars, at: next) || text.matches("二零".scalars, at: next))
            } ?? false
            guard i == end || text.s[i] == "的" || conjunction != nil, !continues else { continue }
            if i - titleStart >= 4 {
                result.append(BasisDocument(title: text.string(titleStart..<i), documentNumber: nil, quote: text.quote(titleStart..<i)))
            }
            guard let conjunction else { break }
            i += conjunction.count
            titleStart = i
        }
        return result
    }

    private func matchingClose(_ open: Int, limit: Int) -> Int? {
        var depth = 0
        for k in open..<limit {
            if text.s[k] == "《" { depth += 1 }
            if text.s[k] == "》" { depth -= 1; if depth == 0 { return k } }
        }
        return nil
    }
}

/// Attachments listed at the end (`附件：1.…  2.…`), numbered or not, with file extensions dropped.
struct AttachmentExtractor {
    let text: PlanText

    private static let extensions = [".xlsx", ".xls", ".docx", ".doc", ".pdf", ".wps", ".zip", ".rar"]

    func extract() -> [Attachment] {
        var result: [Attachment] = []
        var inList = false
        for line in text.lines {
            var start = line.lowerBound
            if text.matches("附件".scalars, at: start) {
                inList = true
                start += 2
            } else if !(inList && line.count <= 60 && CharClass.isDigit(text.s[start])) {
                inList = false
                continue
            }
            for item in items(start..<line.upperBound) where !result.contains(where: { $0.number == item.number && item.number != nil || $0.title == item.title }) {
                result.append(item)
            }
        }
        return result
    }

    /// `1:标题.docx 2.标题` → numbered entries.
    private func items(_ r: Range<Int>) -> [Attachment] {
        var entries: [(Int?, Range<Int>)] = []
        var i = r.lowerBound
        var current: (Int?, Int)? = nil
        while i < r.upperBound {
            let c = text.s[i]
            if CharClass.isDigit(c), i == r.lowerBound || !CharClass.isDigit(text.s[i - 1]) && !CharClass.isHan(text.s[i - 1]) || i == r.lowerBound {
                var j = i
                while j < r.upperBound, CharClass.isDigit(text.s[j]) { j += 1 }
                if j < r.upperBound, ".:、．:".unicodeScalars.contains(text.s[j]), j - i <= 2 {
                    if let cur = current { entries.append((cur.0, cur.1..<i)) }
                    current = (ChineseNumber.parseArabic(Array(text.s[i..<j])), j + 1)
                    i = j + 1
                    continue
                }
            }
            if current == nil, !":： ".unicodeScalars.contains(c) { current = (nil, i) }
            i += 1
        }
        if let cur = current { entries.append((cur.0, cur.1..<r.upperBound)) }
        return entries.compactMap { number, range in
            var a = range.lowerBound, b = range.upperBound
            while a < b, ": ：".unicodeScalars.contains(text.s[a]) { a += 1 }
            while b > a, CharClass.isSpace(text.s[b - 1]) || "。;".unicodeScalars.contains(text.s[b - 1]) { b -= 1 }
            var title = text.string(a..<b)
            for ext in Self.extensions where title.lowercased().hasSuffix(ext) { title.removeLast(ext.count) }
            guard title.unicodeScalars.contains(where: CharClass.isHan) else { return nil }
            return Attachment(number: number, title: title, quote: text.quote(range))
        }
    }
}
