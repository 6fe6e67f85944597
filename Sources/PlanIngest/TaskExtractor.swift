import Foundation

/// Tasks with lead and cooperating departments: `（责任单位：区教育局、区人社局）` (the first named leads),
/// a bare parenthesis of department names, `X牵头，Y配合`, `X会同Y`.
struct TaskExtractor {
    let text: PlanText
    let outline: [OutlineBuilder.Heading]

    struct Output {
        var tasks: [PlanTask] = []
        var departments: [String] = []
    }

    private static let labels = Lit.list(["责任单位", "牵头单位", "责任部门", "牵头部门", "负责单位", "实施单位"])
    private static let cooperationLabels = Lit.list(["配合单位", "参与单位", "协同单位", "协办单位", "配合部门"])
    /// Endings of government department names.
    private static let departmentEndings = [
        "局", "委", "办", "厅", "部", "院", "会", "联", "处", "署", "中心", "公司", "集团", "队", "所", "站", "馆", "政府", "分局", "团委",
    ]
    private static let generic = ["有关部门", "相关部门", "各有关部门", "各相关部门", "有关单位", "相关单位", "各部门"]

    func extract(budget: IngestBudget = .unlimited()) throws(IngestError) -> Output {
        var out = Output()
        for (n, line) in text.lines.enumerated() {
            try budget.count(0)
            if let clause = responsibilityClause(line) {
                out.tasks.append(task(line: n, names: clause.names, clause: clause.range, leadGiven: clause.lead))
                try budget.count(1)
            } else if let relation = relationSentence(line) {
                out.tasks.append(task(line: n, names: relation.names, clause: relation.range, leadGiven: relation.lead))
                try budget.count(1)
            }
        }
        var seen = Set<String>()
        for t in out.tasks {
            for name in [t.lead].compactMap({ $0 }) + t.cooperating where !Self.generic.contains(name) && seen.insert(name).inserted {
                out.departments.append(name)
            }
        }
        return out
    }

    private func task(line n: Int, names: [String], clause: Range<Int>, leadGiven: String?) -> PlanTask {
        let line = text.lines[n]
        let lead = leadGiven ?? names.first
        let cooperating = names.filter { $0 != lead }
        let heading = outline.first { $0.line == n }
        let title: String
        if let heading {
            title = text.string(heading.titleRange)
        } else {
            let first = text.sentences(in: line).first ?? line
            title = text.string(first.lowerBound..<min(first.upperBound, first.lowerBound + 40))
        }
        return PlanTask(title: title, lead: lead, cooperating: cooperating, quote: text.quote(line), responsibilitySpan: text.span(clause))
    }

    /// The last parenthesis of the paragraph when it names departments.
    private func responsibilityClause(_ line: Range<Int>) -> (range: Range<Int>, names: [String], lead: String?)? {
        guard let close = (line.lowerBound..<line.upperBound).last(where: { text.s[$0] == ")" || text.s[$0] == "）" }),
              line.upperBound - close <= 3,
              let open = (line.lowerBound..<close).last(where: { text.s[$0] == "(" || text.s[$0] == "（" }) else { return nil }
        var inner = (open + 1)..<close
        let labelled = Self.labels.contains { text.matches($0, at: inner.lowerBound) }
        if labelled, let colon = (inner.lowerBound..<min(inner.upperBound, inner.lowerBound + 8)).first(where: { text.s[$0] == ":" || text.s[$0] == "：" }) {
            inner = (colon + 1)..<inner.upperBound
        }
        // Notes after the names (`排名首位的为牵头部门，下同`) end at the first full stop.
        if let stop = (inner.lowerBound..<inner.upperBound).first(where: { text.s[$0] == "。" || text.s[$0] == ";" || text.s[$0] == "；" }) {
            let cooperation = Self.cooperationLabels.compactMap { text.find($0, in: stop..<inner.upperBound) }.first
            let leadNames = departments(inner.lowerBound..<stop)
            if let cooperation, let colon = (cooperation..<inner.upperBound).first(where: { text.s[$0] == ":" || text.s[$0] == "：" }) {
                let others = departments((colon + 1)..<inner.upperBound)
                guard !leadNames.isEmpty else { return nil }
                return (open..<(close + 1), leadNames + others, leadNames.first)
            }
            inner = inner.lowerBound..<stop
        }
        let names = departments(inner)
        guard !names.isEmpty else { return nil }
        // Without a label every name must look like a department.
        if !labelled, names.count != splitNames(inner).count { return nil }
        return (open..<(close + 1), names, nil)
    }

    /// `X牵头，Y配合` or `X会同Y` at the start of a sentence.
    private func relationSentence(_ line: Range<Int>) -> (range: Range<Int>, names: [String], lead: String?)? {
        for sentence in text.sentences(in: line) {
            var start = sentence.lowerBound
            // Skip a heading marker and title in front of the sentence.
            if let h = HeadingParser.parse(text.s, sentence.lowerBound, sentence.upperBound), !h.titleOnly, sentence.lowerBound == line.lowerBound {
                start = h.title.upperBound
                while start < sentence.upperBound, "。.:： ".unicodeScalars.contains(text.s[start]) { start += 1 }
            }
            for verb in ["会同", "牵头"] {
                guard let at = text.find(verb.scalars, in: start..<min(sentence.upperBound, start + 24)) else { continue }
                let leadNames = departments(start..<at)
                guard leadNames.count == splitNames(start..<at).count, let lead = leadNames.first else { continue }
                var others: [String] = []
                if verb == "会同" {
                    var e = at + 2
                    while e < sentence.upperBound, !",，。;；".unicodeScalars.contains(text.s[e]) { e += 1 }
                    others = splitNames((at + 2)..<e).filter { isDepartment($0) || Self.generic.contains($0) }
                    if let last = others.last, last.hasSuffix("等有关部门") { others[others.count - 1] = String(last.dropLast(5)) }
                }
                return (start..<sentence.upperBound, leadNames + others, lead)
            }
        }
        return nil
    }

    private func splitNames(_ r: Range<Int>) -> [String] {
        text.string(r).split(whereSeparator: { "、,，和及与".contains($0) }).map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    private func departments(_ r: Range<Int>) -> [String] {
        splitNames(r).map { name in
            var n = name
            for suffix in ["等有关部门", "等部门", "等单位", "等"] where n.hasSuffix(suffix) { n.removeLast(suffix.count) }
            return n
        }.filter(isDepartment)
    }

    private func isDepartment(_ name: String) -> Bool {
        let scalars = name.unicodeScalars
        guard (2...24).contains(scalars.count), scalars.allSatisfy({ CharClass.isHan($0) || "()（）".unicodeScalars.contains($0) }) else { return false }
        return Self.departmentEndings.contains { name.hasSuffix($0) }
    }
}
