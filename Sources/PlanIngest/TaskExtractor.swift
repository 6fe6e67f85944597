import Foundation

/// Tasks with lead and cooperating departments, in the forms plans write them:
/// `（责任单位：区教育局、区人社局）` (the first named leads), a bare parenthesis of department names,
/// `（区科技和信息化局牵头，区财政局配合）`, `牵头单位：…；配合单位：…` inside or after a paragraph,
/// `X牵头，Y配合` and `X会同Y` sentences, and task tables (重点任务 | 牵头单位 | 责任单位).
struct TaskExtractor {
    let text: PlanText
    let outline: [OutlineBuilder.Heading]
    var tables: [TableReader.Table] = []

    struct Output {
        var tasks: [PlanTask] = []
        var departments: [String] = []
    }

    /// Why a task was proposed; the review page names each rule.
    enum Rule: String {
        /// A labelled clause: `责任单位：…`, `牵头单位：…；配合单位：…`.
        case labelledClause = "task.labelledClause"
        /// A parenthesis of department names at the end of a paragraph, the first leading.
        case departmentList = "task.departmentList"
        /// `X牵头，Y配合` or `X会同Y`.
        case relationVerb = "task.relationVerb"
        /// A row of a task table.
        case taskTable = "task.taskTable"

        var confidence: Double {
            switch self {
            case .labelledClause, .taskTable: 0.95
            case .departmentList: 0.85
            case .relationVerb: 0.8
            }
        }
    }

    private static let leadLabels = Lit.list([
        "牵头负责单位", "牵头单位", "牵头部门", "责任单位", "责任部门", "负责单位", "负责部门", "实施单位", "主责单位", "主责部门",
        "责任主体", "实施主体",
    ])
    private static let cooperationLabels = Lit.list(["配合单位", "参与单位", "协同单位", "协办单位", "配合部门", "参与部门", "协同部门"])
    /// Verbs after a name that say its part: `区教育局牵头`, `区财政局配合`.
    private static let leadVerbs = ["按职责分工负责", "按职责分工落实", "按职责负责", "分工负责", "共同负责", "牵头负责", "牵头", "负责", "主责"]
    private static let cooperationVerbs = ["按职责分工配合", "配合", "参与", "协同", "协助"]
    /// Labels naming the responsible leader, not a unit (`责任领导：分管副旗长`).
    private static let leaderLabels = Lit.list(["责任领导", "牵头领导", "分管领导", "责任人"])
    /// Endings of government department names.
    private static let departmentEndings = [
        "局", "委", "办", "厅", "部", "院", "会", "联", "处", "署", "中心", "公司", "集团", "队", "所", "站", "馆", "政府", "分局", "团委",
        "法院", "检察院", "办公室", "党校", "银行", "监狱", "室", "小组",
    ]
    private static let generic = ["有关部门", "相关部门", "各有关部门", "各相关部门", "有关单位", "相关单位", "各部门"]

    func extract(budget: IngestBudget = .unlimited()) throws(IngestError) -> Output {
        var out = Output()
        var tableAt: [Int: TableReader.Table] = [:]
        for table in tables where (table.roles.contains(.task) || table.isProjectTable) && !table.lines.isEmpty {
            tableAt[table.lines.lowerBound] = table
        }
        var n = 0
        while n < text.lines.count {
            try budget.count(0)
            if let table = tableAt[n] {
                let found = tableTasks(table)
                try budget.count(found.count)
                out.tasks += found
                n = max(n + 1, table.lines.upperBound)
                continue
            }
            let line = text.lines[n]
            if var clause = labelledClause(line) ?? responsibilityClause(line) {
                // A line that is nothing but the clause belongs to the paragraph or heading before it.
                let own = clause.rule == .labelledClause && clause.range.lowerBound - line.lowerBound <= 1 && n > 0 ? n - 1 : n
                var clauseLine = n
                // `配合单位：…` on the line after `牵头单位：…` belongs to the same task.
                if clause.rule == .labelledClause, n + 1 < text.lines.count, case let next = text.lines[n + 1],
                   let (start, names) = label(Self.cooperationLabels, in: next), start - next.lowerBound <= 1 {
                    clause.names += departments(names..<namesEnd(from: names, in: next)).filter { !clause.names.contains($0) }
                    clause.range = clause.range.lowerBound..<next.upperBound
                    clauseLine = n + 1
                    n += 1
                }
                out.tasks.append(task(line: own, clauseLine: clauseLine, names: clause.names, clause: clause.range, leadGiven: clause.lead,
                                      rule: clause.rule))
                try budget.count(1)
            } else {
                let clauses = relationClauses(line)
                for clause in clauses {
                    out.tasks.append(task(line: n, clauseLine: n, names: clause.names, clause: clause.range, leadGiven: clause.lead,
                                          rule: clause.rule, quoting: clauses.count > 1 ? clause.range : nil))
                }
                try budget.count(clauses.count)
            }
            n += 1
        }
        var seen = Set<String>()
        for t in out.tasks {
            for name in [t.lead].compactMap({ $0 }) + t.cooperating where !Self.generic.contains(name) && seen.insert(name).inserted {
                out.departments.append(name)
            }
        }
        return out
    }

