/// Every number the plan commits to (`kind: target`) or reports as achieved (`kind: achievement`),
/// with indicator, comparator, unit, year, baseline and per-what.
struct TargetExtractor {
    let text: PlanText
    let outline: [OutlineBuilder.Heading]
    let tables: [TableReader.Table]
    let period: (start: Int?, end: Int?)

    private static let atLeast = Lit.list(["不低于", "不少于", "至少", "达到", "超过", "高于", "提高到", "提高至", "提升到", "提升至", "增加到", "增加至", "增长到", "上升到", "扩大到", "突破", "达", "增至", "升至", "提至", "≥", "≧", "＞", ">"])
    private static let atMost = Lit.list(["不超过", "不高于", "低于", "少于", "控制在", "降低到", "降低至", "下降到", "下降至", "降到", "减少到", "缩小到", "压缩到", "缩短到", "降至", "减至", "压减至", "压缩至", "缩短至", "缩小至", "≤", "≦", "＜", "<"])
    private static let steady = Lit.list(["稳定在", "保持在", "维持在", "标准为", "标准是", "保持"])
    /// Verbs that make a bare count a commitment (`建成5个`, `新增绿色社区82个`).
    private static let commitments = Lit.list([
        "建成", "新建", "建设", "改造", "打造", "培育", "引入", "引进", "完成", "新增", "实现", "配备", "办好", "设置", "支持", "扶持",
        "累计", "惠及", "救助", "开工", "纳入", "覆盖", "创建", "培养", "提高", "提升", "增长", "下降", "降低", "给予", "补助",
        "建立", "组建", "形成", "投入", "安排", "创办", "达", "力争", "争取", "确保", "提供", "资助", "招聘", "发放",
        "学会", "掌握", "提前", "延长", "改扩建", "扩建", "改建", "开设", "举办", "开展", "组织", "建好", "增加", "筹集", "加装",
        "帮助", "带动", "推进", "培训", "放映", "送", "开发", "实施",
    ])
    /// Verbs right before an amount in Chinese numerals that make it a commitment (`配备一名`, `至少有一人`);
    /// narrower than `commitments`, since `实现一个窗口` or `形成一张网` are figures of speech.
    private static let spelledLicences = Lit.list([
        "建立", "建设", "建成", "新建", "成立", "配备", "配置", "设置", "开展", "打造", "办好", "创建", "培育", "培养", "掌握",
        "学会", "有", "达到", "不少于", "不低于", "增加", "新增", "提供", "组建", "扶持", "支持", "提高", "降低", "超过", "至少",
    ])
    /// Words between such a verb and the amount (`至少打造一个`, `各配备一辆`).
    private static let spelledFillers = Lit.list(["都要", "要", "各", "再"])
    /// After an amount, words that make it an entitlement (`12年免费教育`).
    private static let entitlements = Lit.list(["免费", "免学费", "免除"])
    /// Headings of the goals section, whose targets default to the period's last year.
    private static let goalHeadings = Lit.list(["目标", "指标"])
    private static let pastPeriodHeadings = Lit.list(["发展基础", "发展成就", "主要成就", "取得成就", "发展现状", "现状", "回顾", "规划背景", "基础条件", "面临形势", "面临的形势", "取得的成效", "主要成效", "工作成效", "发展成效", "形势与挑战", "机遇和挑战", "机遇与挑战", "存在问题", "发展环境"])
    private static let changeVerbs = Lit.list(["提高到", "提高至", "提升到", "提升至", "增加到", "增长到", "上升到", "下降到", "降低到", "减少到", "扩大到", "缩小到"])
    private static let fillers = Lit.list(["其中", "力争", "争取", "确保", "实现", "使", "并", "且", "同时", "逐步", "全面", "均", "全市", "全区", "全省", "全县", "全州", "全盟", "我市", "我区", "我省", "我县", "以上", "之内"])

    /// Checks the budget for every line and sentence, and counts the targets as they are found,
    /// so a document of one sentence repeated a hundred thousand times stops at the limit.
    func extract(budget: IngestBudget = .unlimited()) throws(IngestError) -> [Target] {
        var targets: [Target] = []
        var tableAt: [Int: TableReader.Table] = [:]
        for table in tables where !table.lines.isEmpty { tableAt[table.lines.lowerBound] = table }
        var n = 0
        while n < text.lines.count {
            // Table rows are read by column, never as sentences.
            try budget.check()
            if let table = tableAt[n] {
                var found = tableTargets(table)
                // A project table's 建设内容 cells are sentences of their own (`新建业务用房3.2万平方米`).
                if table.isProjectTable, let column = table.roles.firstIndex(of: .content) {
                    for cell in table.rows.compactMap({ $0.cells[column] }) {
                        found += extract(sentence: cell, line: cell, scanner: QuantityScanner(text.s, line: cell), pastSection: false,
                                         paragraphYear: period.end)
                    }
                }
                try budget.count(found.count)
                targets += found
                n = max(n + 1, table.lines.upperBound)
                continue
            }
            let line = text.lines[n]
            defer { n += 1 }
            let scanner = QuantityScanner(text.s, line: line)
            let path = headingPath(of: n)
            let inPastSection = path.contains { h in Self.pastPeriodHeadings.contains { text.contains($0, in: h.titleRange) } }
            let inGoals = path.contains { h in Self.goalHeadings.contains { text.contains($0, in: h.titleRange) } }
            // A year stated at the head of the section (`到2025年，…`) governs its paragraphs; the goals of a plan
            // are for the end of its period unless they say otherwise.
            let sectionStart = path.last.map { text.lines[$0.line].lowerBound } ?? line.lowerBound
            let paragraphYear = governingYear(in: line, before: line.upperBound) ?? firstTargetYear(in: sectionStart..<line.lowerBound)
                ?? (inGoals ? period.end : nil)
            // A heading is a name, but a numbered goal (`1、基本公共卫生服务…比重保持在80%以上`) still commits to
            // what a comparator says.
            let headingOnly = outline.first(where: { $0.line == n })?.titleOnly == true
            for sentence in text.sentences(in: line) {
                var found = extract(sentence: sentence, line: line, scanner: scanner, pastSection: inPastSection, paragraphYear: paragraphYear)
                if headingOnly { found = found.filter { Self.comparingRules.contains($0.rule) } }
                try budget.count(found.count)
                targets += found
            }
        }
        return targets
    }

