/// Service domains, their item lists and the totals the plan claims.
struct DomainExtractor {
    let text: PlanText
    let outline: [OutlineBuilder.Heading]
    let tables: [TableReader.Table]

    struct Output {
        var domains: [Domain] = []
        var claimedTotal: ClaimedTotal?
        var warnings: [Warning] = []
        var repairs: [Repair] = []
    }

    /// Words that name public-service domains across plan generations.
    private static let domainVocabulary = Lit.list([
        "教育", "就业", "创业", "社会保险", "社会保障", "医疗", "卫生", "健康", "社会服务", "社会救助", "养老", "住房",
        "文化", "体育", "残疾人", "托育", "婴幼儿", "幼有所育", "学有所教", "劳有所得", "病有所医", "老有所养", "住有所居",
        "弱有所扶", "老有所养", "优军", "退役军人", "文体", "公共安全", "法律服务", "公共交通", "生态环保",
    ])
    /// Whether `name` holds a word of the domain vocabulary (`幼有所育`, `公共教育`).
    static func namesDomain(_ name: ArraySlice<Unicode.Scalar>) -> Bool {
        let scalars = Array(name)
        return domainVocabulary.contains { scalars.find($0) != nil }
    }

    /// Headings about the plan's machinery rather than a domain.
    private static let nonDomainWords = Lit.list([
        "改革", "创新", "实施", "保障措施", "总体", "背景", "指导思想", "原则", "目标", "机制", "监督", "评估", "资源保障",
        "制度", "均等共享", "公平共享", "协同发展", "重点任务", "服务清单",
    ])

    func extract() -> Output {
        var out = Output()
        out.claimedTotal = claimedTotal()
        let lists = itemLists()
        if !lists.isEmpty {
            for list in lists {
                let heading = enclosingHeading(of: list.sentence.lowerBound)
                let nameRange = heading?.titleRange ?? list.sentence
                var items = list.items.map { (name: text.string($0), range: $0) }
                if let claimed = list.claimed, items.count > claimed, let excised = excise(items: list.items, claimed: claimed, list: list) {
                    items = excised.items
                    out.repairs.append(excised.repair)
                }
                let name = text.string(nameRange)
                if let claimed = list.claimed, claimed != items.count {
                    out.warnings.append(Warning(code: "itemCountMismatch", message: "\(name): the plan claims \(claimed) items, \(items.count) are listed", span: text.span(list.sentence)))
                }
                out.domains.append(Domain(name: name, quote: text.quote(nameRange), claimedItemCount: list.claimed,
                                          items: items.map { ServiceItem(name: $0.name, quote: text.quote($0.range), rule: "item.claimedList", confidence: 0.9) }))
            }
        } else if case let tabled = tableDomains(), !tabled.isEmpty {
            // A catalogue of some domains (`实施标准（部分）`) leaves the others to the headings.
            out.domains = tabled
            for (name, range) in headingDomainNames() where !out.domains.contains(where: { $0.name == name || $0.name.contains(name) }) {
                out.domains.append(Domain(name: name, quote: text.quote(range), claimedItemCount: nil, items: []))
            }
        } else if case let numbered = numberedDomains(), !numbered.isEmpty {
            out.domains = numbered
        } else {
            let headings = domainHeadings()
            let listed = domainsInASentence()
            // A sentence that lists the domains (`涵盖公共教育、劳动就业…等九个领域`) names them when the
            // headings do not, or name fewer.
            if listed.count > headings.count {
                out.domains = listed.map { Domain(name: text.string($0), quote: text.quote($0), claimedItemCount: nil, items: []) }
            } else {
                out.domains = headings.map { h in Domain(name: text.string(h.titleRange), quote: text.quote(h.titleRange), claimedItemCount: nil, items: []) }
            }
            // Most plans name their services inside a domain's sentences: propose those for review.
            for k in out.domains.indices {
                out.domains[k].items = proseItems(of: out.domains[k].name, headings: headings)
            }
        }
        // Items read from prose are proposals, not the plan's list: they do not count against its total.
        mergeIncludedLists(into: &out.domains)
        let listed = out.domains.reduce(0) { $0 + $1.items.filter { $0.origin != "prose" }.count }
        if let total = out.claimedTotal {
            if listed == 0 {
                out.warnings.append(Warning(code: "itemsNotInText", message: "the plan claims \(total.items) service items but lists none in the text (they are likely in an attachment)", span: total.quote.span))
            } else if listed != total.items {
                out.warnings.append(Warning(code: "totalItemCountMismatch", message: "the plan claims \(total.items) service items, \(listed) are listed", span: total.quote.span))
            }
            if let d = total.domains, !out.domains.isEmpty, d != out.domains.count {
                out.warnings.append(Warning(code: "domainCountMismatch", message: "the plan claims \(d) domains, \(out.domains.count) were found", span: total.quote.span))
            }
        }
        return out
    }

