/// Key projects: headings that name a 工程/项目/专栏, children of 保障工程/重点工程/建设项目 sections,
/// and `专栏` boxes, each with the quantities it promises.
struct ProjectExtractor {
    let text: PlanText
    let outline: [OutlineBuilder.Heading]

    private static let projectWords = Lit.list(["工程", "项目", "专栏"])
    private static let projectSections = Lit.list(["保障工程", "重点工程", "重大工程", "建设项目", "重点项目", "重大项目"])

    func extract() -> [Project] {
        var projects: [Project] = []
        for h in outline {
            let parentIsProjectSection = h.node.parent.map { p in Self.projectSections.contains { text.contains($0, in: outline[p].titleRange) } } ?? false
            let named = Self.projectWords.contains { text.contains($0, in: h.titleRange) }
                && !Self.projectSections.contains { text.contains($0, in: h.titleRange) } && h.titleRange.count <= 30
            guard named || parentIsProjectSection else { continue }
            projects.append(project(name: h.titleRange, body: h.bodyRange, rule: named ? "project.namedHeading" : "project.underProjectSection",
                                    confidence: named ? 0.85 : 0.75))
        }
        for line in text.lines where text.matches("专栏".scalars, at: line.lowerBound) && !projects.contains(where: { $0.quote.span.start == line.lowerBound }) {
            let end = text.sentences(in: line).first?.upperBound ?? line.upperBound
            projects.append(project(name: line.lowerBound..<min(end, line.lowerBound + 30), body: line, rule: "project.columnBox", confidence: 0.8))
        }
        return projects
    }

    private func project(name: Range<Int>, body: Range<Int>, rule: String, confidence: Double) -> Project {
        var quantities: [ProjectQuantity] = []
        for n in text.lines.indices where body.contains(text.lines[n].lowerBound) {
            let line = text.lines[n]
            let scanner = QuantityScanner(text.s, line: line)
            for q in scanner.quantities(in: line) {
                var a = q.range.upperBound, phraseEnd = a
                while phraseEnd < line.upperBound, phraseEnd - a < 20, !",，。;；、".unicodeScalars.contains(text.s[phraseEnd]) { phraseEnd += 1 }
                if phraseEnd == a { a = q.range.lowerBound }
                quantities.append(ProjectQuantity(value: q.value, unit: q.unit, phrase: text.string(q.range.lowerBound..<phraseEnd), span: text.span(q.range)))
            }
        }
        return Project(name: text.string(name), quote: text.quote(name), quantities: quantities, rule: rule, confidence: confidence)
    }
}