    private func extract(sentence: Range<Int>, line: Range<Int>, scanner: QuantityScanner, pastSection: Bool, paragraphYear: Int?) -> [Target] {
        let quantities = scanner.quantities(in: sentence)
        guard !quantities.isEmpty else { return [] }
        var result: [Target] = []
        var baselineFor: [Int: Baseline] = [:]
        var skipped = Set<Int>()
        pairBaselines(quantities, sentence: sentence, baselines: &baselineFor, skipped: &skipped)
        let quote = text.string(sentence)
        let sentenceSpan = text.span(sentence)
        var previous: (index: Int, comparator: String, verb: Int?)?
        for (k, q) in quantities.enumerated() where !skipped.contains(k) {
            // `1所6个班以上规模的幼儿园`: an amount right after another qualifies what the first counts —
            // except after a count of categories (`9大类28项服务`: both are counted).
            if k > 0, quantities[k - 1].range.upperBound == q.range.lowerBound, !Self.categoryUnits.contains(quantities[k - 1].unit) { continue }
            let clause = clauseRange(around: q.range, in: sentence)
            // A share (`百分之九十`, `三成`) needs no verb before it.
            if q.spelled, !Self.shareUnits.contains(q.unit), !isLicensed(q, clause: clause) { continue }
            // `59万人、60万人`: a listed value shares the comparator of the one before.
            let listed = previous.map { $0.index == k - 1 } == true && clause.contains(quantities[k - 1].range.lowerBound)
                && q.range.lowerBound > 0 && "、和及".unicodeScalars.contains(text.s[q.range.lowerBound - 1])
            guard let (comparator, verbStart, rule) = listed ? previous.map({ ($0.comparator, $0.verb, Rule.listedValue) })
                    : comparator(for: q, clause: clause) else { continue }
            var (indicator, borrowed) = indicatorPhrase(quantities: quantities, index: k, clause: clause, verbStart: verbStart, comparator: comparator, sentence: sentence, baselines: skipped)
            // `新建幼儿园5~7所、改扩建9~11所`: a bare verb after a listed count builds what the count before built.
            if previous != nil, Self.commitments.contains(indicator.scalars), let earlier = result.last,
               let verb = Self.commitments.first(where: { earlier.indicator.scalars.starts(with: $0) }), earlier.indicator.scalars.count > verb.count {
                indicator += String(earlier.indicator.unicodeScalars.dropFirst(verb.count))
            }
            previous = (k, comparator, verbStart)
            let statedYear = governingYear(in: sentence.lowerBound..<q.range.lowerBound, before: q.range.lowerBound)
            let achieved = isAchievement(q: q, clause: clause, sentence: sentence, pastSection: pastSection, statedYear: statedYear)
            var per = perPhrase(in: clause.lowerBound..<q.range.lowerBound) ?? borrowed.flatMap { perPhrase(in: $0) }
            if let suffix = q.perSuffix { per = "每" + suffix }
            let names = text.contains("分别".scalars, in: clause) ? [indicator] : sharedIndicators(indicator)
            let confidence = Self.confidence(of: rule, indicator: indicator, borrowed: borrowed != nil, quantity: q)
            result += names.map { name in Target(
                indicator: name, comparator: comparator, value: q.value, valueHigh: q.valueHigh, unit: q.unit, per: per,
                year: statedYear ?? (achieved ? nil : paragraphYear), baseline: baselineFor[k], kind: achieved ? "achievement" : "target",
                attribute: attribute(in: line), quote: quote, span: text.span(q.range), sentenceSpan: sentenceSpan,
                rule: rule.rawValue, confidence: confidence) }
        }
        return result
    }

    // MARK: indicator tables

    /// One target per row with a value in the target column: indicator, unit, baseline, year and attribute
    /// from their columns; the year is the column's (`2025年目标值`) or the end of the plan period.
    private func tableTargets(_ table: TableReader.Table) -> [Target] {
        if table.isProjectTable { return investmentTargets(table) }
        // Of several year columns (`2021年`, `2025年`, `2035年`), the one for the end of the plan's period is
        // the target; otherwise the table's own target column.
        let periodEnd = table.roles.indices.first { k in
            switch table.roles[k] { case .target(let y?), .baseline(let y?): return y == period.end; default: return false }
        }
        guard table.roles.contains(.indicator),
              let t = periodEnd ?? table.roles.firstIndex(where: { if case .target = $0 { return true }; return false }) else { return [] }
        let targetYear: Int? = switch table.roles[t] { case .target(let y), .baseline(let y): y; default: nil }
        let b = table.roles.firstIndex { if case .baseline = $0 { return true }; return false }
        var baselineYear: Int?
        if let b, case .baseline(let y) = table.roles[b] { baselineYear = y }
        return table.rows.compactMap { row in
            guard let name = table.cell(row, .indicator), let cell = row.cells[t], let v = cellValue(cell) else { return nil }
            // Without a unit column the unit is in the name: `学前教育毛入园率(%)`.
            let (indicator, unitInName) = nameAndUnit(name)
            let unit = table.cell(row, .unit).map(text.string) ?? unitInName ?? v.unit
            let baseline = b.flatMap { row.cells[$0] }.flatMap(cellValue).map { Baseline(year: baselineYear, value: $0.value) }
            let attribute = table.cell(row, .attribute).flatMap { a in text.contains("约束".scalars, in: a) ? "binding" : text.contains("预期".scalars, in: a) ? "expected" : nil }
            return Target(indicator: indicator, comparator: v.comparator, value: v.value, valueHigh: v.high, unit: unit,
                          per: perPhrase(in: name), year: targetYear ?? period.end, baseline: baseline, kind: "target",
                          attribute: attribute, quote: text.string(row.range), span: text.span(cell), sentenceSpan: text.span(row.range),
                          rule: Rule.indicatorTable.rawValue, confidence: 0.95)
        }
    }