    // MARK: claimed totals

    /// `81个项目`, `10个领域的96个服务项目`, `八大领域82个服务项目` — the first such claim.
    private func claimedTotal() -> ClaimedTotal? {
        let xiangmu = "项目".scalars
        for line in text.lines {
            var i = line.lowerBound
            while let at = text.find(xiangmu, in: i..<line.upperBound) {
                i = at + 2
                var k = at
                if k >= 2, text.matches("服务".scalars, at: k - 2) { k -= 2 }
                guard k >= 1, text.s[k - 1] == "个" else { continue }
                let numberEnd = k - 1
                var numberStart = numberEnd
                while numberStart > line.lowerBound, CharClass.isDigit(text.s[numberStart - 1]) { numberStart -= 1 }
                guard numberStart < numberEnd, let items = ChineseNumber.parseArabic(Array(text.s[numberStart..<numberEnd])), items >= 5 else { continue }
                let sentence = text.sentences(in: line).first { $0.contains(at) } ?? line
                return ClaimedTotal(items: items, domains: domainCount(before: numberStart, in: sentence), quote: text.quote(sentence))
            }
        }
        return nil
    }

    /// `10个领域` or `八大领域` shortly before the item count.
    private func domainCount(before end: Int, in sentence: Range<Int>) -> Int? {
        guard let at = text.s.findLast("领域".scalars, from: max(sentence.lowerBound, end - 12), to: end) else { return nil }
        var k = at
        if k > sentence.lowerBound, text.s[k - 1] == "个" || text.s[k - 1] == "大" { k -= 1 }
        var start = k
        while start > sentence.lowerBound, CharClass.isDigit(text.s[start - 1]) || ChineseNumber.isNumeral(text.s[start - 1]) { start -= 1 }
        let number = Array(text.s[start..<k])
        return ChineseNumber.parseArabic(number) ?? ChineseNumber.parse(number)
    }

    // MARK: item lists

    private struct ItemList {
        var sentence: Range<Int>
        var claimed: Int?
        var items: [Range<Int>]
        var listRange: Range<Int>
    }

    /// `本领域服务项目共8项，具体包括：A、B、C。`
    private func itemLists() -> [ItemList] {
        var lists: [ItemList] = []
        for line in text.lines {
            // Lists may use `;` between items, so a list runs to the full stop, not to the next `;`.
            for sentence in listSentences(in: line) {
                guard let gong = text.find("项目共".scalars, in: sentence) ?? text.find("服务共".scalars, in: sentence) else { continue }
                var n = gong + 3
                let numberStart = n
                while n < sentence.upperBound, CharClass.isDigit(text.s[n]) || ChineseNumber.isNumeral(text.s[n]) { n += 1 }
                let number = Array(text.s[numberStart..<n])
                guard n < sentence.upperBound, text.s[n] == "项", let claimed = ChineseNumber.parseArabic(number) ?? ChineseNumber.parse(number) else { continue }
                guard let colon = (n..<sentence.upperBound).first(where: { text.s[$0] == ":" || text.s[$0] == "：" }) else { continue }
                var end = sentence.upperBound
                while end > colon + 1, "。;；".unicodeScalars.contains(text.s[end - 1]) { end -= 1 }
                let listRange = (colon + 1)..<end
                lists.append(ItemList(sentence: sentence, claimed: claimed, items: split(listRange), listRange: listRange))
            }
        }
        return lists
    }