    private typealias Clause = (range: Range<Int>, names: [String], lead: String?, rule: Rule)

    /// `quoting` narrows the quote to the clause when a paragraph holds several tasks.
    private func task(line n: Int, clauseLine: Int, names: [String], clause: Range<Int>, leadGiven: String?, rule: Rule,
                      quoting: Range<Int>? = nil) -> PlanTask {
        let line = text.lines[n]
        let lead = leadGiven ?? names.first
        let cooperating = names.filter { $0 != lead }
        let title: String
        if let heading = outline.first(where: { $0.line == n }) {
            title = text.string(heading.titleRange)
        } else {
            let first = text.sentences(in: line).first ?? line
            title = text.string(first.lowerBound..<min(first.upperBound, first.lowerBound + 40))
        }
        let quoted = quoting ?? line.lowerBound..<text.lines[clauseLine].upperBound
        return PlanTask(title: title, lead: lead, cooperating: cooperating, quote: text.quote(quoted), responsibilitySpan: text.span(clause),
                        rule: rule.rawValue, confidence: rule.confidence)
    }

    // MARK: forms

    /// `牵头单位：市人社局；配合单位：市委编办、市财政局` anywhere in the line, in brackets or not; the names run
    /// to the next label, `；`, `。` or the closing bracket.
    private func labelledClause(_ line: Range<Int>) -> Clause? {
        guard let (labelStart, namesStart) = label(Self.leadLabels, in: line) else { return nil }
        let leadEnd = namesEnd(from: namesStart, in: line)
        // `责任单位：省卫生健康委牵头，省妇联、省财政厅参与`: verbs inside the label say who leads.
        let (named, helping) = partsByRole(mergedGovernments(splitNames(namesStart..<leadEnd)))
        guard let first = named.first ?? helping.first else { return nil }
        var end = leadEnd
        var others = helping
        if let (_, cooperationStart) = label(Self.cooperationLabels, in: leadEnd..<line.upperBound) {
            end = namesEnd(from: cooperationStart, in: line)
            others += departments(cooperationStart..<end)
        }
        var start = labelStart
        // `责任领导：分管副旗长　责任单位：…`: a leader's label before the units is part of the clause.
        if let leader = label(Self.leaderLabels, in: line.lowerBound..<labelStart), leader.0 - line.lowerBound <= 1 { start = leader.0 }
        if start > line.lowerBound, "(（【[".unicodeScalars.contains(text.s[start - 1]) { start -= 1 }
        if end < line.upperBound, ")）】]".unicodeScalars.contains(text.s[end]) { end += 1 }
        return (start..<end, named + others.filter { !named.contains($0) }, first, .labelledClause)
    }

    /// Departments of `parts`, those marked as helping apart from the others. A verb after a name says
    /// the part of every name since the last verb: `X牵头，Y、Z参与` (Y and Z help), `X、Y配合` (both help).
    private func partsByRole(_ parts: [String]) -> (leading: [String], helping: [String]) {
        // `区妇联、区卫生健康局（牵头）、区财政局`: the marked unit leads wherever it stands.
        let marked = parts.filter { $0.hasSuffix("(牵头)") || $0.hasSuffix("（牵头）") }
        if !marked.isEmpty {
            return (marked.flatMap { departments(in: String($0.dropLast(4))) },
                    parts.filter { !marked.contains($0) }.flatMap { departments(in: $0) })
        }
        var leads: [String] = [], others: [String] = [], pending: [String] = []
        for part in parts {
            if let verb = Self.cooperationVerbs.first(where: { part.hasSuffix($0) }) {
                others += pending + departments(in: String(part.dropLast(verb.count)))
                pending = []
            } else if let verb = Self.leadVerbs.first(where: { part.hasSuffix($0) }) {
                leads += pending + departments(in: String(part.dropLast(verb.count)))
                pending = []
            } else {
                pending += departments(in: part)
            }
        }
        return (leads + pending, others)
    }