    /// A project table's investment column: one target per project (`X总投资` = the cell, in the header's unit).
    private func investmentTargets(_ table: TableReader.Table) -> [Target] {
        guard let column = table.roles.firstIndex(of: .investment) else { return [] }
        let header = column < table.headers.count ? table.headers[column] : ""
        let unit = ["亿元", "万元", "元"].first { header.contains($0) } ?? "万元"
        return table.rows.compactMap { row in
            guard let name = table.cell(row, .item) ?? table.cell(row, .task), let cell = row.cells[column],
                  let v = cellValue(cell) else { return nil }
            return Target(indicator: text.string(name) + "总投资", comparator: v.comparator, value: v.value, valueHigh: v.high, unit: unit,
                          per: nil, year: period.end, baseline: nil, kind: "target", attribute: nil, quote: text.string(row.range),
                          span: text.span(cell), sentenceSpan: text.span(row.range), rule: Rule.indicatorTable.rawValue, confidence: 0.85)
        }
    }

    private func nameAndUnit(_ r: Range<Int>) -> (String, String?) {
        guard r.count > 3, text.s[r.upperBound - 1] == ")", let open = text.s.findLast("(".scalars, from: r.lowerBound, to: r.upperBound),
              r.upperBound - open <= 10, open > r.lowerBound else { return (text.string(r), nil) }
        return (text.string(r.lowerBound..<open), text.string((open + 1)..<(r.upperBound - 1)))
    }

    private static let cellComparators: [(String, String)] = [
        ("≥", ">="), ("≧", ">="), (">", ">="), ("＞", ">="), ("≤", "<="), ("≦", "<="), ("<", "<="), ("＜", "<="),
        ("以上", ">="), ("以下", "<="), ("以内", "<="), ("左右", "~"),
    ]

    /// `≥93`, `>96.5`, `≤18`, `95%以上`, `〔1〕` (a change over the period), `90-95`; nil for `—` and words.
    private func cellValue(_ r: Range<Int>) -> (value: Double, high: Double?, comparator: String, unit: String)? {
        var comparator = "="
        var i = r.lowerBound
        while i < r.upperBound, !CharClass.isDigit(text.s[i]) {
            if let mark = Self.cellComparators.first(where: { text.matches($0.0.scalars, at: i) }) { comparator = mark.1 }
            else if !"〔[［(（".unicodeScalars.contains(text.s[i]) && !CharClass.isSpace(text.s[i]) { return nil }
            i += 1
        }
        guard i < r.upperBound, let q = QuantityScanner.number(text.s, at: i, limit: r.upperBound) else { return nil }
        var end = q.end
        var high: Double?
        if end + 1 < r.upperBound, "-—–~～".unicodeScalars.contains(text.s[end]), let h = QuantityScanner.number(text.s, at: end + 1, limit: r.upperBound) {
            high = h.value
            end = h.end
        }
        var unit = ""
        if end < r.upperBound, text.s[end] == "%" || text.s[end] == "‰" { unit = String(text.s[end]); end += 1 }
        // `4.5个`, `82岁左右`, `〔175万人〕`: a table without a 单位 column writes the unit in the cell.
        else if let written = QuantityScanner.unit(in: text.s, at: end, limit: r.upperBound) { unit = written; end += written.unicodeScalars.count }
        for (word, symbol) in Self.cellComparators where text.matches(word.scalars, at: end) { comparator = symbol }
        return (q.value, high, comparator, unit)
    }

    // MARK: comparator