    /// Sentences of a line, those closed by `；` joined with the next: lists may use `；` between items, so a
    /// list runs to the full stop.
    private func listSentences(in line: Range<Int>) -> [Range<Int>] {
        text.sentences(in: line).reduce(into: [Range<Int>]()) { merged, r in
            if let last = merged.last, let end = text.s[last].last, end == ";" || end == "；" {
                merged[merged.count - 1] = last.lowerBound..<r.upperBound
            } else { merged.append(r) }
        }
    }

    /// Splits at `、` and `;` outside quotes and brackets.
    private func split(_ r: Range<Int>) -> [Range<Int>] {
        var parts: [Range<Int>] = []
        var start = r.lowerBound, depth = 0
        func close(_ end: Int) {
            var a = start, b = end
            while a < b, CharClass.isSpace(text.s[a]) { a += 1 }
            while b > a, CharClass.isSpace(text.s[b - 1]) || text.s[b - 1] == "等" { b -= 1 }
            if a < b { parts.append(a..<b) }
        }
        for i in r {
            let c = text.s[i]
            if "“《(（".unicodeScalars.contains(c) { depth += 1 }
            if "”》)）".unicodeScalars.contains(c) { depth = max(0, depth - 1) }
            if depth == 0, c == "、" || c == ";" || c == "；" {
                close(i)
                start = i + 1
            }
        }
        close(r.upperBound)
        return parts
    }

    /// Figure labels pasted into a list (a block repeated back to back, then more labels) inflate it.
    /// Cut from the start of the repeat to the point where the list shrinks to the claimed count and
    /// the two sides join into the most frequent bigram of the document.
    private func excise(items: [Range<Int>], claimed: Int, list: ItemList) -> (items: [(name: String, range: Range<Int>)], repair: Repair)? {
        guard let repeatStart = tandemRepeatStart(list.listRange),
              let startItem = items.firstIndex(where: { $0.upperBound > repeatStart }),
              repeatStart > items[startItem].lowerBound else { return nil }
        // Items before the cut stay; the cut item's head joins the tail of the item where the cut ends.
        let endItem = items.count - (claimed - startItem)
        guard endItem > startItem, endItem < items.count else { return nil }
        let tail = items[endItem]
        let left = text.s[repeatStart - 1]
        var best: (cut: Int, score: Int)?
        for cut in tail {
            let score = bigramCount(left, text.s[cut])
            if score > (best?.score ?? 0) { best = (cut, score) }
        }
        guard let cut = best?.cut else { return nil }
        var result = items[..<startItem].map { (name: text.string($0), range: $0) }
        let head = items[startItem].lowerBound..<repeatStart
        result.append((text.string(head) + text.string(cut..<tail.upperBound), head.lowerBound..<tail.upperBound))
        result += items[(endItem + 1)...].map { (name: text.string($0), range: $0) }
        let removed = repeatStart..<cut
        let repair = Repair(kind: "figureText", count: 1, detail: "figure labels pasted into an item list set aside (count-guided)",
                            samples: [RepairSample(before: text.string(removed), after: "", span: text.span(removed))])
        return (result, repair)
    }

    /// Start of the first block of ≥ 12 characters repeated immediately after itself.
    private func tandemRepeatStart(_ r: Range<Int>) -> Int? {
        let s = text.s
        for period in 12...max(12, min(200, r.count / 2)) {
            var run = 0
            var i = r.lowerBound
            while i + period < r.upperBound {
                if s[i] == s[i + period] {
                    run += 1
                    if run >= period { return i + 1 - period }
                } else { run = 0 }
                i += 1
            }
        }
        return nil
    }

    private func bigramCount(_ a: Unicode.Scalar, _ b: Unicode.Scalar) -> Int {
        var n = 0
        for i in 0..<(text.count - 1) where text.s[i] == a && text.s[i + 1] == b { n += 1 }
        return n
    }

    // MARK: domains and items in sentences