    /// The first label of `labels` in `r` followed by a colon: its start and where the names begin.
    private func label(_ labels: [[Unicode.Scalar]], in r: Range<Int>) -> (Int, Int)? {
        var best: (Int, Int)?
        for label in labels {
            guard let at = text.find(label, in: r) else { continue }
            var k = at + label.count
            guard k < r.upperBound, ":：".unicodeScalars.contains(text.s[k]) else { continue }
            k += 1
            if best == nil || at < best!.0 { best = (at, k) }
        }
        return best
    }

    private func namesEnd(from start: Int, in line: Range<Int>) -> Int {
        var depth = 0
        var k = start
        while k < line.upperBound {
            let c = text.s[k]
            if c == "(" || c == "（" { depth += 1 }
            if c == ")" || c == "）" { if depth == 0 { break }; depth -= 1 }
            if c == "】" || c == "]" { break }
            if depth == 0, "；;。".unicodeScalars.contains(c) { break }
            if depth == 0, (Self.cooperationLabels + Self.leadLabels).contains(where: { text.matches($0, at: k) }), k > start { break }
            k += 1
        }
        while k > start, CharClass.isSpace(text.s[k - 1]) || "，,".unicodeScalars.contains(text.s[k - 1]) { k -= 1 }
        return k
    }

    /// The last parenthesis of the paragraph when it names departments: `（市教育局、市财政局）`,
    /// `（区科技和信息化局牵头，区财政局配合）`, `（各县（市、区）人民政府负责）`.
    private func responsibilityClause(_ line: Range<Int>) -> Clause? {
        guard let close = (line.lowerBound..<line.upperBound).last(where: { text.s[$0] == ")" || text.s[$0] == "）" }),
              line.upperBound - close <= 3, let open = matchingOpen(close, from: line.lowerBound) else { return nil }
        let inner = (open + 1)..<close
        let parts = mergedGovernments(splitNames(inner))
        guard !parts.isEmpty else { return nil }
        let (leads, others) = partsByRole(parts)
        // Every part must be a department (or a list of them), so that a parenthesis of prose is not read.
        let all = leads + others
        guard !all.isEmpty, all.count >= parts.count, let first = leads.first ?? others.first else { return nil }
        return (open..<(close + 1), leads + others.filter { !leads.contains($0) }, first, .departmentList)
    }

    private func matchingOpen(_ close: Int, from start: Int) -> Int? {
        var depth = 0
        var k = close
        while k >= start {
            let c = text.s[k]
            if c == ")" || c == "）" { depth += 1 }
            if c == "(" || c == "（" { depth -= 1; if depth == 0 { return k } }
            k -= 1
        }
        return nil
    }

    /// `X牵头，Y配合`, `由X牵头`, `X会同Y`, `X负责…` at the start of a clause (after a heading marker and
    /// title). Each such clause is a task of its own, running to the next one or the sentence's end:
    /// `市发改局会同有关部门做好统筹协调，各县（市、区）人民政府负责组织实施。` holds two.
    private func relationClauses(_ line: Range<Int>) -> [Clause] {
        var found: [Clause] = []
        for sentence in text.sentences(in: line) {
            var start = sentence.lowerBound
            // Skip a heading marker, and the title when the sentence goes on after it.
            if sentence.lowerBound == line.lowerBound, let h = HeadingParser.parse(text.s, sentence.lowerBound, sentence.upperBound) {
                start = h.titleOnly ? h.marker.upperBound : h.title.upperBound
                while start < sentence.upperBound, "。.:： ".unicodeScalars.contains(text.s[start]) { start += 1 }
            }
            var clauseStarts = [start]
            for k in start..<sentence.upperBound where ",，".unicodeScalars.contains(text.s[k]) { clauseStarts.append(k + 1) }
            var inSentence: [Clause] = []
            for (c, clauseStart) in clauseStarts.enumerated() {
                var a = clauseStart
                if a < sentence.upperBound, text.s[a] == "由" { a += 1 }
                let clauseEnd = c + 1 < clauseStarts.count ? clauseStarts[c + 1] - 1 : sentence.upperBound
                guard let relation = relation(from: a, clauseEnd: clauseEnd, sentenceEnd: sentence.upperBound) else { continue }
                // The previous task of the sentence stops where this one starts.
                if let last = inSentence.popLast() { inSentence.append((last.range.lowerBound..<(clauseStart - 1), last.names, last.lead, last.rule)) }
                inSentence.append((a..<sentence.upperBound, relation.names, relation.lead, .relationVerb))
            }
            found += inSentence
        }
        return found
    }