    /// The comparator from the verb before the number and the word after it; nil when the number is
    /// not committed to (no verb) or qualifies a noun (`3岁以下儿童`).
    private func comparator(for q: QuantityScanner.Quantity, clause: Range<Int>) -> (String, Int?, Rule)? {
        var comparator: String?
        var verbStart: Int?
        var best = nearestComparatorVerb(in: max(clause.lowerBound, q.range.lowerBound - 12)..<q.range.lowerBound)
        // `不低于当地农村居民人均消费支出的28%`: a share of a named base may stand far from its verb.
        if best == nil, q.range.lowerBound > clause.lowerBound, text.s[q.range.lowerBound - 1] == "的",
           let far = nearestComparatorVerb(in: clause.lowerBound..<q.range.lowerBound),
           !text.s[far.end..<q.range.lowerBound].contains(where: CharClass.isDigit) {
            best = far
        }
        // Bare numbers (`差异系数下降到0.3以下`) count only right after a comparator verb.
        if q.unit.isEmpty, best.map({ $0.end != q.range.lowerBound }) ?? true { return nil }
        var rule = Rule.comparatorVerb
        if let best { verbStart = best.start; comparator = best.symbol }
        var after = q.range.upperBound
        for (word, symbol) in [("及以上", ">="), ("以上", ">="), ("及以下", "<="), ("以下", "<="), ("以内", "<="), ("左右", "~"), ("之内", "<=")] {
            if text.matches(word.scalars, at: after) {
                after += word.unicodeScalars.count
                // `3岁以下儿童`, `100人以上的村`: the number qualifies what follows — unless a verb follows
                // (`90%以上达到`), a verb directly precedes (`创办1-2个以上的`), or it is a share (`70%以上的农村社区`).
                if after < clause.upperBound, CharClass.isHan(text.s[after]),
                   !(Self.atLeast + Self.commitments).contains(where: { text.matches($0, at: after) }),
                   !Self.shareUnits.contains(q.unit),
                   !Self.commitments.contains(where: { text.matches($0, at: q.range.lowerBound - $0.count) }) { return nil }
                if comparator == nil || comparator == "=" || symbol == "~" {
                    if comparator == nil { rule = .boundWord }
                    comparator = symbol
                }
                break
            }
        }
        if q.approximateAbove, comparator == nil || comparator == "=" { comparator = ">=" }
        // `改造面积约15万平方米`: about.
        if q.range.lowerBound > clause.lowerBound, text.s[q.range.lowerBound - 1] == "约", comparator == nil || comparator == "=" {
            return ("~", q.range.lowerBound - 1, rule)
        }
        // `建成15分钟健康服务圈`: the minutes name the circle, they are not an amount.
        if q.unit == "分钟", let circle = (q.range.upperBound..<min(clause.upperBound, q.range.upperBound + 8)).first(where: { text.s[$0] == "圈" }),
           (q.range.upperBound..<circle).allSatisfy({ CharClass.isHan(text.s[$0]) }) { return nil }
        // A spelled amount got here behind its verb (`isLicensed`).
        if comparator == nil, q.spelled { return ("=", nil, .spelledAmount) }
        if comparator == nil, isEntitlement(after: q.range.upperBound) || isShareOfNoun(q, clause: clause) || isFrontedObject(q, clause: clause) {
            return ("=", nil, .commitmentVerb)
        }
        // `每个街道（乡镇）有1所日间照料中心`, `各县均建有1所…医院`: a standard per unit, a floor.
        if comparator == nil, let verb = perUnitStandardVerb(before: q, clause: clause) { return ("=", verb, .perUnitStandard) }
        // `每村每月放映1场`, `每年培训农村劳动力1万人次`: an amount for each unit or period, closing its clause.
        if comparator == nil, let at = perUnitAmount(q, clause: clause) { return ("=", at, .perUnitStandard) }
        if comparator == nil {
            rule = .commitmentVerb
            // `全市建成…示范性托育机构10家`: an amount closing its clause takes the clause's verb, however far back.
            // So does a count that only its noun follows after a list (`建设A、B等4个平台`).
            let closesClause = !(after..<clause.upperBound).contains { CharClass.isHan(text.s[$0]) }
                || q.range.lowerBound > clause.lowerBound && text.s[q.range.lowerBound - 1] == "等"
                && !(after..<clause.upperBound).contains { i in Self.commitments.contains { text.matches($0, at: i) } }
            let wide = (closesClause ? clause.lowerBound : max(clause.lowerBound, q.range.lowerBound - 20))..<q.range.lowerBound
            // The verb nearest the amount; of verbs ending together the longest (`改扩建` over `扩建`).
            let found = Self.commitments.compactMap { verb in
                text.s.findLast(verb, from: wide.lowerBound, to: wide.upperBound).map { (start: $0, end: $0 + verb.count) }
            }
            guard let nearest = found.max(by: { $0.end != $1.end ? $0.end < $1.end : $0.start > $1.start }) else { return nil }
            verbStart = nearest.start
            comparator = "="
        }
        return comparator.map { ($0, verbStart, rule) }
    }

    /// Start of the clause's `每…` phrase when the amount follows it with only words between and closes the
    /// clause (or only its noun follows): `每村每月放映1场`, `农村电影放映每村每月1场`.
    private func perUnitAmount(_ q: QuantityScanner.Quantity, clause: Range<Int>) -> Int? {
        guard let mei = text.s.findLast("每".scalars, from: max(clause.lowerBound, q.range.lowerBound - 14), to: q.range.lowerBound),
              (mei..<q.range.lowerBound).allSatisfy({ CharClass.isHan(text.s[$0]) }) else { return nil }
        var after = q.range.upperBound
        while after < clause.upperBound, CharClass.isHan(text.s[after]), after - q.range.upperBound < 12 { after += 1 }
        guard after == clause.upperBound else { return nil }
        return mei
    }

    /// Verbs of having, which commit to an amount only as a standard for each unit (`每个…`, `各…均…`).
    private static let havingVerbs = Lit.list(["建有", "拥有", "设有", "配有", "有"])

    /// Start of `有`/`建有`/`拥有` right before the amount (or before its noun: `拥有养老床位35张`) in a clause
    /// that sets a standard for each unit: one that opens with `每` or `各`, or `均` right before the verb.
    private func perUnitStandardVerb(before q: QuantityScanner.Quantity, clause: Range<Int>) -> Int? {
        let head = clause.lowerBound..<q.range.lowerBound
        var first = head.lowerBound
        while first < head.upperBound, !CharClass.isHan(text.s[first]) { first += 1 }
        let eachUnit = first < head.upperBound && (text.s[first] == "每" || text.s[first] == "各")
        for verb in Self.havingVerbs {
            guard let at = text.s.findLast(verb, from: head.lowerBound, to: head.upperBound) else { continue }
            guard eachUnit || at > head.lowerBound && "均都".unicodeScalars.contains(text.s[at - 1]) else { return nil }
            // Only Han characters (the noun) between the verb and the amount, and not many.
            let between = (at + verb.count)..<q.range.lowerBound
            guard between.count <= 10, between.allSatisfy({ CharClass.isHan(text.s[$0]) }) else { continue }
            // `没有`, `还有`, `只有` do not set a standard.
            if verb.count == 1, at > 0, "没还只所具".unicodeScalars.contains(text.s[at - 1]) { continue }
            return at
        }
        return nil
    }