    /// `住有所居领域的服务项目包括公租房保障、城镇棚户区住房改造、农村危房改造等。`: the sentence names its domain
    /// and lists its items. They join the domain of that name (a new one when none has it), replacing what
    /// was only proposed from prose.
    private func mergeIncludedLists(into domains: inout [Domain]) {
        for (n, line) in text.lines.enumerated() {
            var lists: [(name: Range<Int>, items: Range<Int>)] = []
            for sentence in listSentences(in: line) {
                if let list = includedList(sentence, domains: domains) { lists.append(list) }
            }
            // `专栏8 文体服务保障基本公共服务项目` over a line of nothing but names.
            if lists.isEmpty, n > 0, text.matches("专栏".scalars, at: text.lines[n - 1].lowerBound),
               text.contains("项目".scalars, in: text.lines[n - 1]), !text.s[line].contains(where: CharClass.isSentenceEnd),
               let domain = enclosingDomain(of: line.lowerBound, domains: domains) {
                lists.append((domain, line))
            }
            for (nameRange, listRange) in lists {
                let items = split(listRange).map(trimmedItem).filter { $0.count >= 2 && $0.count <= 25 }
                guard items.count >= 2 else { continue }
                let name = text.string(nameRange)
                let listed = items.map { ServiceItem(name: text.string($0), quote: text.quote($0), rule: "item.includedList", confidence: 0.85) }
                if let k = domains.firstIndex(where: { $0.name == name || $0.name.contains(name) && !domains.contains { $0.name == name } }),
                   domains[k].name == name || !domains[k].name.contains("和") {
                    let kept = domains[k].items.filter { $0.origin != "prose" }
                    domains[k].items = kept + listed.filter { item in !kept.contains { $0.name == item.name } }
                } else {
                    domains.append(Domain(name: name, quote: text.quote(nameRange), claimedItemCount: nil, items: listed))
                }
            }
        }
    }

    /// `住有所居领域的服务项目包括A、B、C等。` (the domain named in the sentence) or `主要包括A、B、C等。` under a
    /// domain's heading: the domain's name and the list.
    private func includedList(_ sentence: Range<Int>, domains: [Domain]) -> (name: Range<Int>, items: Range<Int>)? {
        if let colon = (sentence.lowerBound..<sentence.upperBound).first(where: { ":：".unicodeScalars.contains(text.s[$0]) }) {
            var end = sentence.upperBound
            while end > colon + 1, "。;；".unicodeScalars.contains(text.s[end - 1]) { end -= 1 }
            let head = sentence.lowerBound..<colon
            // `幼有所育（4项）：A；B；C。`
            if let open = text.find("(".scalars, in: head), text.s[head].last == ")", Self.namesDomain(text.s[sentence.lowerBound..<open]),
               text.contains("项".scalars, in: open..<head.upperBound) {
                return (sentence.lowerBound..<open, (colon + 1)..<end)
            }
            // `本领域落实以下基本公共服务项目：①…；②…`
            if text.contains("以下".scalars, in: head), text.contains("项目".scalars, in: head) || text.contains("服务".scalars, in: head) {
                return enclosingDomain(of: sentence.lowerBound, domains: domains).map { ($0, (colon + 1)..<end) }
            }
        }
        guard let baokuo = text.find("包括".scalars, in: sentence) else { return nil }
        var start = baokuo + 2
        if start < sentence.upperBound, ":：".unicodeScalars.contains(text.s[start]) { start += 1 }
        var end = sentence.upperBound
        while end > start, "。;；".unicodeScalars.contains(text.s[end - 1]) { end -= 1 }
        if let lingyu = text.s.findLast("领域".scalars, from: sentence.lowerBound, to: baokuo) {
            let between = text.string((lingyu + 2)..<baokuo)
            guard ["的服务项目", "服务项目", "的基本公共服务项目", "的基本公共服务", "基本公共服务项目", "的项目", "主要", "的服务项目主要"]
                    .contains(between) || between.isEmpty else { return nil }
            var nameStart = lingyu
            while nameStart > sentence.lowerBound, CharClass.isHan(text.s[nameStart - 1]) { nameStart -= 1 }
            // `本领域…` names no domain: the heading does.
            if text.matches("本".scalars, at: nameStart) && lingyu - nameStart == 1 {
                return enclosingDomain(of: sentence.lowerBound, domains: domains).map { ($0, start..<end) }
            }
            guard lingyu - nameStart >= 2, lingyu - nameStart <= 12 else { return nil }
            return (nameStart..<lingyu, start..<end)
        }
        let opening = text.string(sentence.lowerBound..<baokuo)
        guard ["主要", "", "服务项目主要", "服务项目", "基本公共服务项目主要", "基本公共服务项目"].contains(opening) else { return nil }
        return enclosingDomain(of: sentence.lowerBound, domains: domains).map { ($0, start..<end) }
    }