    /// Departments from `a` followed by `会同`, `牵头` or `负责`, with those the sentence names beside them.
    private func relation(from a: Int, clauseEnd: Int, sentenceEnd: Int) -> (names: [String], lead: String)? {
        for verb in ["会同", "牵头", "按职责分工负责", "按职责分工落实", "负责"] {
            guard let at = text.find(verb.scalars, in: a..<min(clauseEnd, a + 30)) else { continue }
            let leadNames = departments(a..<at)
            guard leadNames.count == mergedGovernments(splitNames(a..<at)).count, let lead = leadNames.first else { continue }
            var others: [String] = []
            var e = at + verb.unicodeScalars.count
            while e < sentenceEnd, !"。;；".unicodeScalars.contains(text.s[e]) { e += 1 }
            if verb == "会同" {
                others = splitNames((at + 2)..<clauseEnd).map(strippingSuffixes).filter { isDepartment($0) || Self.generic.contains($0) }
            } else if verb == "牵头", clauseEnd < e,
                      let pei = Self.cooperationVerbs.compactMap({ text.find($0.scalars, in: clauseEnd..<e) }).min() {
                // `X牵头，Y、Z配合`
                others = departments((clauseEnd + 1)..<pei)
            }
            return (leadNames + others, lead)
        }
        return nil
    }

    // MARK: task tables

    /// One task per row: its title from the task column (a project table's name column), the lead from the
    /// lead column, the others from the cooperating column.
    private func tableTasks(_ table: TableReader.Table) -> [PlanTask] {
        table.rows.compactMap { row in
            guard let title = table.cell(row, .task) ?? table.cell(row, .item), let leadCell = table.cell(row, .lead) else { return nil }
            let leads = departments(leadCell)
            let others = table.cell(row, .cooperating).map(departments) ?? []
            guard let lead = leads.first ?? others.first else { return nil }
            return PlanTask(title: text.string(title), lead: lead, cooperating: (leads.dropFirst() + others).filter { $0 != lead },
                            quote: text.quote(row.range), responsibilitySpan: text.span(leadCell),
                            rule: Rule.taskTable.rawValue, confidence: Rule.taskTable.confidence)
        }
    }

    // MARK: names

    /// Parts at `、`, `，` and `；` outside brackets, and at `和`/`及`/`与` only between two department names
    /// (`市教育局和市财政局`), never inside one (`市人力资源和社会保障局`).
    private func splitNames(_ r: Range<Int>) -> [String] {
        var parts: [String] = []
        var depth = 0
        var start = r.lowerBound
        func close(_ end: Int) {
            let part = text.string(start..<end).trimmingCharacters(in: .whitespaces)
            if !part.isEmpty { parts.append(part) }
        }
        for k in r {
            let c = text.s[k]
            if c == "(" || c == "（" { depth += 1 } else if c == ")" || c == "）" { depth = max(0, depth - 1) }
            guard depth == 0 else { continue }
            if "、,，;；".unicodeScalars.contains(c) {
                close(k)
                start = k + 1
            } else if "和及与".unicodeScalars.contains(c), k > start,
                      Self.departmentEndings.contains(where: { text.string(start..<k).hasSuffix($0) }) {
                close(k)
                start = k + 1
            }
        }
        close(r.upperBound)
        return parts
    }

    private func strippingSuffixes(_ name: String) -> String {
        var n = String(name.drop { $0 == "(" || $0 == "（" })
        for suffix in ["等有关部门", "等相关部门", "等部门", "等单位", "等"] where n.hasSuffix(suffix) { n.removeLast(suffix.count); break }
        return n
    }

    private func departments(_ r: Range<Int>) -> [String] {
        mergedGovernments(splitNames(r)).map(strippingSuffixes).filter(isDepartment)
    }

    /// `各市（地）、县（市、区）人民政府` is one party: a part naming places joins the government after it.
    private func mergedGovernments(_ parts: [String]) -> [String] {
        var result: [String] = []
        for part in parts {
            if let last = result.last, last.hasPrefix("各"), !isDepartment(last), part.contains("政府") {
                result[result.count - 1] = last + "、" + part
            } else {
                result.append(part)
            }
        }
        return result
    }

    private func departments(in name: String) -> [String] {
        let n = strippingSuffixes(name.trimmingCharacters(in: .whitespaces))
        return isDepartment(n) ? [n] : []
    }

    private func isDepartment(_ name: String) -> Bool {
        let scalars = name.unicodeScalars
        guard (2...30).contains(scalars.count), scalars.allSatisfy({ CharClass.isHan($0) || "()（）、".unicodeScalars.contains($0) }),
              !scalars.contains(where: { "、".unicodeScalars.contains($0) }) || name.contains("(") || name.contains("（") else { return false }
        return Self.departmentEndings.contains { name.hasSuffix($0) }
    }
}