    /// The comparator verb in `r` ending closest to its end; at equal ends the longer one (`不低于` over `低于`).
    private func nearestComparatorVerb(in r: Range<Int>) -> (start: Int, end: Int, symbol: String)? {
        var best: (start: Int, end: Int, symbol: String)?
        for (list, symbol) in [(Self.atLeast, ">="), (Self.atMost, "<="), (Self.steady, "=")] {
            for verb in list {
                guard let at = text.s.findLast(verb, from: r.lowerBound, to: r.upperBound) else { continue }
                let candidate = (start: at, end: at + verb.count, symbol: symbol)
                if let b = best, b.end > candidate.end || b.end == candidate.end && b.start <= candidate.start { continue }
                best = candidate
            }
        }
        return best
    }

    /// An amount in Chinese numerals counts only right after a verb that commits to it, at the end of a clause
    /// such a verb opens (`新建幼儿园十所`), or as an entitlement.
    private func isLicensed(_ q: QuantityScanner.Quantity, clause: Range<Int>) -> Bool {
        var k = q.range.lowerBound
        if k > 0, text.s[k - 1] == "“" { k -= 1 }
        while let filler = Self.spelledFillers.first(where: { text.matches($0, at: k - $0.count) }) { k -= filler.count }
        if Self.spelledLicences.contains(where: { text.matches($0, at: k - $0.count) }) || isEntitlement(after: q.range.upperBound) { return true }
        var after = q.range.upperBound
        for word in ["以上", "左右"] where text.matches(word.scalars, at: after) { after += 2 }
        return after == clause.upperBound && Self.spelledLicences.contains { text.find($0, in: clause.lowerBound..<q.range.lowerBound) != nil }
    }

    /// `12年免费教育`, `“十五年”免学费教育`.
    private func isEntitlement(after i: Int) -> Bool {
        let j = i < text.count && text.s[i] == "”" ? i + 1 : i
        return Self.entitlements.contains { text.matches($0, at: j) }
    }

    /// `70%的村卫生室具备…`: a share of what follows is committed to by the clause (`占全省30%的人口` describes).
    private func isShareOfNoun(_ q: QuantityScanner.Quantity, clause: Range<Int>) -> Bool {
        Self.shareUnits.contains(q.unit) && ["的", "以上的"].contains { text.matches($0.scalars, at: q.range.upperBound) }
            && !text.contains("占".scalars, in: clause.lowerBound..<q.range.lowerBound)
    }

    /// `将817套人才公寓用房纳入…`, `为100名以上残疾儿童提供…`: the object comes first and the verb after it.
    private func isFrontedObject(_ q: QuantityScanner.Quantity, clause: Range<Int>) -> Bool {
        q.range.lowerBound > clause.lowerBound && "将为".unicodeScalars.contains(text.s[q.range.lowerBound - 1])
            && Self.commitments.contains { text.find($0, in: q.range.upperBound..<clause.upperBound) != nil }
    }

    private static let basic = "基本".scalars
    /// Rules that read a comparison, the only ones a heading's numbers are read by.
    private static let comparingRules: Set<String> = [Rule.comparatorVerb.rawValue, Rule.boundWord.rawValue, Rule.listedValue.rawValue,
                                                      Rule.perUnitStandard.rawValue]
    /// Units that count categories; the count after them is counted too (`9大类28项服务`).
    /// After `YYYY年`, words that make the year date a noun (`2000年底前建成的`, `2015年以前建设的`).
    private static let datingWords = Lit.list(["底前建成", "底以前建成", "以前建成", "前建成", "以前建设", "底前建设"])
    private static let categoryUnits: Set<String> = ["大类", "类"]

    /// Why a target was proposed; the review page names each rule and sorts by confidence.
    enum Rule: String {
        /// A row of an indicator table.
        case indicatorTable = "target.indicatorTable"
        /// A comparator verb before the amount (`达到`, `不低于`, `控制在`).
        case comparatorVerb = "target.comparatorVerb"
        /// A bound word after the amount (`95%以上`, `5‰以下`).
        case boundWord = "target.boundWord"
        /// A verb that commits to a count (`新建5所`, `建设…等4个平台`).
        case commitmentVerb = "target.commitmentVerb"
        /// A standard for each unit (`每个街道有1所`).
        case perUnitStandard = "target.perUnitStandard"
        /// An amount in Chinese numerals behind a committing verb (`配备一名`).
        case spelledAmount = "target.spelledAmount"
        /// A value listed after another, sharing its comparator (`分别达到5%、7%`).
        case listedValue = "target.listedValue"
    }

    /// Rules read numbers with different certainty; a missing or borrowed indicator name, or a long one
    /// that probably swallowed a clause, makes a proposal more doubtful.
    static func confidence(of rule: Rule, indicator: String, borrowed: Bool, quantity: QuantityScanner.Quantity) -> Double {
        var c: Double = switch rule {
        case .indicatorTable: 0.95
        case .comparatorVerb: 0.9
        case .boundWord, .listedValue: 0.85
        case .perUnitStandard: 0.8
        case .commitmentVerb: 0.7
        case .spelledAmount: 0.6
        }
        let length = indicator.unicodeScalars.count
        if length < 2 { c -= 0.3 } else if length > 24 { c -= 0.15 }
        if borrowed { c -= 0.1 }
        return max(0.1, (c * 100).rounded() / 100)
    }
    private static let shareUnits: Set<String> = ["%", "‰", "成"]
    private static let trailingFillers = Lit.list(["累计", "均", "将", "要", "需", "都"])
    private static let indicatorEndings = Lit.list(["率", "比例", "占比", "比重", "人数", "数", "数量", "面积", "指数", "寿命"])

    private func hasIndicatorEnding(_ phrase: String) -> Bool {
        let p = phrase.scalars
        return Self.indicatorEndings.contains { p.count > $0.count && Array(p.suffix($0.count)) == $0 }
    }