    /// The title of the nearest heading above `offset` that names a domain.
    private func enclosingDomain(of offset: Int, domains: [Domain]) -> Range<Int>? {
        outline.last { h in
            h.bodyRange.contains(offset) && (isDomain(h) || domains.contains { $0.name == text.string(h.titleRange) })
        }?.titleRange
    }

    /// `…涵盖公共教育、劳动就业、社会保险…等九个领域`, `幼有所育、学有所教…八大领域`: the names before
    /// `等N个领域` / `N大领域` when there are at least three and most match the domain vocabulary.
    private func domainsInASentence() -> [Range<Int>] {
        for line in text.lines {
            for sentence in text.sentences(in: line) {
                guard let at = text.find("领域".scalars, in: sentence) else { continue }
                var k = at
                if k > sentence.lowerBound, "个大项".unicodeScalars.contains(text.s[k - 1]) { k -= 1 }
                while k > sentence.lowerBound, ChineseNumber.isNumeral(text.s[k - 1]) || CharClass.isDigit(text.s[k - 1]) { k -= 1 }
                guard k < at else { continue }
                var end = k
                if end > sentence.lowerBound, text.s[end - 1] == "等" { end -= 1 }
                var start = end
                while start > sentence.lowerBound, !",，:：;；".unicodeScalars.contains(text.s[start - 1]) { start -= 1 }
                // `涵盖`, `包括`, `覆盖` introduce the list.
                for verb in Lit.list(["涵盖", "包括", "包含", "覆盖", "分为", "涉及"]) {
                    if let v = text.s.findLast(verb, from: start, to: end) { start = v + verb.count }
                }
                let parts = split(start..<end).filter { $0.count >= 2 && $0.count <= 12 }
                guard parts.count >= 3, parts.filter({ p in Self.domainVocabulary.contains { text.contains($0, in: p) } }).count * 2 > parts.count
                else { continue }
                return parts
            }
        }
        return []
    }

    /// Words that end the name of a service (`…补助`, `…服务`, `…教育`).
    private static let serviceEndings = Lit.list([
        "服务", "补助", "补贴", "救助", "保险", "教育", "津贴", "资助", "援助", "保障", "筛查", "检查", "接种", "管理", "医疗", "补偿",
        "优待", "抚恤", "供养", "托养", "康复", "咨询", "培训", "指导", "介绍", "登记", "改善", "免费", "减免", "照料", "救治",
        "安置", "鉴定", "建档", "随访", "借阅", "开放", "放映", "广播", "电视", "健身", "演出", "阅读", "关爱", "帮扶", "托育",
    ])
    /// Verbs that open the list inside the sentence (`健全和完善…`, `落实…`).
    private static let listVerbs = Lit.list([
        "健全和完善", "建立健全", "健全", "完善", "落实", "实施", "推进", "提供", "开展", "做好", "加强", "保障", "推行", "深化", "实行",
        "加快培养", "培养", "加快发展", "大力发展", "发展", "扩大", "推广",
    ])

