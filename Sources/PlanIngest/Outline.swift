/// Builds the heading tree. Levels follow the order in which marker styles first appear,
/// so `一、` may be level 1 in one plan and level 2 under `第一章` in another.
struct OutlineBuilder {
    struct Heading {
        var node: OutlineNode
        var line: Int
        var titleRange: Range<Int>
        var bodyRange: Range<Int>
        /// The line holds nothing but the heading.
        var titleOnly: Bool
    }

    static func build(_ text: PlanText) -> [Heading] {
        var found: [(line: Int, match: HeadingParser.Match)] = []
        for (n, line) in text.lines.enumerated() {
            if let m = HeadingParser.parse(text.s, line.lowerBound, line.upperBound) { found.append((n, m)) }
        }
        // A style that shows up once with a large ordinal is a numbered sentence, not a heading level.
        var levelOf: [HeadingParser.Style: Int] = [:]
        var stack: [(style: HeadingParser.Style, index: Int)] = []
        var headings: [Heading] = []
        for (lineIndex, m) in found {
            let level: Int
            if let known = levelOf[m.style] {
                level = known
            } else {
                level = (stack.last.flatMap { levelOf[$0.style] } ?? 0) + 1
                levelOf[m.style] = level
            }
            while let top = stack.last, let topLevel = levelOf[top.style], topLevel >= level { stack.removeLast() }
            let parent = stack.last?.index
            let line = text.lines[lineIndex]
            let node = OutlineNode(level: level, marker: text.string(m.marker), style: m.style.rawValue, ordinal: m.ordinal,
                                   title: text.string(m.title), span: text.span(line), bodySpan: text.span(line), parent: parent)
            headings.append(Heading(node: node, line: lineIndex, titleRange: m.title, bodyRange: line, titleOnly: m.titleOnly))
            stack.append((m.style, headings.count - 1))
        }
        // Body: up to the next heading at the same or a higher level.
        for k in headings.indices {
            var end = text.count
            for j in (k + 1)..<headings.count where headings[j].node.level <= headings[k].node.level {
                end = text.lines[headings[j].line].lowerBound
                break
            }
            let start = text.lines[headings[k].line].lowerBound
            headings[k].bodyRange = start..<max(start, end)
            headings[k].node.bodySpan = text.span(headings[k].bodyRange)
        }
        return headings
    }
}