    /// `媒体数字化率、融合率达到100%`, `失业保险、工伤保险参保人数达到…`: several indicators sharing one value.
    private func sharedIndicators(_ phrase: String) -> [String] {
        var raw = phrase.split(separator: "、").map(String.init)
        // `孕产妇系统管理率和3岁以下儿童系统管理率`: 和 joins two whole indicators.
        raw = raw.flatMap { part -> [String] in
            let halves = part.components(separatedBy: "和")
            return halves.count == 2 && halves.allSatisfy(hasIndicatorEnding) ? halves : [part]
        }
        // `州、县、乡、村五级…达标率` (one-character places) and `医疗、康复、教育和社会工作一体化服务覆盖率` (a list
        // closed by 和 that modifies one noun) name one indicator.
        guard raw.count > 1, raw.allSatisfy({ $0.unicodeScalars.count >= 2 }),
              let last = raw.last, !last.contains(where: { "和及与".contains($0) }) else { return [phrase] }
        let parts = completed(raw)
        guard parts.allSatisfy(hasIndicatorEnding) else { return [phrase] }
        return parts
    }

    /// `失业保险、工伤保险参保人数` → `失业保险参保人数`, `工伤保险参保人数`: a part without an indicator's ending
    /// takes the last part's tail after the word both end with, else after as many characters as it has.
    private func completed(_ parts: [String]) -> [String] {
        guard let last = parts.last, parts.count > 1, hasIndicatorEnding(last) else { return parts }
        let l = last.scalars
        return parts.dropLast().map { part -> String in
            let p = part.scalars
            guard !hasIndicatorEnding(part), l.count > p.count else { return part }
            for k in stride(from: min(p.count, l.count - 1), through: 2, by: -1) {
                if let at = l.find(Array(p.suffix(k))), at + k < l.count { return part + l.string((at + k)..<l.count) }
            }
            return part + l.string(p.count..<l.count)
        } + [last]
    }

    // MARK: indicator

    private func clauseRange(around r: Range<Int>, in sentence: Range<Int>) -> Range<Int> {
        var a = r.lowerBound, b = r.upperBound
        while a > sentence.lowerBound, !",，;；:：".unicodeScalars.contains(text.s[a - 1]) { a -= 1 }
        while b < sentence.upperBound, !",，;；。".unicodeScalars.contains(text.s[b]) { b += 1 }
        return a..<b
    }

    /// Text between the clause start and the comparator verb, without years and fillers. With `分别`,
    /// the i-th of several values takes the i-th listed indicator.
    private func indicatorPhrase(quantities: [QuantityScanner.Quantity], index k: Int, clause: Range<Int>, verbStart: Int?, comparator: String, sentence: Range<Int>, baselines: Set<Int>) -> (String, borrowed: Range<Int>?) {
        let q = quantities[k]
        // A count after a verb names what it counts: `办好1-2所区级公立医院` → 区级公立医院.
        let isShare = Self.shareUnits.contains(q.unit)
        let isCount = !isShare && !["个百分点", "岁", "年"].contains(q.unit)
        // `70%以上的农村社区`: the share is of what follows.
        let shareOfNoun = isShare && ["以上的", "以下的", "的"].contains { text.matches($0.scalars, at: q.range.upperBound) }
        // `新建幼儿园5~7所、改扩建9~11所`: the second phrase starts after the first amount.
        var phraseStart = clause.lowerBound
        if let earlier = quantities.last(where: { clause.contains($0.range.lowerBound) && $0.range.upperBound < (verbStart ?? q.range.lowerBound) }),
           text.s[earlier.range.upperBound] == "、", !text.contains("分别".scalars, in: clause) {
            phraseStart = earlier.range.upperBound + 1
        }
        if comparator == "=" || isCount || shareOfNoun, !isBetweenListed(quantities, k, clause) {
            if let noun = nounAfter(q.range.upperBound, clause: clause) { return (noun, nil) }
            // `拥有养老床位35张`: the noun stands between the verb and the amount.
            if let verb = verbStart, let having = Self.havingVerbs.first(where: { text.matches($0, at: verb) }),
               verb + having.count + 2 <= q.range.lowerBound {
                return (cleaned((verb + having.count)..<q.range.lowerBound), nil)
            }
            if comparator == "=", !cleaned(phraseStart..<q.range.lowerBound).isEmpty { return (cleaned(phraseStart..<q.range.lowerBound), nil) }
        }
        var end = verbStart ?? q.range.lowerBound
        var start = phraseStart
        // In a list of values (`59万人、60万人`) the phrase is the one before the first value.
        if let first = quantities.first(where: { clause.contains($0.range.lowerBound) }), first.range.lowerBound < q.range.lowerBound,
           text.s[first.range.upperBound..<q.range.lowerBound].allSatisfy({ $0 == "、" || $0 == "和" }) || isBetweenListed(quantities, k, clause) {
            end = min(end, text.s.findLast("分别".scalars, from: clause.lowerBound, to: first.range.lowerBound) ?? first.range.lowerBound)
            if let v = (clause.lowerBound..<first.range.lowerBound).last(where: { isVerbStart($0) }) { end = min(end, v) }
        }
        if let fenbie = text.s.findLast("分别".scalars, from: clause.lowerBound, to: end) { end = fenbie }
        var phrase = cleaned(start..<end)
        var borrowed: Range<Int>?
        if phrase.isEmpty, let prev = previousClause(before: clause.lowerBound, in: sentence) {
            start = prev.lowerBound
            let verb = prev.first(where: isVerbStart) ?? prev.upperBound
            phrase = cleaned(prev.lowerBound..<verb)
            borrowed = prev
        }
        // `A、B分别达到X、Y`
        if text.contains("分别".scalars, in: clause) {
            let fenbie = text.find("分别".scalars, in: clause) ?? clause.lowerBound
            let values = quantities.enumerated().filter { $0.element.range.lowerBound > fenbie && clause.contains($0.element.range.lowerBound)
                && !baselines.contains($0.offset) }
            let parts = completed(phrase.split(whereSeparator: { $0 == "、" }).map(String.init))
            if parts.count == values.count, let position = values.firstIndex(where: { $0.offset == k }) {
                return (parts[position], borrowed)
            }
        }
        return (phrase, borrowed)
    }