    /// Services a domain's sentences list (`健全和完善免费义务教育、农村义务教育学生营养餐改善、寄宿生生活补助…体系`):
    /// lists of three or more short names, most of them ending like a service, under the domain's heading.
    private func proseItems(of domain: String, headings: [OutlineBuilder.Heading]) -> [ServiceItem] {
        // The heading of this domain alone (`第一节 幼有所育`) before one it shares (`第三章 …幼有所育和学有所教…`).
        let named = outline.filter { h in
            let title = text.string(h.titleRange)
            return title.contains(domain) || domain.contains(title) && title.unicodeScalars.count >= 2
        }
        guard let heading = named.min(by: { $0.bodyRange.count < $1.bodyRange.count }) else { return [] }
        var items: [ServiceItem] = []
        var seen = Set<String>()
        for line in text.lines where heading.bodyRange.contains(line.lowerBound) && line.lowerBound != text.lines[heading.line].lowerBound {
            for sentence in text.sentences(in: line) {
                for list in enumerations(in: sentence) {
                    let names = list.map(trimmedItem)
                    let serviceLike = names.filter { r in Self.serviceEndings.contains { r.count > $0.count && text.matches($0, at: r.upperBound - $0.count) } }
                    guard names.count >= 3, serviceLike.count * 3 >= names.count * 2 else { continue }
                    for r in names where r.count >= 3 && r.count <= 16 && seen.insert(text.string(r)).inserted {
                        items.append(ServiceItem(name: text.string(r), quote: text.quote(r), origin: "prose", rule: "item.prose", confidence: 0.5))
                    }
                }
            }
        }
        return items
    }

    /// Runs of `、`-separated parts inside a sentence, each run within one clause.
    private func enumerations(in sentence: Range<Int>) -> [[Range<Int>]] {
        var runs: [[Range<Int>]] = []
        var clauseStart = sentence.lowerBound
        for i in sentence where i == sentence.upperBound - 1 || ",，;；:：。".unicodeScalars.contains(text.s[i]) {
            let end = ",，;；:：。".unicodeScalars.contains(text.s[i]) ? i : i + 1
            let parts = split(clauseStart..<end)
            if parts.count >= 3 { runs.append(parts) }
            clauseStart = i + 1
        }
        return runs
    }

    /// The name inside a listed part: after its number (`①`) and the verb that opens the list, before `等` and
    /// what follows it.
    private func trimmedItem(_ r: Range<Int>) -> Range<Int> {
        var a = r.lowerBound, b = r.upperBound
        while a < b, ChineseNumber.circled(text.s[a]) != nil || CharClass.isSpace(text.s[a]) { a += 1 }
        for verb in Self.listVerbs {
            if let at = text.s.findLast(verb, from: a, to: b), at + verb.count < b { a = at + verb.count; break }
        }
        if let deng = text.find("等".scalars, in: a..<b), deng > a { b = deng }
        for tail in Lit.list(["体系", "制度", "政策", "工作", "机制"]) where b - tail.count > a && text.matches(tail, at: b - tail.count) {
            b -= tail.count
        }
        return a..<b
    }

    // MARK: domains from the outline

    private func enclosingHeading(of offset: Int) -> OutlineBuilder.Heading? {
        outline.last { $0.bodyRange.contains(offset) }
    }

    private func isDomain(_ h: OutlineBuilder.Heading) -> Bool {
        Self.domainVocabulary.contains { text.contains($0, in: h.titleRange) }
            && !Self.nonDomainWords.contains { text.contains($0, in: h.titleRange) }
    }

    /// Item tables: one domain per group row (`一、幼有所育`), items with the table's other columns.
    private func tableDomains() -> [Domain] {
        var domains: [Domain] = []
        for table in tables where table.roles.contains(.item) && !table.isProjectTable {
            for row in table.rows {
                guard let item = table.cell(row, .item) else { continue }
                let group = row.group.map { g -> Range<Int> in
                    let named = g.lowerBound..<(TableReader.countSuffix(text.s, g) ?? g.upperBound)
                    return HeadingParser.parse(text.s, named.lowerBound, named.upperBound)?.title ?? named
                }
                let name = group.map(text.string) ?? ""
                if domains.last?.name != name {
                    domains.append(Domain(name: name, quote: text.quote(group ?? item), claimedItemCount: nil, items: []))
                }
                let details = ItemDetails(
                    targetPopulation: table.cell(row, .population).map(text.quote), content: table.cell(row, .content).map(text.quote),
                    standard: table.cell(row, .standard).map(text.quote), funding: table.cell(row, .funding).map(text.quote),
                    leadDepartment: table.cell(row, .lead).map(text.quote))
                domains[domains.count - 1].items.append(ServiceItem(name: text.string(item), quote: text.quote(item), itemDetails: details,
                                                                                 origin: "table", rule: "item.catalogueTable", confidence: 0.95))
            }
        }
        return domains
    }

    /// `（一）幼有所育` followed by item lines (`1.优孕优生服务`), each alone on its line.
    private func numberedDomains() -> [Domain] {
        var children: [Int: [OutlineBuilder.Heading]] = [:]
        for h in outline { if let p = h.node.parent { children[p, default: []].append(h) } }
        return outline.indices.compactMap { d in
            // Item lines, most of the domain's children: a paragraph numbered among them is not an item.
            guard isDomain(outline[d]), let all = children[d], case let items = all.filter(isItemLine),
                  items.count >= 2, items.count * 3 >= all.count * 2 else { return nil }
            let h = outline[d]
            return Domain(name: text.string(h.titleRange), quote: text.quote(h.titleRange), claimedItemCount: nil,
                          items: items.map { ServiceItem(name: text.string($0.titleRange), quote: text.quote($0.titleRange), rule: "item.numberedLine",
                                                         confidence: 0.85) })
        }
    }

    /// `1.优孕优生服务` alone on its line, or `1.免费义务教育：对义务教育阶段学生免除学杂费…` (a name, a colon
    /// and what the service is).
    private func isItemLine(_ h: OutlineBuilder.Heading) -> Bool {
        let describedAfterColon = h.titleRange.upperBound < text.count && ":：".unicodeScalars.contains(text.s[h.titleRange.upperBound])
        // A heading alone on its line with paragraphs under it is a section, not an item.
        return ["arabic", "parenArabic", "circled"].contains(h.node.style) && (h.titleOnly || describedAfterColon) && h.titleRange.count <= 25
            && (describedAfterColon || h.bodyRange.upperBound <= text.lines[h.line].upperBound + 1)
            && !text.s[h.titleRange].contains { $0 == "," || $0 == "，" || $0 == "、" }
    }

    /// The domains the headings name, a heading naming two (`住有所居和弱有所扶`) giving both.
    private func headingDomainNames() -> [(String, Range<Int>)] {
        domainHeadings().flatMap { h -> [(String, Range<Int>)] in
            let title = h.titleRange
            if let he = text.find("和".scalars, in: title), he > title.lowerBound,
               case let halves = [title.lowerBound..<he, (he + 1)..<title.upperBound],
               halves.allSatisfy({ half in Self.namesDomain(text.s[half]) }) {
                return halves.map { (text.string($0), $0) }
            }
            return [(text.string(title), title)]
        }
    }

    /// Sibling headings that name domains: the parent whose children match the vocabulary most.
    private func domainHeadings() -> [OutlineBuilder.Heading] {
        var groups: [String: [OutlineBuilder.Heading]] = [:]
        for h in outline where isDomain(h) {
            groups["\(h.node.parent ?? -1)/\(h.node.style)", default: []].append(h)
        }
        // Domains may sit under several chapters (`第一节 幼有所育` in one, `第一节 劳有所得` in the next): the
        // headings of one style at one level count together when no single parent holds three.
        if groups.values.allSatisfy({ $0.count < 3 }) {
            groups = Dictionary(grouping: outline.filter(isDomain)) { "\($0.node.level)/\($0.node.style)" }
        }
        guard let best = groups.values.max(by: { a, b in a.count != b.count ? a.count < b.count : a[0].line > b[0].line }), best.count >= 3 else { return [] }
        // `第三章 完善幼有所育和学有所教服务` over `第一节 幼有所育`, `第二节 学有所教`: chapters that each hold
        // several domains give way to the sections that name one each.
        let children = best.flatMap { parent in
            outline.filter { h in h.node.parent.map { outline[$0].line == parent.line } == true && isDomain(h) }
        }
        if children.count > best.count, best.filter({ h in Self.domainVocabulary.filter { text.contains($0, in: h.titleRange) }.count >= 2 }).count * 2 > best.count {
            return children
        }
        return best
    }
}