    /// The noun phrase right after a count, up to the clause end or the next verb-like break.
    private func nounAfter(_ i: Int, clause: Range<Int>) -> String? {
        var a = i
        for word in ["及以上", "以上", "及以下", "以下", "以内", "左右"] where text.matches(word.scalars, at: a) { a += word.unicodeScalars.count; break }
        while a < clause.upperBound, "的/".unicodeScalars.contains(text.s[a]) || CharClass.isSpace(text.s[a]) { a += 1 }
        var b = a, depth = 0
        // `县(市、区)`: a list inside brackets stays part of the noun.
        while b < clause.upperBound, CharClass.isHan(text.s[b]) || "()（）“”".unicodeScalars.contains(text.s[b]) || depth > 0 && text.s[b] == "、" {
            if b > a, depth == 0, "和及与".unicodeScalars.contains(text.s[b]) { break }
            if text.s[b] == "(" || text.s[b] == "（" { depth += 1 } else if text.s[b] == ")" || text.s[b] == "）" { depth = max(0, depth - 1) }
            b += 1
        }
        guard b - a >= 2 else { return nil }
        let noun = cleaned(a..<b)
        return noun.isEmpty ? nil : noun
    }

    private func isBetweenListed(_ quantities: [QuantityScanner.Quantity], _ k: Int, _ clause: Range<Int>) -> Bool {
        guard k > 0 else { return false }
        let gap = quantities[k - 1].range.upperBound..<quantities[k].range.lowerBound
        return clause.contains(quantities[k - 1].range.lowerBound) && gap.count <= 1 && gap.allSatisfy { text.s[$0] == "、" }
    }

    private func isVerbStart(_ i: Int) -> Bool {
        (Self.atLeast + Self.atMost + Self.steady).contains { text.matches($0, at: i) }
    }

    private func previousClause(before start: Int, in sentence: Range<Int>) -> Range<Int>? {
        guard start - 1 > sentence.lowerBound else { return nil }
        var a = start - 1
        while a > sentence.lowerBound, !",，;；:：".unicodeScalars.contains(text.s[a - 1]) { a -= 1 }
        return a..<(start - 1)
    }

    /// Strips year expressions (`到2025年`), leading fillers and edge punctuation.
    private func cleaned(_ r: Range<Int>) -> String {
        var a = r.lowerBound, b = r.upperBound
        var changed = true
        while changed, a < b {
            changed = false
            while a < b, CharClass.isSpace(text.s[a]) || "、,，“”\"()".unicodeScalars.contains(text.s[a]) { a += 1; changed = true }
            if let y = yearExpression(at: a, limit: b) { a = y; changed = true }
            for f in Self.fillers where text.matches(f, at: a) && a + f.count <= b { a += f.count; changed = true; break }
            // `基本实现…` is an adverb; `基本养老保险` a name.
            if text.matches(Self.basic, at: a), Self.commitments.contains(where: { text.matches($0, at: a + 2) }) { a += 2; changed = true }
        }
        // `比2020年提高`, `由2015年的83.2%`: the comparison is not part of the indicator.
        if let cut = (a..<b).first(where: { "比由从较".unicodeScalars.contains(text.s[$0]) && $0 + 1 < b && (CharClass.isDigit(text.s[$0 + 1]) || "“\"上去".unicodeScalars.contains(text.s[$0 + 1])) }) {
            b = cut
        }
        while b > a, CharClass.isSpace(text.s[b - 1]) || "、,，“(".unicodeScalars.contains(text.s[b - 1]) { b -= 1 }
        while let tail = Self.trailingFillers.first(where: { b - $0.count > a && text.matches($0, at: b - $0.count) }) { b -= tail.count }
        if b > a, text.s[b - 1] == "的" { b -= 1 }
        return text.string(a..<b)
    }

    /// End of `到2025年`, `2020年底前`, `至2025年` starting at `i`.
    private func yearExpression(at i: Int, limit: Int) -> Int? {
        var j = i
        if j < limit, "到至在于".unicodeScalars.contains(text.s[j]) { j += 1 }
        guard j + 5 <= limit, (j..<(j + 4)).allSatisfy({ CharClass.isDigit(text.s[$0]) }), text.s[j + 4] == "年" else { return nil }
        j += 5
        for tail in ["底前", "年底", "末", "底", "前", "时", "内"] where text.matches(tail.scalars, at: j) { j += tail.unicodeScalars.count; break }
        return j
    }

    // MARK: year, kind, per, baseline

    /// The last `YYYY年` in `r` that is not a baseline (`由2015年的`) — the year governing what follows.
    private func governingYear(in r: Range<Int>, before limit: Int) -> Int? {
        var found: Int?
        var i = r.lowerBound
        while i + 5 <= min(r.upperBound, limit) {
            if (i..<(i + 4)).allSatisfy({ CharClass.isDigit(text.s[$0]) }), i == 0 || !CharClass.isDigit(text.s[i - 1]), text.s[i + 4] == "年",
               let y = ChineseNumber.parseArabic(Array(text.s[i..<(i + 4)])), (1949...2100).contains(y),
               !(i > 0 && (text.s[i - 1] == "-" || text.s[i - 1] == "—")), !(i + 5 < text.count && "-—".unicodeScalars.contains(text.s[i + 5])) {
                let isBaseline = i > 0 && "由从比较".unicodeScalars.contains(text.s[i - 1])
                // `2000年底前建成的城镇老旧小区`: a year that dates what is counted governs nothing.
                let datesANoun = Self.datingWords.contains { text.matches($0, at: i + 5) }
                if !isBaseline, !datesANoun { found = y }
                i += 5
            } else { i += 1 }
        }
        return found
    }

    /// The first `到YYYY年` in `r`.
    private func firstTargetYear(in r: Range<Int>) -> Int? {
        guard let at = text.find("到".scalars, in: r) ?? nil else { return nil }
        var i = at
        while let k = text.find("到".scalars, in: i..<r.upperBound) {
            if k + 6 <= r.upperBound, text.s[k + 5] == "年", let y = ChineseNumber.parseArabic(Array(text.s[(k + 1)..<(k + 5)])), (1949...2100).contains(y) { return y }
            i = k + 1
        }
        return nil
    }

    private func isAchievement(q: QuantityScanner.Quantity, clause: Range<Int>, sentence: Range<Int>, pastSection: Bool, statedYear: Int?) -> Bool {
        if pastSection { return true }
        if let start = period.start, let y = statedYear, y < start { return true }
        let before = clause.lowerBound..<q.range.lowerBound
        if text.contains("已".scalars, in: before) || text.contains("累计".scalars, in: sentence.lowerBound..<q.range.lowerBound) && statedYear == nil && period.start == nil { return true }
        // `“十二五”时期…` in a plan for a later period describes the past.
        if let start = period.start, let name = periodMentioned(in: sentence.lowerBound..<q.range.lowerBound), name < start { return true }
        return false
    }

    /// Start year of a `十N五` mentioned with 时期/期间/末 in `r`.
    private func periodMentioned(in r: Range<Int>) -> Int? {
        var i = r.lowerBound
        while i + 3 <= r.upperBound {
            if text.s[i] == "十", text.s[i + 2] == "五", let d = ChineseNumber.parse([text.s[i + 1]]), (1...9).contains(d) {
                var j = i + 3
                if j < r.upperBound, text.s[j] == "”" || text.s[j] == "\"" { j += 1 }
                if ["时期", "期间", "末", "以来"].contains(where: { text.matches($0.scalars, at: j) }) { return 1966 + 5 * (10 + d - 3) }
            }
            i += 1
        }
        return nil
    }

    private static let perEndings = Lit.list(["常住人口", "人口", "老年人", "儿童", "居民", "学生", "乡镇", "街道", "社区", "行政村", "村", "县", "区", "学校", "人", "名", "户", "年", "家", "所"])

    /// `每千人口`, `每个乡镇`, `每万人`, `每生每年`.
    private func perPhrase(in r: Range<Int>) -> String? {
        guard let at = text.s.findLast("每".scalars, from: r.lowerBound, to: r.upperBound) else { return nil }
        // The phrase runs over Han characters (and one bracketed group); the longest known ending wins.
        var limit = at + 1
        // Digits only right after 每 (`每3-10万居民`); later they start the counted value.
        var sawHan = false
        while limit < min(r.upperBound, at + 10) {
            let c = text.s[limit]
            if CharClass.isHan(c) { sawHan = true } else if sawHan || !(CharClass.isDigit(c) || "-—~".unicodeScalars.contains(c)) { break }
            limit += 1
        }
        if at + 1 < r.upperBound, text.s[at + 1] == "生" { return text.string(at..<(at + 2)) }
        var best: Int?
        for e in Self.perEndings {
            if let k = text.s.findLast(e, from: at + 1, to: limit) {
                let end = k + e.count
                if best == nil || end > best! { best = end }
            }
        }
        guard var end = best else { return nil }
        if end < r.upperBound, text.s[end] == "(", let close = (end..<min(r.upperBound, end + 8)).first(where: { text.s[$0] == ")" }) { end = close + 1 }
        var start = at
        // `每生每年`: keep a chain of per-phrases.
        if start >= 2, text.s[start - 2] == "每" { start -= 2 }
        return text.string(start..<end)
    }

    /// `由2015年的83.2%提高到2020年的90.3%`, also with parallel lists: earlier values are baselines of later ones.
    private func pairBaselines(_ quantities: [QuantityScanner.Quantity], sentence: Range<Int>, baselines: inout [Int: Baseline], skipped: inout Set<Int>) {
        for verb in Self.changeVerbs {
            var from = sentence.lowerBound
            while let at = text.find(verb, in: from..<sentence.upperBound) {
                from = at + verb.count
                let clauseStart = clauseRange(around: at..<(at + 1), in: sentence).lowerBound
                guard let you = text.s.findLast("由".scalars, from: clauseStart, to: at) ?? text.s.findLast("从".scalars, from: clauseStart, to: at) else { continue }
                let before = quantities.indices.filter { quantities[$0].range.lowerBound > you && quantities[$0].range.upperBound <= at }
                let after = quantities.indices.filter { quantities[$0].range.lowerBound >= at + verb.count }.prefix(before.count)
                guard !before.isEmpty, before.count == after.count else { continue }
                let year = governingYearAfter(you)
                for (b, a) in zip(before, after) {
                    baselines[a] = Baseline(year: year, value: quantities[b].value)
                    skipped.insert(b)
                }
            }
        }
    }

    private func governingYearAfter(_ i: Int) -> Int? {
        let j = i + 1
        guard j + 5 <= text.count, (j..<(j + 4)).allSatisfy({ CharClass.isDigit(text.s[$0]) }), text.s[j + 4] == "年" else { return nil }
        return ChineseNumber.parseArabic(Array(text.s[j..<(j + 4)]))
    }

    /// `约束性` / `预期性` on an indicator-table row.
    private func attribute(in line: Range<Int>) -> String? {
        guard line.count <= 80 else { return nil }
        if text.contains("约束性".scalars, in: line) { return "binding" }
        if text.contains("预期性".scalars, in: line) { return "expected" }
        return nil
    }

    private func headingPath(of lineIndex: Int) -> [OutlineBuilder.Heading] {
        let offset = text.lines[lineIndex].lowerBound
        return outline.filter { $0.bodyRange.contains(offset) }
    }
}
